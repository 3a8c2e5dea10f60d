"""The tokens in the admin: made there too (the secret is shown once, in the message
after saving), revoked by an action; the log of SCIM's writes, read only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.scim import tokens
from samtale.scim.models import ScimChange, ScimToken


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at", "created_by", "last_used_at", "revoked_at")
    fields = ("name", "created_at", "created_by", "last_used_at", "revoked_at")
    readonly_fields = ("created_at", "created_by", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ScimToken, form: Any, change: bool) -> None:
        person = getattr(request.user, "person", None)
        created, secret = tokens.create_token(obj.name, by=person)
        obj.pk, obj.secret_hash = created.pk, created.secret_hash
        messages.warning(
            request,
            _("The token's secret, shown only now: %(secret)s") % {"secret": secret},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ScimToken]) -> None:
        for token in queryset:
            tokens.revoke_token(token)


@admin.register(ScimChange)
class ScimChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "token_name", "person", "action", "fields")
    list_filter = ("action", "token_name")
    raw_id_fields = ("person", "token")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
