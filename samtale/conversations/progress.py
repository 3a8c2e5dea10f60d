"""How far a leader's people and teams are with this year's conversations: counts only,
never content, never names.

For each kind that counts (``policy.counts_in_progress``: the mandatory, yearly kinds;
never a voluntary En-til-en or an on-request follow-up) and each of the leader's active
direct reports who is offered it (``policy.is_offered``: LUS for someone who leads others,
MUS for the rest), or each team the leader leads (GRUS): has this year's conversation
been held, is it planned (or invited), or is it missing? A cancelled conversation does not
count, so a person whose only conversation was cancelled is missing it.

"This year" is the one the overview's table uses (``this_year_q``): conversations
created since 1 January, held by this leader. The counting is a fixed number of queries
whatever the number of reports: one grouped query for the people, one for the teams.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from samtale.conversations import policy
from samtale.conversations.lifecycle import HELD_STATES, PLANNED_STATES
from samtale.conversations.models import Conversation, ConversationKind, Participation
from samtale.org.models import Person, Team

if TYPE_CHECKING:
    from collections.abc import Iterable

    from samtale.access.viewer import Viewer

HELD = "held"
PLANNED = "planned"
MISSING = "missing"


def year_start(today: datetime.date | None = None) -> datetime.date:
    """1 January of this (Danish) year."""
    return (today or timezone.localdate()).replace(month=1, day=1)


def this_year_q(today: datetime.date | None = None) -> Q:
    """Conversations of this year: created since 1 January (Danish time)."""
    return Q(created_at__date__gte=year_start(today))


@dataclass(frozen=True)
class KindProgress:
    """One counted kind: how many people (or teams, for a team kind) have had this
    year's conversation held, have one planned, or have none."""

    kind: ConversationKind
    held: int = 0
    planned: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        """Everyone offered the kind."""
        return self.held + self.planned + self.missing

    @property
    def for_teams(self) -> bool:
        return self.kind.participation == Participation.TEAM_AND_LEADER


def _status(conversations: QuerySet[Conversation], kind: ConversationKind) -> Case:
    """held, planned or missing, for the row the ``conversations`` are correlated with."""
    of_kind = conversations.filter(kind=kind)
    return Case(
        When(Exists(of_kind.filter(state__in=HELD_STATES)), then=Value(HELD)),
        When(Exists(of_kind.filter(state__in=PLANNED_STATES)), then=Value(PLANNED)),
        default=Value(MISSING),
    )


def _grouped(
    rows: QuerySet[Any],
    kinds: list[ConversationKind],
    conversations: QuerySet[Conversation],
    *by: str,
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """One query: how many rows have each combination of ``by`` and statuses (one
    status per kind)."""
    fields = {kind.pk: f"status_{kind.pk}" for kind in kinds}
    annotated = rows.annotate(**{fields[kind.pk]: _status(conversations, kind) for kind in kinds})
    groups = list(annotated.order_by().values(*by, *fields.values()).annotate(n=Count("pk")))
    return groups, fields


def progress_for_leader(
    viewer: Viewer,
    *,
    kinds: Iterable[ConversationKind] | None = None,
    today: datetime.date | None = None,
) -> list[KindProgress]:
    """This year's progress of the viewer's active direct reports and the teams they
    lead, one entry per counted kind in the kinds' order. Two queries (plus one for the
    kinds unless given); none for a viewer who is not a person."""
    me = viewer.person
    if me is None:
        return []
    every = ConversationKind.objects.all() if kinds is None else kinds
    counted = [k for k in every if policy.counts_in_progress(k)]
    team_kinds = [k for k in counted if k.participation == Participation.TEAM_AND_LEADER]
    person_kinds = [k for k in counted if k not in team_kinds]
    mine = Conversation.objects.filter(leader=me).filter(this_year_q(today))
    counts: dict[int, dict[str, int]] = {k.pk: {HELD: 0, PLANNED: 0, MISSING: 0} for k in counted}

    if person_kinds:
        # grouped by "leads others" (the overview's report_count > 0, asked as EXISTS:
        # a count per report made PostgreSQL's estimate so high that it compiled the
        # query (JIT), 45 ms for a leader of 355)
        reports = Person.objects.reports_of(me).active().with_leads_others()
        groups, fields = _grouped(
            reports, person_kinds, mine.filter(person=OuterRef("pk")), "leads_others"
        )
        for group in groups:
            for kind in person_kinds:
                if policy.is_offered(kind, leads_others=bool(group["leads_others"])):
                    counts[kind.pk][group[fields[kind.pk]]] += group["n"]

    if team_kinds:
        teams = Team.objects.filter(leader=me)
        groups, fields = _grouped(teams, team_kinds, mine.filter(team=OuterRef("pk")))
        for group in groups:
            for kind in team_kinds:
                if policy.is_offered(kind, leads_others=False):  # a team leads nobody
                    counts[kind.pk][group[fields[kind.pk]]] += group["n"]

    return [KindProgress(kind=k, **counts[k.pk]) for k in counted]
