"""What the organisation holds about a person (``samtale.core.personal_data``): the
person's record, teams, role grants and changes of leader.

Erasure keeps the person's row as an anonymous shell (no name, e-mail, employee number,
job title, dates of employment or leave; the unit and professional group stay), so that
every conversation, round and count that points at it stays whole and counts right,
while nothing in it says who it was. It runs last (``order``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core.personal_data import COVERED, NO_PERSONAL_DATA, Counts, Holding
from samtale.org.models import LeaderChange, LeaderHandover, Person, RoleGrant


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(viewer: Any) -> dict[str, Any]:
    person: Person = Person.objects.select_related("unit", "professional_group", "manager").get(
        pk=viewer.person.pk
    )
    return {
        "person": {
            "name": person.name,
            "email": person.email,
            "employee_number": person.employee_number,
            "job_title": person.job_title,
            "professional_group": str(person.professional_group or ""),
            "unit": str(person.unit or ""),
            "nearest_leader": person.manager.name if person.manager else "",
            "employment_start": _day(person.start_date),
            "employment_end": _day(person.end_date),
            "weekly_hours": str(person.weekly_hours) if person.weekly_hours is not None else None,
            "on_leave_from": _day(person.leave_from),
            "on_leave_until": _day(person.leave_until),
        },
        "teams": [team.name for team in person.teams.order_by("name")],
        "roles": [
            {"role": grant.get_role_display(), "unit": grant.unit.name}
            for grant in RoleGrant.objects.filter(person=person).select_related("unit")
        ],
        "changes_of_leader": [
            {
                "at": timezone.localtime(change.at).isoformat(),
                "previous": change.previous.name if change.previous else "",
                "new": change.leader.name if change.leader else "",
            }
            for change in LeaderChange.objects.filter(person=person).select_related(
                "previous", "leader"
            )
        ],
    }


def erased_name() -> str:
    """What an erased person is called, in the organisation's language (stored)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _("Erased person")


def erase(person: Any) -> Counts:
    counts = {
        _("Organisation: role grants"): RoleGrant.objects.filter(person=person).delete()[0],
        _("Organisation: changes of leader"): LeaderChange.objects.filter(person=person).delete()[
            0
        ],
        _("Organisation: team memberships"): person.teams.count(),
    }
    person.teams.clear()
    # A leaving leader's handover stays as HR's record of who took over, without the
    # reason (it may name the leaver); HR's name goes where the erased person handed over.
    counts[_("Organisation: handovers from a leaving leader")] = LeaderHandover.objects.filter(
        leaver=person
    ).update(reason="")
    if person.user_id:
        LeaderHandover.objects.filter(by_id=person.user_id).update(by_name=erased_name())
    Person.objects.filter(pk=person.pk).update(
        name=erased_name(),
        email="",
        employee_number=None,
        job_title="",
        start_date=None,
        end_date=person.end_date or timezone.localdate(),
        weekly_hours=None,
        leave_from=None,
        leave_until=None,
        user=None,
    )
    from samtale.org import headcount

    headcount.changed()
    counts[_("Organisation: people made anonymous")] = 1
    return counts


HOLDING = Holding(
    app="org",
    order=100,
    models={
        "org.OrgUnit": NO_PERSONAL_DATA,
        "org.ProfessionalGroup": NO_PERSONAL_DATA,
        "org.OrgVersion": NO_PERSONAL_DATA,
        "org.Person": COVERED,
        "org.LeaderChange": COVERED,
        "org.LeaderHandover": COVERED,
        "org.Team": COVERED,
        "org.RoleGrant": COVERED,
    },
    export=export,
    erase=erase,
)
