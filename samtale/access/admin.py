from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from samtale.access.models import OidcIdentity, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "is_active", "is_staff", "last_login")
    search_fields = ("email",)
    list_filter = ("is_active", "is_staff", "is_superuser")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    """Deleting one lets the login be linked to a new subject at the next single sign-on."""

    list_display = ("user", "issuer", "subject", "created", "last_login")
    search_fields = ("user__email", "subject")
    readonly_fields = ("user", "issuer", "subject", "created", "last_login")

    def has_add_permission(self, request: Any) -> bool:
        return False
