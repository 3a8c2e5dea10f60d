"""The admin shows the kinds of conversation only. Conversations, preparations, notes,
summaries and documents are conversation content and never appear here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samtale.conversations.models import ConversationKind


@admin.register(ConversationKind)
class ConversationKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name_da", "mandatory", "frequency", "default_duration")
    readonly_fields = ("code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
