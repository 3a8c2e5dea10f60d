"""What a leader's overview counts while they are in an announced round: the provider
the rounds register in ``samtale.conversations.counting`` (``RoundsConfig.ready``).

A leader is in a round when it is announced (not yet closed) and they hold one of its
conversations; of several, the one that started last. Then the round's conversations
count for the kinds the round includes (a MUS made in December for the January round
counts in it), and the people and teams the round does not call to a kind are not
missing it, by the same rules as the launch (``samtale.rounds.rules``, and
``launch.eligibility``): outside the round's units, not called (too new, too few
hours, no employment), a unit whose rule holds no MUS (or no GRUS) this year, a team
that chose GRUS instead of MUS. En-til-en is never in a round and never missing.

Six queries for a leader in a round (the round, its kinds, its units, the reports, the
teams, the rules), one for a leader in none; the first five built and compiled once per
process (``samtale.lib.prepared``), the leader's reports counted on ``today``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from samtale.conversations.counting import Counting
from samtale.conversations.models import Participation
from samtale.lib.prepared import Prepared
from samtale.org.models import OrgUnit, Person, Team
from samtale.rounds import launch, policy, rules
from samtale.rounds.models import Round, RoundConversation, RoundKind, RoundState, TeamChoice

if TYPE_CHECKING:
    from collections.abc import Iterable


def current_round(leader: Person) -> Round | None:
    """The announced round the leader holds conversations in (the latest), or None."""
    found = _current_round(leader.pk)
    return found[0] if found else None


# A leader's overview asks these on every visit: built and compiled once per process
# (samtale.lib.prepared), with the leader, the round and the day as parameters.
def _current_round_query(leader_pk: int) -> QuerySet[Round]:
    hosts = RoundConversation.objects.filter(round=OuterRef("pk"), conversation__leader=leader_pk)
    return (
        Round.objects.filter(state=RoundState.ANNOUNCED)
        .filter(Exists(hosts))
        .order_by("-starts_on", "-pk")[:1]
    )


def _reports_query(leader_pk: int, day: datetime.date, round_pk: int) -> QuerySet[Any]:
    chose = TeamChoice.objects.filter(round=round_pk, team__members=OuterRef("pk"))
    return (
        Person.objects.reports_of(leader_pk)
        .active(day)
        .annotate(chose_grus=Exists(chose))
        .values(
            "pk",
            "unit_id",
            "unit__path",
            "employee_number",
            "start_date",
            "weekly_hours",
            "chose_grus",
        )
    )


def _teams_query(leader_pk: int, round_pk: int) -> QuerySet[Any]:
    chose = TeamChoice.objects.filter(round=round_pk, team=OuterRef("pk"))
    return (
        Team.objects.filter(leader=leader_pk)
        .annotate(chosen=Exists(chose))
        .values("pk", "unit_id", "unit__path", "chosen")
    )


def _kinds_query(round_pk: int) -> QuerySet[Any]:
    return RoundKind.objects.filter(round=round_pk).values_list("kind__participation", "kind_id")


def _scopes_query(round_pk: int) -> QuerySet[Any]:
    return OrgUnit.objects.filter(rounds=round_pk).values_list("path", flat=True)


_current_round = Prepared(_current_round_query)
_kinds_of = Prepared(_kinds_query)
_scopes_of = Prepared(_scopes_query)
_reports_of = Prepared(_reports_query, kinds=(int, datetime.date, int))
_teams_of = Prepared(_teams_query, kinds=(int, int))


def _in_scope(path: str | None, scopes: Iterable[str]) -> bool:
    return path is not None and policy.within(path, scopes)


def for_leader(leader: Person, today: datetime.date) -> Counting | None:
    round_ = current_round(leader)
    if round_ is None:
        return None
    kinds: dict[str, int] = dict(_kinds_of(round_.pk))
    scopes = list(_scopes_of(round_.pk))
    reports = _reports_of(leader.pk, today, round_.pk)
    teams = _teams_of(leader.pk, round_.pk)
    paths = {r["unit_id"]: r["unit__path"] for r in [*reports, *teams] if r["unit_id"]}
    years = rules.years_for([OrgUnit(pk=pk, path=path) for pk, path in paths.items()], round_.year)

    not_offered: dict[int, set[int]] = {kind_id: set() for kind_id in kinds.values()}
    for person in reports:
        called = (
            _in_scope(person["unit__path"], scopes)
            and person["employee_number"] is not None
            and launch.eligibility(round_, person["start_date"], person["weekly_hours"]) is None
        )
        for participation in (Participation.EMPLOYEE_AND_LEADER, Participation.LEADER_AND_CHIEF):
            if participation not in kinds:
                continue
            # MUS also by the unit's rule and the team's choice; LUS (a leader's) by
            # ``is_offered``, which the count asks as well
            ok = called and (
                participation != Participation.EMPLOYEE_AND_LEADER
                or rules.calls_mus(years[person["unit_id"]], team_chose_grus=person["chose_grus"])
            )
            if not ok:
                not_offered[kinds[participation]].add(person["pk"])
    if Participation.TEAM_AND_LEADER in kinds:
        for team in teams:
            called = _in_scope(team["unit__path"], scopes) and rules.calls_grus(
                years[team["unit_id"]], team_chose_grus=team["chosen"]
            )
            if not called:
                not_offered[kinds[Participation.TEAM_AND_LEADER]].add(team["pk"])
    return Counting(
        conversations=Q(round_link__round=round_),
        kinds=frozenset(kinds.values()),
        not_offered={kind_id: frozenset(ids) for kind_id, ids in not_offered.items()},
        title=round_.name,
        url=reverse("rounds:progress", args=[round_.pk]),
    )
