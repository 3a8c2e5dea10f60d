"""The erasure record, read-only, for the data protection officer's audit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samtale.privacy.models import Erasure


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ("at", "why", "by_name", "reason")
    list_filter = ("why",)
    readonly_fields = ("person_id", "why", "reason", "by_name", "at", "counts")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
