"""Administration of the organisation. Saves go through the services so that the
materialised paths stay true."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from samtale.org import services, signals
from samtale.org.models import LeaderHandover, OrgUnit, Person, ProfessionalGroup, RoleGrant, Team


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

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        manager = obj.manager
        if not change:
            obj.save()
            obj.line_path = ""
        else:
            stored = Person.objects.values("line_path", "manager_id").get(pk=obj.pk)
            # the leader as stored: set_manager changes it (and keeps the change)
            obj.line_path, obj.manager_id = stored["line_path"], stored["manager_id"]
            obj.save()
        services.set_manager(obj, manager)
        if obj.end_date is not None and obj.end_date < timezone.localdate():
            signals.people_left.send(Person, person_ids=[obj.pk])  # their sessions end now


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


@admin.register(ProfessionalGroup)
class ProfessionalGroupAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "unit")
    list_filter = ("role",)
    raw_id_fields = ("person", "unit")
