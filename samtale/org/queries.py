"""Reads of the organisation. Viewer-aware reads go through ``visible_to(viewer)``;
the rules themselves stand in ``samtale.org.policy``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from samtale.lib.prepared import Prepared

if TYPE_CHECKING:
    from samtale.org.models import Person, Team
    from samtale.org.search import Terms
    from samtale.org.viewer import Viewer


def active_q(prefix: str = "", day: datetime.date | None = None) -> Q:
    """People employed on ``day`` (today): no end date, or one not yet passed."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})


def on_leave_q(prefix: str = "", day: datetime.date | None = None) -> Q:
    """People on leave on ``day`` (today): their leave has begun and not yet ended."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}leave_from__lte": day}) & (
        Q(**{f"{prefix}leave_until__isnull": True}) | Q(**{f"{prefix}leave_until__gte": day})
    )


class _Count(Func):
    """COUNT(*) as a scalar subquery column (no GROUP BY)."""

    function = "COUNT"
    template = "%(function)s(*)"
    output_field = models.IntegerField()

    def __init__(self, **extra: Any) -> None:
        super().__init__(**extra)


def count_of(queryset: models.QuerySet) -> Coalesce:
    """The number of rows of ``queryset`` as a correlated subquery (0 when none)."""
    counted = queryset.order_by().annotate(n=_Count()).values("n")
    return Coalesce(Subquery(counted), 0)


class OrgUnitQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> OrgUnitQuerySet:
        from samtale.org import policy

        return self.filter(policy.unit_visible_q(viewer))

    def search(self, viewer: Viewer, terms: Terms) -> OrgUnitQuerySet:
        """The units the viewer may see that match ``terms``, best first
        (``samtale.org.search``)."""
        from samtale.org import search

        return search.units(self.visible_to(viewer), terms)

    def below(self, unit: Any, include_self: bool = True) -> OrgUnitQuerySet:
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def tops_for(self, viewer: Viewer) -> OrgUnitQuerySet:
        """The highest units of the viewer's scope: visible units whose parent is not."""
        visible = self.visible_to(viewer)
        return visible.exclude(parent__in=visible.values("pk"))

    def with_child_counts(self) -> OrgUnitQuerySet:
        """Annotate ``child_count`` (the units directly below), a correlated subquery
        on the parent index. The people counts are ``samtale.org.headcount``'s."""
        from samtale.org.models import OrgUnit

        return self.annotate(child_count=count_of(OrgUnit.objects.filter(parent=OuterRef("pk"))))


class PersonQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> PersonQuerySet:
        from samtale.org import policy

        return self.filter(policy.person_visible_q(viewer))

    def search(self, viewer: Viewer, terms: Terms) -> PersonQuerySet:
        """The people the viewer may see that match ``terms``, best first
        (``samtale.org.search``)."""
        from samtale.org import search

        return search.people(self.visible_to(viewer), viewer, terms)

    def suggested(self, viewer: Viewer, terms: Terms, limit: int) -> list[Any]:
        """At most ``limit + 1`` of the people the viewer may see that match ``terms``,
        for the list under the search box (``samtale.org.search.suggested_people``)."""
        from samtale.org import search

        return search.suggested_people(self.visible_to(viewer), viewer, terms, limit)

    def active(self, day: datetime.date | None = None) -> PersonQuerySet:
        return self.filter(active_q(day=day))

    def led_by(self, viewer: Viewer) -> PersonQuerySet:
        """Everyone the viewer leads, directly and through the tree."""
        from samtale.org import policy

        return self.filter(policy.led_people_q(viewer))

    def reports_of(self, person: Any) -> PersonQuerySet:
        return self.filter(manager=person)

    def for_list(self) -> PersonQuerySet:
        return self.select_related("unit", "professional_group", "manager").order_by("name", "pk")

    def with_report_counts(self, day: datetime.date | None = None) -> PersonQuerySet:
        """``report_count``: the person's direct reports active on ``day`` (today)."""
        return self.annotate(report_count=count_of(_active_reports(day)))

    def with_leads_others(self) -> PersonQuerySet:
        """``leads_others``: whether the person has active reports (``report_count > 0``
        without counting them: PostgreSQL plans it as cheap, whatever the org's size)."""
        return self.annotate(leads_others=Exists(_active_reports()))


def _active_reports(day: datetime.date | None = None) -> Any:
    """The people active on ``day`` (today) whose nearest leader is the outer row's
    person."""
    from samtale.org.models import Person

    return Person.objects.filter(active_q(day=day), manager=OuterRef("pk"))


class TeamQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> TeamQuerySet:
        from samtale.org import policy

        return self.filter(policy.team_visible_q(viewer))

    def with_member_counts(self, day: datetime.date | None = None) -> TeamQuerySet:
        """``member_count``: the team's members active on ``day`` (today)."""
        from samtale.org.models import Team

        members = Team.members.through.objects.filter(
            active_q("person__", day), team_id=OuterRef("pk")
        )
        return self.annotate(member_count=count_of(members))

    def for_list(self) -> TeamQuerySet:
        return self.select_related("unit", "leader").order_by("name", "pk")


def teams_led_by(person: Person, day: datetime.date | None = None) -> list[Team]:
    """The teams ``person`` leads, by name, each with ``member_count`` (members active on
    ``day``, today): the home page's and "Mine medarbejdere"'s, asked on every visit, so
    built and compiled once per process."""
    return _teams_led(person.pk, day or timezone.localdate())


def _teams_led_query(person_pk: int, day: datetime.date) -> TeamQuerySet:
    from samtale.org.models import Team

    return Team.objects.filter(leader=person_pk).with_member_counts(day).order_by("name", "pk")


_teams_led = Prepared(_teams_led_query, kinds=(int, datetime.date))


def led_until(person: Any, leader_id: int) -> datetime.datetime | None:
    """When ``leader_id`` last stopped being the person's nearest leader (the latest kept
    ``LeaderChange`` away from them), or None when no such change is kept. Kept on the
    person for the request: rules ask it more than once."""
    cache = person.__dict__.setdefault("_led_until", {})
    if leader_id not in cache:
        from samtale.org.models import LeaderChange

        cache[leader_id] = (
            LeaderChange.objects.filter(person_id=person.pk, previous_id=leader_id)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
    return cache[leader_id]


LEADER_CHANGES_SHOWN = 3


def _leader_changes_of(pk: int) -> models.QuerySet:
    from samtale.org.models import LeaderChange

    return (
        LeaderChange.objects.filter(person_id=pk)
        .select_related("previous", "leader")
        .order_by("-at", "-pk")[:LEADER_CHANGES_SHOWN]
    )


# asked by every person page a leader or HR opens: compiled once per process
_leader_changes = Prepared(_leader_changes_of)


def latest_leader_changes(person: Any) -> list[Any]:
    """The person's latest ``LEADER_CHANGES_SHOWN`` changes of nearest leader (import,
    SCIM or by hand), newest first, with both leaders: one query."""
    return _leader_changes(person.pk)
