"""Forms in the admin, read only: they are built and published on the builder pages
(/samtaleskemaer/), where the services keep published versions unchanged.

Filled-in forms (Response, Answer) are conversation content: never in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samtale.questionnaires.models import Questionnaire, QuestionnaireVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = QuestionnaireVersion
    fields = ("number", "status", "published_at", "published_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ("name", "family", "language", "updated")
    list_filter = ("language",)
    search_fields = ("name", "family")
    inlines = [VersionInline]
