"""Administration of the organisation. Saves go through the services so that the
materialised paths stay true."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from samtale.org import services, signals
from samtale.org.models import LeaderHandover, OrgUnit, Person, ProfessionalGroup, RoleGrant, Team
from samtale.org.viewer import acting_login


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent")
    search_fields = ("name", "code")
    raw_id_fields = ("parent",)
    ordering = ("path",)

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        if not change:
            created = services.create_unit(code=obj.code, name=obj.name, parent=obj.parent)
            obj.pk, obj.path = created.pk, created.path
            return
        parent = obj.parent
        original = OrgUnit.objects.get(pk=obj.pk)
        obj.path = original.path
        services.update_unit(obj, name=obj.name, parent=parent)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "employee_number", "unit", "manager", "job_title", "end_date")
    search_fields = ("name", "employee_number", "email")
    list_filter = ("professional_group",)
    raw_id_fields = ("unit", "manager", "user")
    list_select_related = ("unit", "manager")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # People who leave get an end date; they are never deleted (history stays).
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """The form checks the organisation's rules before anything is saved: the
        administrator does not make themselves the person's leader, and links no login
        that is theirs, an administrator's or HR's (``samtale.org.services``)."""
        base = super().get_form(request, obj, change, **kwargs)
        by = _acting_person(request)

        class CheckedForm(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                # self.instance is still as stored: the form's values are set on it later.
                try:
                    services.check_not_own_leader(self.instance, cleaned.get("manager"), by=by)
                except ValidationError as error:
                    self.add_error("manager", error)
                user = cleaned.get("user")
                if user is not None and user.pk != self.instance.user_id:
                    try:
                        services.check_login_link(self.instance, user, by=acting_login(request))
                    except ValidationError as error:
                        self.add_error("user", error)
                return cleaned

        return CheckedForm

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        manager, user, email = obj.manager, obj.user, obj.email
        stored = (
            Person.objects.values("user_id", "email", "line_path", "manager_id").get(pk=obj.pk)
            if change
            else None
        )
        obj.user_id = stored["user_id"] if stored else None  # by link_login: told
        if stored is None:
            obj.save()
            obj.line_path = ""
        else:
            # the leader as stored: set_manager changes it (and keeps the change); the
            # address too: change_email tells the person at the old one
            obj.line_path, obj.manager_id = stored["line_path"], stored["manager_id"]
            obj.email = stored["email"]
            obj.save()
        services.set_manager(obj, manager, by=_acting_person(request))
        if obj.end_date is not None and obj.end_date < timezone.localdate():
            signals.people_left.send(Person, person_ids=[obj.pk])  # their sessions end now
        # The login first, so that the person hears of it at the address they had.
        if user is None:
            services.unlink_login(obj, by=acting_login(request))
        else:
            services.link_login(obj, user, by=acting_login(request))
        if stored is not None:
            services.change_email(obj, email, by=acting_login(request))


def _acting_person(request: HttpRequest) -> Person | None:
    return getattr(request.user, "person", None)


@admin.register(LeaderHandover)
class LeaderHandoverAdmin(admin.ModelAdmin):
    list_display = ("leaver", "successor", "by_name", "at", "people")
    search_fields = ("leaver__name", "successor__name")
    list_select_related = ("leaver", "successor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by the handover page (samtale.org.leaving)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "leader")
    search_fields = ("name",)
    raw_id_fields = ("unit", "leader", "members")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """A team's leader is its members' leader (GRUS): the administrator does not make
        themselves the leader of a team, nor add people to a team they lead
        (``services.check_not_own_team_leader``)."""
        base = super().get_form(request, obj, change, **kwargs)
        by = _acting_person(request)

        class CheckedForm(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                # self.instance and its members are still as stored
                try:
                    services.check_not_own_team_leader(
                        self.instance,
                        cleaned.get("leader"),
                        cleaned.get("members") or [],
                        by=by,
                    )
                except ValidationError as error:
                    field = "leader" if error.code == "own_team_leader" else "members"
                    self.add_error(field, error)
                return cleaned

        return CheckedForm


@admin.register(ProfessionalGroup)
class ProfessionalGroupAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Grants go through the services: nobody gives themselves a role, and every grant and
    removal is recorded and told to the person."""

    list_display = ("person", "role", "unit")
    list_filter = ("role",)
    raw_id_fields = ("person", "unit")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change, **kwargs)
        by = _acting_person(request)

        class CheckedForm(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                person = cleaned.get("person")
                if person is not None:
                    try:
                        services.check_not_own_role(person, by=by)
                    except ValidationError as error:
                        self.add_error("person", error)
                return cleaned

        return CheckedForm

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        if change:
            services.change_role_grant(
                obj, person=obj.person, role=obj.role, unit=obj.unit, by=acting_login(request)
            )
            return
        obj.pk = services.grant_role(obj.person, obj.role, obj.unit, by=acting_login(request)).pk

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        services.remove_role(obj, by=acting_login(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for grant in queryset.select_related("person", "unit"):
            services.remove_role(grant, by=acting_login(request))
