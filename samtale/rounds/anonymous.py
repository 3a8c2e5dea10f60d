"""What TR and AMR see of a round's progress and report: the counts of their scope with
the small numbers hidden, through ``samtale.lib.anonymity`` (``k`` is
``SAMTALE_MIN_GROUP``, 5 by default). A representative sees no names, so a small count
would point at people: "1 cancelled" in a unit of four says whose MUS fell through.

Hidden or shown are the *parts* every shown number adds up from: each conversation of
the round is in one of five states (not booked, invited, held, summary accepted,
cancelled), and each conversation with a follow-up waiting is in one of two (waiting,
overdue). The parts are hidden along the tree of units at once (``anonymise_tree``):
each in every table that shows it or in none, and no sum of a unit's own conversations
and those of the units below it gives a hidden part away. Above the scope's topmost
units is one more node, all of them together (the page's "All units", the report's
totals); the report's counts per kind are the same parts split another way.

Every other number shown is a sum of parts: a unit's conversations in all, the held
(held and summary accepted), the not held, the follow-ups pending (waiting and
overdue), the share held, and the person-hours of the held conversations. A sum is
shown only when all of its parts are: a total beside every part but one would give that
one away. Hidden parts come at least two to a sum of the tree, so a sum of them hidden
alike gives none of them away either.

HR of a part of the round sees the whole round's progress: the numbers of their own HR
scope whole (they see its names), the rest hidden where small (``shown`` of
``anonymise_tree``: a sum of shown numbers never leaves one hidden number to work out).
Administrators, HR of the whole round and leaders in their own line see names
(``policy.counts_whole_within``), so their counts are not hidden: they would learn
nothing new.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.utils.html import format_html
from django.utils.safestring import SafeString

from samtale.lib.anonymity import (
    DASH,
    AnonymousTree,
    Cell,
    Suppressed,
    anonymise_tree,
    min_group,
)
from samtale.lib.paths import within
from samtale.org.models import OrgUnit
from samtale.rounds.progress import STAGES, Counts, Node

# The parts, in the order of ``progress.STAGES`` and then the follow-ups.
PARTS = (
    "not_booked",
    "invited",
    "held",
    "accepted",
    "cancelled",
    "follow_up_waiting",
    "follow_up_overdue",
)
ALL = 0  # the node above the topmost units (a unit's id is at least 1)


@dataclass(frozen=True)
class HiddenCounts:
    """A ``progress.Counts`` as a representative sees it: each part, or None where it is
    hidden; each sum only when all its parts are shown. Read like ``Counts``."""

    not_booked: int | None = 0
    invited: int | None = 0
    held: int | None = 0
    accepted: int | None = 0
    cancelled: int | None = 0
    follow_up_waiting: int | None = 0
    follow_up_overdue: int | None = 0

    @classmethod
    def of(cls, cells: Mapping[str, Cell[Any]]) -> HiddenCounts:
        return cls(**{part: cells[part].people for part in PARTS})

    def _sum(self, *parts: str) -> int | None:
        values = [getattr(self, part) for part in parts]
        return None if None in values else sum(values)

    @property
    def total(self) -> int | None:
        return self._sum("not_booked", "invited", "held", "accepted", "cancelled")

    @property
    def done(self) -> int | None:
        return self._sum("held", "accepted")

    @property
    def not_held(self) -> int | None:
        return self._sum("not_booked", "invited", "cancelled")

    @property
    def follow_up_pending(self) -> int | None:
        return self._sum("follow_up_waiting", "follow_up_overdue")

    @property
    def done_percent(self) -> int | None:
        total, done = self.total, self.done
        if total is None or done is None:
            return None
        return round(100 * done / total) if total else 0

    @property
    def any(self) -> bool:
        """Some conversation counts here: a hidden part is never 0."""
        return any(getattr(self, part) != 0 for part in PARTS[:5])

    @property
    def stages(self) -> list[tuple[str, str, int | None]]:
        return [(code, str(label), getattr(self, code)) for code, label in STAGES]


@dataclass(frozen=True)
class HiddenNode:
    """A ``progress.Node`` as a representative sees it."""

    unit: OrgUnit
    own: HiddenCounts
    total: HiddenCounts
    children: list[HiddenNode]


@dataclass(frozen=True)
class HiddenProgress:
    """The scope's units, all of them together, and the counts per kind where they were
    asked for."""

    roots: list[HiddenNode]
    total: HiddenCounts
    kinds: dict[int, HiddenCounts]

    def node(self, pk: int) -> HiddenNode | None:
        return next((node for node in walk(self.roots) if node.unit.pk == pk), None)


def walk[T: (Node, HiddenNode)](roots: list[T]) -> Iterator[T]:
    for node in roots:
        yield node
        yield from walk(node.children)


def _parts(counts: Counts) -> dict[str, int]:
    found = {part: getattr(counts, part) for part in PARTS if part != "follow_up_waiting"}
    found["follow_up_waiting"] = counts.follow_up_pending - counts.follow_up_overdue
    return found


def hide_small(
    roots: list[Node],
    kinds: Mapping[int, Counts] | None = None,
    *,
    whole_within: tuple[str, ...] = (),
) -> HiddenProgress:
    """``roots`` (``progress.tree`` over what the viewer's progress shows: all of it, for
    a unit further down is hidden as the levels above it show it) with the small numbers
    hidden; ``kinds`` (``progress.tree_by_kind``) the same conversations by kind.
    ``whole_within``: the subtrees whose numbers are shown whole (HR's own scope:
    ``policy.counts_whole_within``)."""
    nodes = list(walk(roots))
    parents: dict[int, int | None] = {ALL: None}
    own: dict[tuple[int, str], int] = {}
    for root in roots:
        parents[root.unit.pk] = ALL
    for node in nodes:
        for child in node.children:
            parents[child.unit.pk] = node.unit.pk
        for part, n in _parts(node.own).items():
            own[(node.unit.pk, part)] = n
    split = {
        (kind, part): n
        for kind, counts in (kinds or {}).items()
        for part, n in _parts(counts).items()
    }
    tree: AnonymousTree[int, str, None] = anonymise_tree(
        own,
        parents,
        PARTS,
        split=cast(dict[tuple[Hashable, str], int], split),
        shown=[node.unit.pk for node in nodes if within(node.unit.path, whole_within)],
    )

    def hidden(node: Node) -> HiddenNode:
        pk = node.unit.pk
        return HiddenNode(
            unit=node.unit,
            own=HiddenCounts.of({part: tree.own(pk, part) for part in PARTS}),
            total=HiddenCounts.of({part: tree.subtree(pk, part) for part in PARTS}),
            children=[hidden(child) for child in node.children],
        )

    return HiddenProgress(
        roots=[hidden(root) for root in roots],
        total=HiddenCounts.of({part: tree.subtree(ALL, part) for part in PARTS}),
        kinds={
            kind: HiddenCounts.of({part: tree.split_cell(kind, part) for part in PARTS})
            for kind in kinds or {}
        },
    )


def shown_count(value: object) -> object:
    """A number as the pages show it: a hidden one (None) as a dash, with what it means
    for a screen reader."""
    if value is not None:
        return value
    return hidden_mark()


def hidden_mark() -> SafeString:
    return format_html(
        '<span aria-hidden="true">{}</span><span class="sr-only">{}</span>',
        DASH,
        Suppressed(min_group()).explanation,
    )
