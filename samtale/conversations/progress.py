"""How far a leader's people and teams are with this year's conversations: counts only,
never content, never names.

For each kind that counts (``policy.counts_in_progress``: the mandatory, yearly kinds;
never a voluntary En-til-en or an on-request follow-up) and each of the leader's active
direct reports who is offered it (``policy.is_offered``: LUS for someone who leads others,
MUS for the rest), or each team the leader leads (GRUS): has this year's conversation
been held, is it planned (or invited), or is it missing? A cancelled conversation does not
count, so a person whose only conversation was cancelled is missing it.

"This year" is the one the overview's table uses (``samtale.conversations.counting``):
while the leader is in an announced round, the round's conversations, and nobody the
round does not call to a kind is missing it (a team holding GRUS instead of MUS, a unit
whose rule holds no MUS this year); otherwise the conversations created since 1 January,
held by this leader. The counting is a fixed number of queries whatever the number of
reports: one grouped query for the people, one for the teams.
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
    QuerySet,
    Value,
    When,
)

from samtale.conversations import policy
from samtale.conversations.counting import Counting, for_leader, this_year_q, year_start
from samtale.conversations.lifecycle import HELD_STATES, PLANNED_STATES
from samtale.conversations.models import Conversation, ConversationKind, Participation
from samtale.org.models import Person, Team

if TYPE_CHECKING:
    from collections.abc import Iterable

    from samtale.access.viewer import Viewer

HELD = "held"
PLANNED = "planned"
MISSING = "missing"


__all__ = ["KindProgress", "progress_for_leader", "this_year_q", "year_start"]


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


NOT_OFFERED = "not_offered"


def _grouped(
    rows: QuerySet[Any],
    kinds: list[ConversationKind],
    conversations: QuerySet[Conversation],
    counting: Counting,
    *by: str,
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """One query: how many rows have each combination of ``by`` and statuses (one
    status per kind; ``NOT_OFFERED`` for the rows ``counting`` does not call to it)."""
    fields = {kind.pk: f"status_{kind.pk}" for kind in kinds}
    annotations: dict[str, Any] = {}
    for kind in kinds:
        status = _status(conversations, kind)
        excused = counting.not_offered.get(kind.pk)
        if excused:
            status = Case(
                When(pk__in=sorted(excused), then=Value(NOT_OFFERED)),
                default=status,
                output_field=status.output_field,
            )
        annotations[fields[kind.pk]] = status
    annotated = rows.annotate(**annotations)
    groups = list(annotated.order_by().values(*by, *fields.values()).annotate(n=Count("pk")))
    return groups, fields


def progress_for_leader(
    viewer: Viewer,
    *,
    kinds: Iterable[ConversationKind] | None = None,
    today: datetime.date | None = None,
    counting: Counting | None = None,
) -> list[KindProgress]:
    """This year's progress of the viewer's active direct reports and the teams they
    lead, one entry per counted kind in the kinds' order. Two queries (plus one for the
    kinds unless given, and the providers' unless ``counting`` is given); none for a
    viewer who is not a person."""
    me = viewer.person
    if me is None:
        return []
    if counting is None:
        counting = for_leader(me, today)
    every = ConversationKind.objects.all() if kinds is None else kinds
    counted = [k for k in every if policy.counts_in_progress(k)]
    team_kinds = [k for k in counted if k.participation == Participation.TEAM_AND_LEADER]
    person_kinds = [k for k in counted if k not in team_kinds]
    mine = Conversation.objects.filter(leader=me).filter(counting.q(today))
    counts: dict[int, dict[str, int]] = {k.pk: {HELD: 0, PLANNED: 0, MISSING: 0} for k in counted}

    if person_kinds:
        # grouped by "leads others" (the overview's report_count > 0, asked as EXISTS:
        # a count per report made PostgreSQL's estimate so high that it compiled the
        # query (JIT), 45 ms for a leader of 355)
        reports = Person.objects.reports_of(me).active().with_leads_others()
        groups, fields = _grouped(
            reports, person_kinds, mine.filter(person=OuterRef("pk")), counting, "leads_others"
        )
        for group in groups:
            for kind in person_kinds:
                status = group[fields[kind.pk]]
                if status != NOT_OFFERED and policy.is_offered(
                    kind, leads_others=bool(group["leads_others"])
                ):
                    counts[kind.pk][status] += group["n"]

    if team_kinds:
        teams = Team.objects.filter(leader=me)
        groups, fields = _grouped(teams, team_kinds, mine.filter(team=OuterRef("pk")), counting)
        for group in groups:
            for kind in team_kinds:
                status = group[fields[kind.pk]]
                # a team leads nobody
                if status != NOT_OFFERED and policy.is_offered(kind, leads_others=False):
                    counts[kind.pk][status] += group["n"]

    return [KindProgress(kind=k, **counts[k.pk]) for k in counted]
