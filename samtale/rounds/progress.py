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
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

from django.db.models import Count
from django.utils import timezone

from samtale.conversations.followups.queries import overdue_q, waiting_q
from samtale.conversations.lifecycle import State
from samtale.conversations.models import FollowUpRequest
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person
from samtale.org.policy import subtree_q
from samtale.rounds import policy
from samtale.rounds.models import Round, RoundConversation

STAGE_OF_STATE: dict[str, str] = {
    State.PLANNED: "not_booked",
    State.INVITED: "invited",
    State.RESCHEDULED: "invited",
    State.HELD: "held",
    State.ACCEPTED: "accepted",
    State.CLOSED: "accepted",
    State.CANCELLED: "cancelled",
}


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
    leader: Person | None = None,
    today: datetime.date | None = None,
) -> list[Node]:
    """The round's units as trees of counts. ``within``: only these subtrees (a TR's or
    AMR's scope), cut where they meet the round. ``leader``: only the conversations this
    leader holds (their own people)."""
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
    if leader is not None:
        links = links.filter(conversation__leader=leader)
    for row in links.order_by().values("unit_id", "conversation__state").annotate(n=Count("pk")):
        if row["unit_id"] not in nodes:  # a unit moved out of the round since
            continue
        counts = nodes[row["unit_id"]].own
        stage = STAGE_OF_STATE[row["conversation__state"]]
        setattr(counts, stage, getattr(counts, stage) + row["n"])

    today = today or timezone.localdate()
    waiting_requests = FollowUpRequest.objects.filter(
        waiting_q(), conversation__round_link__round=round_
    )
    if leader is not None:
        waiting_requests = waiting_requests.filter(conversation__leader=leader)
    requests = (
        waiting_requests.order_by()
        .values("conversation__round_link__unit_id")
        .annotate(
            pending=Count("conversation", distinct=True),
            overdue=Count("conversation", filter=overdue_q(today), distinct=True),
        )
    )
    for waiting in requests:
        if waiting["conversation__round_link__unit_id"] not in nodes:
            continue
        counts = nodes[waiting["conversation__round_link__unit_id"]].own
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
    return roots


def overall(round_: Round) -> Counts:
    """The whole round's counts."""
    total = Counts()
    for root in tree(round_):
        total.add(root.total)
    return total
