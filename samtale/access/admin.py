from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from samtale.access import readlog
from samtale.access.models import OidcIdentity, User
from samtale.org import emails as org_emails
from samtale.org import services as org_services
from samtale.org.models import Person
from samtale.org.viewer import Login, acting_login


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

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """A new e-mail address is the login's new user name (a password reset then goes
        there), and closing or reopening it decides who logs in: the person whose login
        it is is told, at the old address and the new (``org.services.login_changed``)."""
        before = User.objects.filter(pk=obj.pk).values("email", "is_active").first()
        super().save_model(request, obj, form, change)
        if change and before is not None:
            org_services.login_changed(
                obj,
                by=acting_login(request),
                email_before=before["email"],
                active_before=before["is_active"],
            )

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        _unlink_before_deleting([obj.pk], by=acting_login(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        _unlink_before_deleting(
            list(queryset.values_list("pk", flat=True)), by=acting_login(request)
        )
        super().delete_queryset(request, queryset)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """An administrator who sets someone else's password could log in as them: the
        person whose login it is is told, and sees it with the reads of their
        conversations."""
        pk = unquote(id)
        before = User.objects.filter(pk=pk).values_list("password", flat=True).first()
        response: HttpResponse = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=pk).select_related("person").first()
        if (
            request.method == "POST"
            and user is not None
            and user.password != before
            and user.pk != request.user.pk
        ):
            _password_set(user, by=acting_login(request))
        return response


def _unlink_before_deleting(user_ids: list[Any], *, by: Login) -> None:
    """A deleted login is taken from its person first: recorded and told."""
    for person in Person.objects.filter(user_id__in=user_ids):
        org_services.unlink_login(person, by=by)


def _password_set(user: User, *, by: Login) -> None:
    person = getattr(user, "person", None)
    if person is None:
        return
    readlog.record_password_set(person, user, by=by)
    if person.email:
        org_emails.send_password_set(person, user, by=by)


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    """Deleting one lets the login be linked to a new subject at the next single sign-on."""

    list_display = ("user", "issuer", "subject", "created", "last_login")
    search_fields = ("user__email", "subject")
    readonly_fields = ("user", "issuer", "subject", "created", "last_login")

    def has_add_permission(self, request: Any) -> bool:
        return False
