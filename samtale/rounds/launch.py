"""The launch: the conversations a round calls for, made in bulk.

For each unit of the round (with the units below it) and the rules that hold there
(``samtale.rounds.rules``), the round calls for:

- **MUS** for each eligible employee with their nearest leader, where the unit's rule
  holds MUS this year and the person's team has not chosen GRUS instead;
- **GRUS** for each team with a leader and active members, where the rule holds GRUS
  this year or the team chose GRUS instead of MUS;
- **LUS** for each eligible leader (someone who leads others: they have LUS instead of
  MUS) with their chief or board chair.

Each only if the round includes the kind. Eligible: employed (an employee number, not
ended before the round starts), for at least the round's minimum months by its start,
and with at least its minimum weekly hours (unknown dates and hours do not exclude).

The launch is idempotent: a conversation the round already has is not made again, and a
conversation of the kind that was planned outside the round for the same person or team
(not cancelled, in the round's period or not yet timed) joins the round instead of
getting a twin. People without a leader, leaders without a chief and teams without a
leader are returned as problems for HR to fix, never skipped silently; running the
launch again after the fix makes only what is missing.

Everything is read in a fixed number of queries and written with ``bulk_create`` in
batches, each batch in a transaction of its own (a launch that stops half-way leaves
whole conversations, and running it again makes the rest), so 50,000 people launch in
seconds (``make bench``). ``run`` reports its progress after each batch; the background
task and the command (``samtale.rounds.launching``) show it.

**Suggested dates** (``suggested_dates``): the round cascades from the top, so a leader's
LUS is suggested before the conversations that leader holds. Each leader who holds an LUS
has a *tier*: one above the highest tier among the leaders whose LUS they hold, and a
leader who holds no LUS (leads employees only) is tier 1. The time from the start
(the period's start, or the announcement if later) to the deadline (held-by, else the
period's end) is split into as many equal stages as the highest tier; the LUS a leader
of tier *t* holds are suggested held by the end of stage *top - t + 1*, and MUS and GRUS
by the deadline. So the top leaders' LUS come first, the next tier's next, and a
leader's own LUS always before the LUS, MUS and GRUS they hold.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.conversations.lifecycle import State
from samtale.conversations.models import (
    Conversation,
    ConversationEvent,
    ConversationKind,
    Participant,
    Participation,
)
from samtale.conversations.models import Role as ParticipantRole
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person, Team
from samtale.org.policy import subtree_q
from samtale.org.queries import active_q
from samtale.questionnaires.queries import latest_published
from samtale.rounds import policy, rules
from samtale.rounds.models import Round, RoundConversation, TeamChoice

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

BATCH = 2000

# Called after each batch with (conversations made so far, conversations to make).
Progress = Callable[[int, int], None]

NO_LEADER = "no_leader"
NO_CHIEF = "no_chief"
TEAM_WITHOUT_LEADER = "team_without_leader"
PROBLEMS = {
    NO_LEADER: _("No nearest leader is registered: nobody can hold their MUS."),
    NO_CHIEF: _(
        "Leads others but has no chief or board chair registered: nobody can hold their LUS."
    ),
    TEAM_WITHOUT_LEADER: _("The team has no leader registered: nobody can hold its GRUS."),
}

NOT_EMPLOYED_LONG_ENOUGH = "too_new"
TOO_FEW_HOURS = "too_few_hours"


@dataclass(frozen=True)
class Call:
    """One conversation the round calls for."""

    kind: ConversationKind
    leader_id: int
    person_id: int | None = None
    team_id: int | None = None
    unit_id: int | None = None

    @property
    def key(self) -> tuple[int, int | None, int | None]:
        return (self.kind.pk, self.person_id, self.team_id)


@dataclass(frozen=True)
class Problem:
    code: str
    name: str
    person_id: int | None = None
    team_id: int | None = None

    @property
    def message(self) -> str:
        return str(PROBLEMS[self.code])


@dataclass(frozen=True)
class OnLeave:
    """A person called by the round who is on leave during some of its period: entitled
    like everyone else (the conversation is made), listed apart for HR and the leader."""

    person_id: int
    name: str
    leave_from: datetime.date
    leave_until: datetime.date | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OnLeave:
        """As ``RoundLaunch.on_leave`` stores it."""
        until = data["leave_until"]
        return cls(
            data["person_id"],
            data["name"],
            datetime.date.fromisoformat(data["leave_from"]),
            datetime.date.fromisoformat(until) if until else None,
        )


@dataclass
class Plan:
    """What a launch would do now."""

    calls: list[Call] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_eligible: dict[str, int] = field(default_factory=dict)
    on_leave: list[OnLeave] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    created: int
    joined: int
    already: int
    problems: list[Problem]
    not_eligible: dict[str, int]
    on_leave: list[OnLeave] = field(default_factory=list)


def _kinds_by_participation(round_: Round) -> dict[str, ConversationKind]:
    return {rk.kind.participation: rk.kind for rk in round_.round_kinds.select_related("kind")}


def eligibility(round_: Round, start: datetime.date | None, hours: Decimal | None) -> str | None:
    """Why the person is not called to the round, or None."""
    months = round_.min_months_employed
    if start is not None and months and start + relativedelta(months=months) > round_.starts_on:
        return NOT_EMPLOYED_LONG_ENOUGH
    if hours is not None and hours < Decimal(round_.min_weekly_hours):
        return TOO_FEW_HOURS
    return None


def _on_leave_in(
    round_: Round, leave_from: datetime.date, leave_until: datetime.date | None
) -> bool:
    """The leave covers some of the round's period."""
    return leave_from <= round_.ends_on and (leave_until is None or leave_until >= round_.starts_on)


def plan(round_: Round) -> Plan:
    """The conversations the round calls for, whether or not they exist yet. Six
    queries, whatever the size of the organisation."""
    kinds = _kinds_by_participation(round_)
    mus = kinds.get(Participation.EMPLOYEE_AND_LEADER)
    grus = kinds.get(Participation.TEAM_AND_LEADER)
    lus = kinds.get(Participation.LEADER_AND_CHIEF)
    paths = policy.scope_paths(round_)
    units = list(OrgUnit.objects.filter(subtree_q("path", paths)).only("pk", "path"))
    years = rules.years_for(units, round_.year)
    result = Plan()

    grus_instead = set(TeamChoice.objects.filter(round=round_).values_list("team_id", flat=True))
    covered_by_team_grus = set(
        Team.members.through.objects.filter(team_id__in=grus_instead).values_list(
            "person_id", flat=True
        )
    )
    on_the_day = active_q(day=round_.starts_on)
    leads_others = Exists(Person.objects.filter(on_the_day, manager=OuterRef("pk")))
    people = (
        Person.objects.filter(on_the_day, subtree_q("unit__path", paths))
        .exclude(employee_number__isnull=True)
        .annotate(leads_others=leads_others)
        .values(
            "pk",
            "name",
            "unit_id",
            "manager_id",
            "start_date",
            "weekly_hours",
            "leads_others",
            "leave_from",
            "leave_until",
        )
        .order_by("pk")
    )
    not_eligible: dict[str, int] = {}
    for person in people:
        why = eligibility(round_, person["start_date"], person["weekly_hours"])
        if why is not None:
            not_eligible[why] = not_eligible.get(why, 0) + 1
            continue
        if person["leave_from"] and _on_leave_in(
            round_, person["leave_from"], person["leave_until"]
        ):
            result.on_leave.append(
                OnLeave(person["pk"], person["name"], person["leave_from"], person["leave_until"])
            )
        if person["leads_others"]:
            if lus is None:
                continue
            if person["manager_id"] is None:
                result.problems.append(Problem(NO_CHIEF, person["name"], person_id=person["pk"]))
                continue
            result.calls.append(
                Call(lus, person["manager_id"], person_id=person["pk"], unit_id=person["unit_id"])
            )
            continue
        year = years[person["unit_id"]]
        chose_grus = person["pk"] in covered_by_team_grus
        if mus is None or not rules.calls_mus(year, team_chose_grus=chose_grus):
            continue
        if person["manager_id"] is None:
            result.problems.append(Problem(NO_LEADER, person["name"], person_id=person["pk"]))
            continue
        result.calls.append(
            Call(mus, person["manager_id"], person_id=person["pk"], unit_id=person["unit_id"])
        )

    if grus is not None:
        has_members = Exists(
            Team.members.through.objects.filter(
                team_id=OuterRef("pk"),
                person__in=Person.objects.filter(on_the_day),
            )
        )
        teams = (
            Team.objects.filter(subtree_q("unit__path", paths))
            .filter(has_members)
            .values("pk", "name", "unit_id", "leader_id")
            .order_by("pk")
        )
        for team in teams:
            chosen = team["pk"] in grus_instead
            if not rules.calls_grus(years[team["unit_id"]], team_chose_grus=chosen):
                continue
            if team["leader_id"] is None:
                result.problems.append(
                    Problem(TEAM_WITHOUT_LEADER, team["name"], team_id=team["pk"])
                )
                continue
            result.calls.append(
                Call(grus, team["leader_id"], team_id=team["pk"], unit_id=team["unit_id"])
            )
    result.not_eligible = not_eligible
    return result


def form_versions(round_: Round, units: dict[int, str]) -> dict[tuple[int, int | None], int | None]:
    """(kind, unit) -> the form version the round uses there: the unit's own or its
    nearest ancestor's variant, else the round's version for the kind, else the newest
    published form of the kind's family."""
    base = {
        rk.kind_id: rk.questionnaire_version_id
        or getattr(latest_published(rk.kind.questionnaire_family), "pk", None)
        for rk in round_.round_kinds.select_related("kind")
    }
    variants = {
        (v.kind_id, v.unit_id): v.questionnaire_version_id for v in round_.form_variants.all()
    }
    found: dict[tuple[int, int | None], int | None] = {}
    for kind_id, version in base.items():
        for unit_id, path in units.items():
            chain = ids_in_path(path)
            own = next(
                (variants[(kind_id, a)] for a in reversed(chain) if (kind_id, a) in variants), None
            )
            found[(kind_id, unit_id)] = own or version
        found[(kind_id, None)] = version
    return found


def _batches[T](items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


# --- set-based writes: each a single INSERT ... SELECT over a batch of conversations ------
# Making 50,000 conversations is one bulk INSERT per batch; their participants, history
# and round links are then written by the database from the conversation rows, not built
# as Python objects one by one.


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    assert isinstance(column, str), f"{model.__name__}.{name} has no column"
    return connection.ops.quote_name(column)


def _in(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _participants(ids: list[int], *, on_the_day: datetime.date) -> None:
    """The leader hosts; the person, or the team's members employed that day, take part."""
    conv, part = _table(Conversation), _table(Participant)
    members, people = _table(Team.members.through), _table(Person)
    cols = ", ".join(_column(Participant, f) for f in ("conversation", "person", "role"))
    c_id, leader, person, team = (
        _column(Conversation, f) for f in ("id", "leader", "person", "team")
    )
    m_team, m_person = (
        _column(Team.members.through, "team"),
        _column(Team.members.through, "person"),
    )
    end = _column(Person, "end_date")
    where = f"c.{c_id} IN ({_in(ids)})"
    _execute(
        f"INSERT INTO {part} ({cols}) SELECT c.{c_id}, c.{leader}, %s FROM {conv} c WHERE {where}",
        [ParticipantRole.HOST.value, *ids],
    )
    _execute(
        f"INSERT INTO {part} ({cols}) SELECT c.{c_id}, c.{person}, %s FROM {conv} c "
        f"WHERE {where} AND c.{person} IS NOT NULL AND c.{person} <> c.{leader}",
        [ParticipantRole.PARTICIPANT.value, *ids],
    )
    _execute(
        f"INSERT INTO {part} ({cols}) SELECT c.{c_id}, m.{m_person}, %s FROM {conv} c "
        f"JOIN {members} m ON m.{m_team} = c.{team} "
        f"JOIN {people} p ON p.{_column(Person, 'id')} = m.{m_person} "
        f"WHERE {where} AND c.{person} IS NULL AND m.{m_person} <> c.{leader} "
        f"AND (p.{end} IS NULL OR p.{end} >= %s)",
        [ParticipantRole.PARTICIPANT.value, *ids, on_the_day],
    )


def _events(ids: list[int], *, by: Viewer, note: str) -> None:
    """Each conversation's history starts with HR's launch ("plan", with the round's
    name), as a leader's own planning starts it."""
    events, conv = _table(ConversationEvent), _table(Conversation)
    fields = ("conversation", "action", "from_state", "to_state", "by", "actor", "at", "note")
    cols = ", ".join(_column(ConversationEvent, f) for f in fields)
    c_id = _column(Conversation, "id")
    _execute(
        f"INSERT INTO {events} ({cols}) SELECT c.{c_id}, %s, %s, %s, %s, %s, %s, %s "
        f"FROM {conv} c WHERE c.{c_id} IN ({_in(ids)})",
        [
            "plan",
            "",
            State.PLANNED.value,
            by.user.pk if by.user else None,
            by.person.pk if by.person else None,
            timezone.now(),
            note,
            *ids,
        ],
    )


def _link(round_: Round, dated: list[tuple[int, datetime.date | None]]) -> None:
    """The conversations (id, suggested date) join the round, each counting in its
    person's (or team's) unit: one INSERT per suggested date (a few: one per tier)."""
    by_date: dict[datetime.date | None, list[int]] = {}
    for pk, day in dated:
        by_date.setdefault(day, []).append(pk)
    links, conv = _table(RoundConversation), _table(Conversation)
    people, teams = _table(Person), _table(Team)
    fields = ("round", "conversation", "unit", "suggested_by", "state")
    cols = ", ".join(_column(RoundConversation, f) for f in fields)
    c_id = _column(Conversation, "id")
    for day, ids in by_date.items():
        _execute(
            f"INSERT INTO {links} ({cols}) "
            f"SELECT %s, c.{c_id}, "
            f"COALESCE(p.{_column(Person, 'unit')}, t.{_column(Team, 'unit')}), %s, "
            f"c.{_column(Conversation, 'state')} "
            f"FROM {conv} c "
            f"LEFT JOIN {people} p "
            f"ON p.{_column(Person, 'id')} = c.{_column(Conversation, 'person')} "
            f"LEFT JOIN {teams} t ON t.{_column(Team, 'id')} = c.{_column(Conversation, 'team')} "
            f"WHERE c.{c_id} IN ({_in(ids)})",
            [round_.pk, day, *ids],
        )


def _tiers(holds_lus_of: dict[int, list[int]]) -> dict[int, int]:
    """Each leader's tier: 1 for a leader who holds no LUS, else one above the highest
    tier among the leaders whose LUS they hold (a loop in bad data counts as 0)."""
    tiers: dict[int, int] = {}

    def tier(leader: int, seen: set[int]) -> int:
        if leader in tiers:
            return tiers[leader]
        if leader in seen:
            return 0
        seen.add(leader)
        found = 1 + max((tier(r, seen) for r in holds_lus_of.get(leader, ())), default=0)
        seen.discard(leader)
        tiers[leader] = found
        return found

    for leader in holds_lus_of:
        tier(leader, set())
    return tiers


def suggested_dates(
    round_: Round, calls: list[Call]
) -> dict[tuple[int, int | None, int | None], datetime.date]:
    """Call key -> the date the conversation is suggested held by (see the module's
    docstring). Computed from the calls alone, without a query."""
    deadline = round_.held_by or round_.ends_on
    start = round_.starts_on
    if round_.announced_at is not None:
        start = max(start, timezone.localdate(round_.announced_at))
    start = min(start, deadline)
    holds_lus_of: dict[int, list[int]] = {}
    for call in calls:
        if call.kind.participation == Participation.LEADER_AND_CHIEF and call.person_id:
            holds_lus_of.setdefault(call.leader_id, []).append(call.person_id)
    tiers = _tiers(holds_lus_of)
    top = max(tiers.values(), default=1)
    days = (deadline - start).days

    def end_of_stage(stage: int) -> datetime.date:
        return start + datetime.timedelta(days=days * stage // top)

    dates = {}
    for call in calls:
        if call.kind.participation == Participation.LEADER_AND_CHIEF:
            dates[call.key] = end_of_stage(top - tiers.get(call.leader_id, 1) + 1)
        else:
            dates[call.key] = deadline
    return dates


def run(round_: Round, *, by: Viewer, progress: Progress | None = None) -> Result:
    """Make what is missing (the caller checks who may). Each batch is written in a
    transaction of its own; ``progress`` is called after each."""
    wanted = plan(round_)
    linked = set(
        RoundConversation.objects.filter(round=round_).values_list(
            "conversation__kind_id", "conversation__person_id", "conversation__team_id"
        )
    )
    missing = [call for call in wanted.calls if call.key not in linked]
    already = len(wanted.calls) - len(missing)

    # Conversations planned outside any round for the same person or team join it.
    in_period = Q(starts_at__isnull=True) | Q(
        starts_at__date__gte=round_.starts_on, starts_at__date__lte=round_.ends_on
    )
    loose = (
        Conversation.objects.filter(in_period, round_link__isnull=True, follow_up_of__isnull=True)
        .exclude(state=State.CANCELLED)
        .filter(kind_id__in={call.kind.pk for call in missing})
        .filter(
            Q(person_id__in={c.person_id for c in missing if c.person_id})
            | Q(team_id__in={c.team_id for c in missing if c.team_id}, person__isnull=True)
        )
        .values_list("pk", "kind_id", "person_id", "team_id")
        .order_by("-starts_at", "pk")
    )
    joining: dict[tuple[int, int | None, int | None], int] = {}
    for pk, kind_id, person_id, team_id in loose:
        joining.setdefault((kind_id, person_id, team_id), pk)
    to_make = [call for call in missing if call.key not in joining]

    units = dict(
        OrgUnit.objects.filter(pk__in={c.unit_id for c in to_make}).values_list("pk", "path")
    )
    versions = form_versions(round_, units)
    dates = suggested_dates(round_, wanted.calls)
    for joined in _batches(list(joining.items())):
        with transaction.atomic():
            _link(round_, [(pk, dates.get(key)) for key, pk in joined])
    if progress is not None:
        progress(0, len(to_make))
    made_so_far = 0
    for batch in _batches(to_make):
        with transaction.atomic():
            made = Conversation.objects.bulk_create(
                Conversation(
                    kind=call.kind,
                    leader_id=call.leader_id,
                    person_id=call.person_id,
                    team_id=call.team_id,
                    duration=call.kind.default_duration,
                    questionnaire_version_id=versions.get((call.kind.pk, call.unit_id)),
                )
                for call in batch
            )
            ids = [c.pk for c in made]
            _participants(ids, on_the_day=timezone.localdate())
            _events(ids, by=by, note=round_.name[:500])
            _link(
                round_, [(c.pk, dates.get(call.key)) for c, call in zip(made, batch, strict=True)]
            )
        made_so_far += len(batch)
        if progress is not None:
            progress(made_so_far, len(to_make))
    return Result(
        created=len(to_make),
        joined=len(joining),
        already=already,
        problems=wanted.problems,
        not_eligible=wanted.not_eligible,
        on_leave=wanted.on_leave,
    )
