"""How far a round has come: counts per unit, rolled up the tree. States and dates only,
never content.

Each conversation of the round counts in the unit of the person it is with (for GRUS:
the team's unit) when it joined the round (``RoundConversation.unit``), and in every
unit above it up to the round's own units:

- not booked: planned, no time yet;
- invited: invited or moved, not yet held;
- held: held, summary not yet accepted;
- summary accepted: accepted or closed;
- cancelled: cancelled (the person or team is without their conversation);
- follow-up pending: a follow-up was asked for and is not held yet;
- follow-up overdue: of those, the ones past their deadline.

En-til-en and follow-up conversations belong to no round, so they are never counted,
neither as held nor as missing. A person whose team chose GRUS instead of MUS, or whose
unit's rule holds no MUS this year, has no MUS in the round: nothing is missing.

Four queries (the round's units, the units below them, the conversations, the
follow-ups), whatever the number of units or conversations.

The drill-down (``leaders_in``, ``conversations_of``) shows a unit's leaders with their
counts, and each leader's people with their conversation's kind, state, time, whether a
time was booked, whether the preparation was shared and when the summary was accepted:
never a word of the content. Who sees what is ``policy.progress_view`` and
``policy.sees_names_in``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.conversations.followups.queries import overdue_q, waiting_q
from samtale.conversations.lifecycle import State
from samtale.conversations.models import (
    Conversation,
    ConversationEvent,
    FollowUpRequest,
    Preparation,
)
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person
from samtale.org.policy import subtree_q
from samtale.rounds import policy
from samtale.rounds.models import Round, RoundConversation, Slot

STAGE_OF_STATE: dict[str, str] = {
    State.PLANNED: "not_booked",
    State.INVITED: "invited",
    State.RESCHEDULED: "invited",
    State.HELD: "held",
    State.ACCEPTED: "accepted",
    State.CLOSED: "accepted",
    State.CANCELLED: "cancelled",
}


# The states a round's conversation passes through, in the order the pages show them.
STAGES = (
    ("not_booked", _("Not booked")),
    ("invited", _("Invited")),
    ("held", _("Held, summary not accepted")),
    ("accepted", _("Summary accepted")),
    ("cancelled", _("Cancelled")),
    ("follow_up_pending", _("Follow-up pending")),
    ("follow_up_overdue", _("Follow-up overdue")),
)


@dataclass
class Counts:
    not_booked: int = 0
    invited: int = 0
    held: int = 0
    accepted: int = 0
    cancelled: int = 0
    follow_up_pending: int = 0
    follow_up_overdue: int = 0

    @property
    def total(self) -> int:
        return self.not_booked + self.invited + self.held + self.accepted + self.cancelled

    @property
    def done(self) -> int:
        """Held, with or without an accepted summary."""
        return self.held + self.accepted

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def not_held(self) -> int:
        return self.not_booked + self.invited + self.cancelled

    @property
    def any(self) -> bool:
        """Some conversation counts here."""
        return self.total > 0

    @property
    def stages(self) -> list[tuple[str, str, int]]:
        """(state, its name, how many), in ``STAGES``' order."""
        return [(code, str(label), getattr(self, code)) for code, label in STAGES]

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Node:
    unit: OrgUnit
    own: Counts = field(default_factory=Counts)
    total: Counts = field(default_factory=Counts)
    children: list[Node] = field(default_factory=list)


def tree(
    round_: Round,
    *,
    within: tuple[str, ...] | None = None,
    today: datetime.date | None = None,
    conversations: Q | None = None,
) -> list[Node]:
    """The round's units as trees of counts. ``within``: only these subtrees (a TR's or
    AMR's scope, a leader's units), cut where they meet the round. ``conversations``:
    only the conversations this filter picks (a leader's line, ``queries.line_q``; its
    fields lead from the round's link through ``conversation__``)."""
    return _tree(round_, within=within, today=today, conversations=conversations)[0]


def tree_by_kind(
    round_: Round, *, within: tuple[str, ...] | None = None, today: datetime.date | None = None
) -> tuple[list[Node], dict[int, Counts]]:
    """``tree``, and the same conversations counted by kind (by the kind's id), read in the
    same queries so that the two add up."""
    return _tree(round_, within=within, today=today, by_kind=True)


def _tree(
    round_: Round,
    *,
    within: tuple[str, ...] | None,
    today: datetime.date | None,
    conversations: Q | None = None,
    by_kind: bool = False,
) -> tuple[list[Node], dict[int, Counts]]:
    paths = policy.scope_paths(round_)
    units_q = subtree_q("path", paths)
    if within is not None:
        units_q &= subtree_q("path", within)
    units = list(OrgUnit.objects.filter(units_q).only("pk", "name", "code", "path", "parent_id"))
    nodes = {unit.pk: Node(unit) for unit in units}

    # The whole round needs no list of units in the query (thousands of parameters);
    # a representative's part does.
    links = RoundConversation.objects.filter(round=round_)
    if within is not None:
        links = links.filter(unit_id__in=nodes)
    if conversations is not None:
        links = links.filter(conversations)
    # the link's copy of the state: no join with the conversations (RoundConversation.state),
    # but for the kinds
    kinds: dict[int, Counts] = {}
    kind = ("conversation__kind_id",) if by_kind else ()
    for row in links.order_by().values("unit_id", "state", *kind).annotate(n=Count("pk")):
        if row["unit_id"] not in nodes:  # a unit moved out of the round since
            continue
        stage = STAGE_OF_STATE[row["state"]]
        for counts in _counts_of(nodes[row["unit_id"]], kinds, row.get("conversation__kind_id")):
            setattr(counts, stage, getattr(counts, stage) + row["n"])

    today = today or timezone.localdate()
    asked = FollowUpRequest.objects.filter(waiting_q(), conversation__round_link__round=round_)
    if conversations is not None:
        asked = asked.filter(conversations)
    requests = (
        asked.order_by()
        .values("conversation__round_link__unit_id", *kind)
        .annotate(
            pending=Count("conversation", distinct=True),
            overdue=Count("conversation", filter=overdue_q(today), distinct=True),
        )
    )
    for waiting in requests:
        if waiting["conversation__round_link__unit_id"] not in nodes:
            continue
        node = nodes[waiting["conversation__round_link__unit_id"]]
        for counts in _counts_of(node, kinds, waiting.get("conversation__kind_id")):
            counts.follow_up_pending += waiting["pending"]
            counts.follow_up_overdue += waiting["overdue"]

    roots: list[Node] = []
    for node in sorted(nodes.values(), key=lambda n: (n.unit.path.count("/"), n.unit.name)):
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        for ancestor in ids_in_path(node.unit.path):
            if ancestor in nodes:
                nodes[ancestor].total.add(node.own)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.unit.name)
    roots.sort(key=lambda n: n.unit.name)
    return roots, kinds


def _counts_of(node: Node, kinds: dict[int, Counts], kind: int | None) -> list[Counts]:
    """Where a row of counts goes: the unit's own, and its kind's when counted by kind."""
    if kind is None:
        return [node.own]
    return [node.own, kinds.setdefault(kind, Counts())]


def overall(round_: Round) -> Counts:
    """The whole round's counts."""
    total = Counts()
    for root in tree(round_):
        total.add(root.total)
    return total


def top_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Of ``paths``, those not below another one of them."""
    found: list[str] = []
    for path in sorted(set(paths), key=len):
        if not policy.within(path, found):
            found.append(path)
    return tuple(sorted(found))


def units_of(round_: Round, conversations: Q) -> tuple[str, ...]:
    """The topmost units where the conversations ``conversations`` picks count (a
    leader's line): one query."""
    paths = (
        RoundConversation.objects.filter(round=round_, unit__isnull=False)
        .filter(conversations)
        .order_by()
        .values_list("unit__path", flat=True)
        .distinct()
    )
    return top_paths(paths)


@dataclass
class LeaderCounts:
    """A leader holding conversations of the round that count in a unit."""

    leader: Person
    counts: Counts = field(default_factory=Counts)


def leaders_in(round_: Round, unit: OrgUnit, conversations: Q | None = None) -> list[LeaderCounts]:
    """The leaders of the round's conversations that count in ``unit`` itself (not the
    units below it), with their counts by state, by name. One query."""
    links = RoundConversation.objects.filter(round=round_, unit=unit)
    if conversations is not None:
        links = links.filter(conversations)
    rows = (
        links.order_by()
        .values("conversation__leader_id", "conversation__leader__name", "conversation__state")
        .annotate(n=Count("pk"))
    )
    found: dict[int, LeaderCounts] = {}
    for row in rows:
        pk = row["conversation__leader_id"]
        if pk not in found:
            found[pk] = LeaderCounts(Person(pk=pk, name=row["conversation__leader__name"]))
        counts = found[pk].counts
        stage = STAGE_OF_STATE[row["conversation__state"]]
        setattr(counts, stage, getattr(counts, stage) + row["n"])
    return sorted(found.values(), key=lambda lc: (lc.leader.name, lc.leader.pk))


def conversations_of(
    round_: Round, leader: Person, *, units: tuple[str, ...] | None = None
) -> QuerySet[Conversation]:
    """The leader's conversations in the round (``units``: only those counting in these
    subtrees, HR's scope), by the name of whom they are with: kind, state, time, and as
    annotations ``booked`` (a time offered in the round was booked), ``prepared`` (the
    employee's, or the team's, preparation is shared) and ``accepted_at`` (when the
    summary was accepted). Dates and states only: no content is read."""
    found = Conversation.objects.filter(round_link__round=round_, leader=leader)
    if units is not None:
        found = found.filter(subtree_q("round_link__unit__path", units))
    accepted = ConversationEvent.objects.filter(
        conversation=OuterRef("pk"), to_state=State.ACCEPTED
    ).exclude(from_state=State.ACCEPTED)
    return (
        found.select_related("kind", "person", "team")
        .annotate(
            booked=Exists(Slot.objects.filter(conversation=OuterRef("pk"))),
            prepared=Exists(
                Preparation.objects.filter(
                    conversation=OuterRef("pk"), shared_at__isnull=False
                ).exclude(person_id=OuterRef("leader_id"))
            ),
            accepted_at=Subquery(accepted.order_by("-at").values("at")[:1]),
        )
        .order_by(Coalesce("person__name", "team__name"), "kind__order", "pk")
    )
