from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samtale.core.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The mail queue, read-only: what went out, what waits, and why it failed. Never the
    bodies: a cancellation carries the leader's reason, and delivery is judged without
    them (recipients, subject, status, attempts, the last error)."""

    list_display = ["created", "subject", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    date_hierarchy = "created"
    exclude = ["text", "html", "calendar", "attachments"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
