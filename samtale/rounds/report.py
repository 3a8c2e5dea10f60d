"""The round's report: while it runs, how it stands; once closed, the closing report.

Per unit of the round (rolled up the tree, counted by ``samtale.rounds.progress``) and
in total:

- called for: the round's conversations (MUS, GRUS, LUS), whatever their state;
- held: held, summary accepted or closed; the share held is held / called for;
- missing: not held (not booked, invited, cancelled), listed with the person or team,
  the kind and the leader, for those who may see names;
- follow-ups outstanding: requested after a conversation of the round and not held yet
  (overdue ones among them);
- person-hours: for each held conversation, its duration times its participants, plus
  the kind's preparation time per participant (``RoundKind.preparation_minutes``, HR's
  estimate on the round's kinds page) times its participants.

Who sees what is ``policy.report_access``: every unit or a part, or a leader's own
conversations; names or counts only. Counts only (TR and AMR) come with their small
numbers hidden (``samtale.rounds.anonymous``): a hidden count is None, and so is every
number and the person-hours built from it. Dates, states and names only: never what was
prepared, said or agreed.

Six queries for any number of units and conversations (three for the counts, one for
the kinds, one for the held conversations' participants), and two more with names (who
is missing, which follow-ups wait).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from samtale.conversations.followups.queries import FollowUpState, state_of, waiting_q
from samtale.conversations.lifecycle import HELD_STATES
from samtale.conversations.models import (
    ConversationKind,
    FollowUpRequest,
    Participant,
)
from samtale.lib.anonymity import min_group
from samtale.org.models import OrgUnit
from samtale.org.policy import subtree_q
from samtale.rounds import anonymous, progress
from samtale.rounds.models import DEFAULT_PREPARATION_MINUTES, Round, RoundConversation, RoundState
from samtale.rounds.policy import ReportAccess

TENTH = Decimal("0.1")


def hours(minutes: int) -> Decimal:
    """Minutes as hours with one decimal (90 -> 1.5)."""
    return (Decimal(minutes) / 60).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Time:
    """Person-minutes: in the held conversations, and preparing for them."""

    conversation: int = 0
    preparation: int = 0

    @property
    def minutes(self) -> int:
        return self.conversation + self.preparation

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def conversation_hours(self) -> Decimal:
        return hours(self.conversation)

    @property
    def preparation_hours(self) -> Decimal:
        return hours(self.preparation)

    def add(self, other: Time) -> None:
        self.conversation += other.conversation
        self.preparation += other.preparation


@dataclass
class KindTime:
    """The person-hours of one kind's held conversations."""

    kind: ConversationKind
    preparation_minutes: int  # per participant
    held: int | None = 0  # None: hidden (counts only), and so are the participants and time
    participants: int | None = 0
    time: Time | None = field(default_factory=Time)


@dataclass
class UnitRow:
    """A unit with everything at and below it."""

    unit: OrgUnit
    depth: int
    counts: progress.Counts | anonymous.HiddenCounts
    time: Time | None  # None: hidden with the held it is counted from

    @property
    def missing(self) -> int | None:
        return self.counts.not_held

    @property
    def indent(self) -> int:
        """How far the page indents the unit's name (CSS classes for 0 to 5)."""
        return min(self.depth, 5)


@dataclass
class Missing:
    """A conversation of the round not held: who it is with, never what it holds."""

    kind: ConversationKind
    with_whom: str
    is_team: bool
    leader: str
    unit: str
    state: str
    starts_at: datetime.datetime | None


@dataclass
class Waiting:
    """A follow-up requested after a conversation of the round and not held yet."""

    kind: ConversationKind
    with_whom: str
    leader: str
    unit: str
    deadline: datetime.date
    state: str
    overdue: bool


@dataclass
class Report:
    round: Round
    access: ReportAccess
    units: list[UnitRow]
    total: progress.Counts | anonymous.HiddenCounts
    time: Time | None
    kinds: list[KindTime]
    missing: list[Missing] | None  # None: counts only (TR, AMR)
    follow_ups: list[Waiting] | None
    made_at: datetime.datetime

    @property
    def k(self) -> int:
        """The smallest number of conversations a count only report shows."""
        return min_group()

    @property
    def final(self) -> bool:
        """The round is closed: this is its closing report."""
        return self.round.state == RoundState.CLOSED

    @property
    def not_held(self) -> int | None:
        return self.total.not_held


def _walk(nodes: list[progress.Node], depth: int = 0) -> Iterator[tuple[progress.Node, int]]:
    for node in nodes:
        yield node, depth
        yield from _walk(node.children, depth + 1)


def _rolled_up(node: progress.Node, own: dict[int, Time], into: dict[int, Time]) -> Time:
    total = Time()
    total.add(own.get(node.unit.pk, Time()))
    for child in node.children:
        total.add(_rolled_up(child, own, into))
    into[node.unit.pk] = total
    return total


def report_for(
    round_: Round, access: ReportAccess, *, today: datetime.date | None = None
) -> Report:
    """The report as ``access`` (``policy.report_access``) lets the viewer see it."""
    today = today or timezone.localdate()
    hidden: anonymous.HiddenProgress | None = None
    if access.names:
        roots = progress.tree(
            round_,
            within=access.within,
            conversations=(
                Q(conversation__leader=access.leader) if access.leader is not None else None
            ),
            today=today,
        )
    else:  # counts only: hidden where small, per unit and per kind alike
        roots, by_kind = progress.tree_by_kind(round_, within=access.within, today=today)
        hidden = anonymous.hide_small(roots, by_kind)
    nodes = {node.unit.pk: node for node, _depth in _walk(roots)}

    round_kinds = {rk.kind_id: rk for rk in round_.round_kinds.select_related("kind")}
    participants = Participant.objects.filter(
        conversation__round_link__round=round_, conversation__state__in=HELD_STATES
    )
    if access.within is not None:
        participants = participants.filter(
            subtree_q("conversation__round_link__unit__path", access.within)
        )
    if access.leader is not None:
        participants = participants.filter(conversation__leader=access.leader)
    grouped = list(
        participants.order_by()
        .values("conversation__round_link__unit_id", "conversation__kind_id")
        .annotate(
            people=Count("pk"),
            held=Count("conversation", distinct=True),
            # each participant counts their conversation's minutes once
            minutes=Sum("conversation__duration"),
        )
    )
    # A conversation of a kind the round does not list (planned before, joined it): the
    # kind is read when it is met, with the default preparation time.
    unlisted = {r["conversation__kind_id"] for r in grouped} - set(round_kinds)
    others = ConversationKind.objects.in_bulk(unlisted) if unlisted else {}
    own: dict[int, Time] = {}
    preparation = {kind_id: rk.preparation_minutes for kind_id, rk in round_kinds.items()}
    held: dict[int, int] = dict.fromkeys(round_kinds, 0)
    people: dict[int, int] = dict.fromkeys(round_kinds, 0)
    kind_times: dict[int, Time] = {kind_id: Time() for kind_id in round_kinds}
    for row in grouped:
        unit_id, kind_id = row["conversation__round_link__unit_id"], row["conversation__kind_id"]
        if unit_id not in nodes:  # a unit moved out of the round since (progress skips it too)
            continue
        if kind_id not in preparation:
            preparation[kind_id] = DEFAULT_PREPARATION_MINUTES
            held[kind_id], people[kind_id], kind_times[kind_id] = 0, 0, Time()
        time = Time(
            conversation=row["minutes"] or 0,
            preparation=row["people"] * preparation[kind_id],
        )
        own.setdefault(unit_id, Time()).add(time)
        held[kind_id] += row["held"]
        people[kind_id] += row["people"]
        kind_times[kind_id].add(time)
    kinds = {
        kind_id: KindTime(
            kind=round_kinds[kind_id].kind if kind_id in round_kinds else others[kind_id],
            preparation_minutes=minutes,
            held=held[kind_id],
            participants=people[kind_id],
            time=kind_times[kind_id],
        )
        for kind_id, minutes in preparation.items()
    }

    rolled: dict[int, Time] = {}
    total_time = Time()
    counted = progress.Counts()
    for root in roots:
        total_time.add(_rolled_up(root, own, rolled))
        counted.add(root.total)
    total: progress.Counts | anonymous.HiddenCounts = counted
    shown_by_unit: dict[int, progress.Counts | anonymous.HiddenCounts] = {
        node.unit.pk: node.total for node, _depth in _walk(roots)
    }
    if hidden is not None:
        total = hidden.total
        shown_by_unit = {node.unit.pk: node.total for node in anonymous.walk(hidden.roots)}
        for kind_id, kind in kinds.items():
            _hide_kind(kind, hidden.kinds.get(kind_id, anonymous.HiddenCounts()))
    units = [
        UnitRow(
            unit=node.unit,
            depth=depth,
            counts=shown_by_unit[node.unit.pk],
            time=_time_if_shown(shown_by_unit[node.unit.pk], rolled[node.unit.pk]),
        )
        for node, depth in _walk(roots)
        if node.total.total  # a unit without anyone called says nothing
    ]
    order = {row.unit.pk: n for n, row in enumerate(units)}
    return Report(
        round=round_,
        access=access,
        units=units,
        total=total,
        time=_time_if_shown(total, total_time),
        kinds=sorted(kinds.values(), key=lambda k: (k.kind.order, k.kind.code)),
        missing=_missing(round_, access, order) if access.names else None,
        follow_ups=_follow_ups(round_, access, order, today) if access.names else None,
        made_at=timezone.localtime(),
    )


def _time_if_shown(counts: progress.Counts | anonymous.HiddenCounts, time: Time) -> Time | None:
    """The person-hours of the held conversations, if their number is shown."""
    return None if counts.done is None else time


def _hide_kind(kind: KindTime, shown: anonymous.HiddenCounts) -> None:
    """A kind's held conversations as counts only show them: the held of the same parts as
    the units' (not the participants' reading of them), hidden with its participants and
    person-hours where small."""
    kind.held = shown.done
    if shown.done is None:
        kind.participants = None
        kind.time = None


def _missing(round_: Round, access: ReportAccess, order: dict[int, int]) -> list[Missing]:
    """The round's conversations not held, in the report's order of units (one query)."""
    links = (
        RoundConversation.objects.filter(round=round_)
        .exclude(conversation__state__in=HELD_STATES)
        .select_related(
            "unit",
            "conversation__kind",
            "conversation__person",
            "conversation__team",
            "conversation__leader",
        )
    )
    if access.within is not None:
        links = links.filter(subtree_q("unit__path", access.within))
    if access.leader is not None:
        links = links.filter(conversation__leader=access.leader)
    found = []
    for link in links:
        if link.unit_id not in order or link.unit is None:
            continue
        conversation = link.conversation
        found.append(
            (
                (order[link.unit_id], conversation.kind.order, conversation.with_whom),
                Missing(
                    kind=conversation.kind,
                    with_whom=conversation.with_whom,
                    is_team=conversation.team_id is not None,
                    leader=conversation.leader.name,
                    unit=link.unit.name,
                    state=conversation.get_state_display(),
                    starts_at=conversation.starts_at,
                ),
            )
        )
    return [m for _key, m in sorted(found, key=lambda pair: pair[0])]


def _follow_ups(
    round_: Round, access: ReportAccess, order: dict[int, int], today: datetime.date
) -> list[Waiting]:
    """The follow-ups waiting after the round's conversations, earliest deadline first
    (one query), each with the leader it waits for (``FollowUpRequest.leader``: a
    successor once a leader who left handed it over; a leader's own report: those
    waiting for them). Who asked and why stay out: that is the conversation's content."""
    requests = FollowUpRequest.objects.filter(
        waiting_q(), conversation__round_link__round=round_
    ).select_related(
        "follow_up",
        "conversation__kind",
        "conversation__person",
        "conversation__team",
        "leader",
        "conversation__round_link__unit",
    )
    if access.within is not None:
        requests = requests.filter(subtree_q("conversation__round_link__unit__path", access.within))
    if access.leader is not None:  # the requests waiting for them (FollowUpRequest.leader)
        requests = requests.filter(leader=access.leader)
    found = []
    for request in requests.order_by("deadline", "pk"):
        link = request.conversation.round_link
        if link.unit_id not in order or link.unit is None:
            continue
        state = state_of(request, today)
        found.append(
            Waiting(
                kind=request.conversation.kind,
                with_whom=request.conversation.with_whom,
                leader=request.leader.name,
                unit=link.unit.name,
                deadline=request.deadline,
                state=str(FollowUpState.LABELS[state]),
                overdue=state == FollowUpState.OVERDUE,
            )
        )
    return found
