"""A leader who leaves: HR sees the development plans of the people they lead on the
handover page, and the plans follow the people to the successor (registered with
``samtale.org.leaving`` in ``DevelopmentConfig.ready``).

Nothing is written: a plan belongs to its person, so once the successor is the
person's nearest leader they read and follow up on all of the person's plans
(``policy.can_read_person_plans``), and the next conversation shows the latest; the
leaver keeps their reading for ``SAMTALE_PLAN_HANDOVER_DAYS`` like any former leader.
The plan of an open conversation moves with the conversation
(``samtale.conversations.leaving``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Max
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samtale.org.leaving import OpenWork
from samtale.org.models import Person

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def _people(leaver: Person) -> list[Person]:
    return list(
        Person.objects.active()
        .filter(manager=leaver)
        .annotate(plans=Count("development_plans"), latest=Max("development_plans__created_at"))
        .order_by("name", "pk")
    )


def items(leaver: Person) -> list[str]:
    """Each person the leaver leads with how many development plans they have and when
    the latest was made (no content). One query."""
    lines = []
    for person in _people(leaver):
        if person.plans:  # type: ignore[attr-defined]
            lines.append(
                ngettext(
                    "%(name)s: %(count)s development plan, the latest from %(date)s",
                    "%(name)s: %(count)s development plans, the latest from %(date)s",
                    person.plans,  # type: ignore[attr-defined]
                )
                % {
                    "name": person.name,
                    "count": person.plans,  # type: ignore[attr-defined]
                    "date": date_format(localtime(person.latest), "DATE_FORMAT"),  # type: ignore[attr-defined]
                }
            )
        else:
            lines.append(_("%(name)s: no development plan yet") % {"name": person.name})
    return lines


def hand_over(leaver: Person, successor: Person, by: Viewer) -> int:
    """The plans follow their people (see the module's text): how many go along."""
    return sum(person.plans for person in _people(leaver))  # type: ignore[attr-defined]


WORK = OpenWork(
    name="plans",
    heading=gettext_lazy("Development plans of the people they lead"),
    waiting=None,
    items=items,
    hand_over=hand_over,
)
