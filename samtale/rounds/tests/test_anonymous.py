"""What TR and AMR see of a round's counts (``rounds.anonymous``), on trees of units made
up here: small numbers hidden, no hidden one to be worked out from the sums the pages
show, and a sum shown only with all its parts. No database: the units are unsaved."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import override_settings

from samtale.org.models import OrgUnit
from samtale.rounds import progress
from samtale.rounds.anonymous import (
    ALL,
    PARTS,
    HiddenCounts,
    HiddenProgress,
    hide_small,
    shown_count,
    walk,
)

STATES = PARTS[:5]


def _counts(rng: random.Random) -> progress.Counts:
    counts = progress.Counts(**{state: rng.choice([0, 0, 1, 2, 3, 5, 8, 13]) for state in STATES})
    done = counts.done
    counts.follow_up_pending = rng.randint(0, done)
    counts.follow_up_overdue = rng.randint(0, counts.follow_up_pending)
    return counts


def _forest(rng: random.Random, units: int) -> list[progress.Node]:
    """Units in a random forest, each with random counts of its own, rolled up as
    ``progress.tree`` rolls them."""
    nodes: list[progress.Node] = []
    roots: list[progress.Node] = []
    for pk in range(1, units + 1):
        node = progress.Node(OrgUnit(pk=pk, name=f"Enhed {pk}"), own=_counts(rng))
        parent = rng.choice([None, *nodes]) if nodes else None
        (roots if parent is None else parent.children).append(node)
        nodes.append(node)

    def roll(node: progress.Node) -> progress.Counts:
        node.total = progress.Counts()
        node.total.add(node.own)
        for child in node.children:
            node.total.add(roll(child))
        return node.total

    for root in roots:
        roll(root)
    return roots


def _parts(counts: progress.Counts) -> dict[str, int]:
    found = {part: getattr(counts, part, 0) for part in PARTS}
    found["follow_up_waiting"] = counts.follow_up_pending - counts.follow_up_overdue
    return found


def _by_kind(rng: random.Random, roots: list[progress.Node]) -> dict[int, progress.Counts]:
    """The same conversations split between two kinds at random, part by part."""
    kinds = {1: progress.Counts(), 2: progress.Counts()}
    for node in walk(roots):
        for part, n in _parts(node.own).items():
            first = rng.randint(0, n)
            for kind, share in ((1, first), (2, n - first)):
                field = "follow_up_pending" if part == "follow_up_waiting" else part
                setattr(kinds[kind], field, getattr(kinds[kind], field) + share)
                if part == "follow_up_overdue":
                    kinds[kind].follow_up_pending += share
    return kinds


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_number_can_be_worked_out(seed):
    rng = random.Random(seed)
    roots = _forest(rng, rng.randint(1, 12))
    kinds = _by_kind(rng, roots)
    shown = hide_small(roots, kinds)
    counted = {node.unit.pk: node for node in walk(roots)}
    hidden = {node.unit.pk: node for node in walk(shown.roots)}
    whole = progress.Counts()
    for root in roots:
        whole.add(root.total)

    # every shown part is the true number, every hidden one is small or protects one
    for pk, hidden_node in hidden.items():
        for which in ("own", "total"):
            true = _parts(getattr(counted[pk], which))
            seen = getattr(hidden_node, which)
            for part in PARTS:
                value = getattr(seen, part)
                assert value is None or value == true[part]
                if 0 < true[part] < 5:
                    assert value is None, (pk, which, part)

    # each sum the pages show (a unit is its own plus its units below; all of them is
    # the topmost units; the kinds add up to all) never has exactly one hidden part
    def sums() -> list[list[HiddenCounts]]:
        found = [
            [node.total, node.own, *(c.total for c in node.children)] for node in hidden.values()
        ]
        found.append([shown.total, *(root.total for root in shown.roots)])
        found.append([shown.total, *shown.kinds.values()])
        return found

    for members in sums():
        for part in PARTS:
            unknown = [m for m in members if getattr(m, part) is None]
            assert len(unknown) != 1, (seed, part)

    # a sum of parts is shown only with all its parts
    for seen in [shown.total, *shown.kinds.values(), *(n.total for n in hidden.values())]:
        states = [getattr(seen, state) for state in STATES]
        assert (seen.total is None) == (None in states)
        assert (seen.done is None) == (seen.held is None or seen.accepted is None)
        pending = (seen.follow_up_waiting, seen.follow_up_overdue)
        assert (seen.follow_up_pending is None) == (None in pending)
        assert (seen.done_percent is None) == (seen.total is None or seen.done is None)
    if shown.total.total is not None:
        assert shown.total.total == whole.total
    assert ALL not in hidden


def test_nothing_hidden_of_large_numbers_or_with_k_1():
    unit = OrgUnit(pk=1, name="Stor")
    counts = progress.Counts(not_booked=5, invited=0, held=6, accepted=9, cancelled=0)
    counts.follow_up_pending, counts.follow_up_overdue = 12, 5
    node = progress.Node(unit, own=counts, total=counts)
    shown = hide_small([node])
    assert shown.total == HiddenCounts(5, 0, 6, 9, 0, 7, 5)
    assert (shown.total.total, shown.total.done, shown.total.done_percent) == (20, 15, 75)
    assert shown.total.follow_up_pending == 12 and shown.total.not_held == 5
    small = progress.Counts(not_booked=1, held=2)
    with override_settings(SAMTALE_MIN_GROUP=1):
        seen = hide_small([progress.Node(unit, own=small, total=small)]).total
    assert (seen.total, seen.done, seen.not_booked) == (3, 2, 1)
    seen = hide_small([progress.Node(unit, own=small, total=small)]).total
    assert (seen.total, seen.done, seen.not_booked, seen.invited) == (None, None, None, 0)
    assert seen.any and not HiddenCounts().any


def test_a_hidden_number_is_a_dash_that_says_why():
    assert shown_count(3) == 3 and shown_count(0) == 0
    mark = str(shown_count(None))
    assert mark.startswith('<span aria-hidden="true">–</span><span class="sr-only">')
    assert "5" in mark


type Key = tuple[Any, ...]


def _equations(
    shown: HiddenProgress, kinds: bool
) -> tuple[list[tuple[list[Key], Key]], dict[Key, int]]:
    """Every sum the pages show, as linear equations over the parts (keys (what, key,
    part)), and the numbers they show (hidden ones left out)."""
    sums: list[tuple[list[Key], Key]] = []
    known: dict[Key, int] = {}
    counted: list[tuple[Key, HiddenCounts]] = [(("all",), shown.total)]
    for node in walk(shown.roots):
        counted += [(("sub", node.unit.pk), node.total), (("own", node.unit.pk), node.own)]
    counted += [(("kind", kind), counts) for kind, counts in shown.kinds.items()]
    for key, counts in counted:
        for part in PARTS:
            if getattr(counts, part) is not None:
                known[(*key, part)] = getattr(counts, part)
        for name, parts in (
            ("total", STATES),
            ("done", ("held", "accepted")),
            ("not_held", ("not_booked", "invited", "cancelled")),
            ("follow_up_pending", ("follow_up_waiting", "follow_up_overdue")),
        ):
            sums.append(([(*key, part) for part in parts], (*key, name)))
            if getattr(counts, name) is not None:
                known[(*key, name)] = getattr(counts, name)
    for part in PARTS:
        sums.append(([("sub", root.unit.pk, part) for root in shown.roots], ("all", part)))
        for node in walk(shown.roots):
            members: list[Key] = [("own", node.unit.pk, part)]
            members += [("sub", child.unit.pk, part) for child in node.children]
            sums.append((members, ("sub", node.unit.pk, part)))
        if kinds:
            sums.append(([("kind", kind, part) for kind in shown.kinds], ("all", part)))
    return sums, known


@pytest.mark.parametrize("seed", range(25))
def test_no_combination_of_the_shown_numbers_gives_a_part_away(seed):
    """All the sums at once (every level, the kinds, and the totals, held, not held and
    pending beside the parts), solved by Gaussian elimination: no hidden part is fixed."""
    from samtale.lib.tests.test_anonymity import fixed_unknowns

    rng = random.Random(1000 + seed)
    roots = _forest(rng, rng.randint(1, 9))
    kinds = _by_kind(rng, roots)
    shown = hide_small(roots, kinds)
    sums, known = _equations(shown, kinds=True)
    fixed = fixed_unknowns(sums, known)
    parts_fixed = {key for key in fixed if key[-1] in PARTS}
    assert not parts_fixed, (seed, sorted(parts_fixed, key=repr)[:5])
