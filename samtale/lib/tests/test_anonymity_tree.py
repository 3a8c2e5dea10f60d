"""k-anonymity through a drill-down (``anonymise_tree``): a number is hidden in every
table that shows it or in none, and no hidden number can be worked out by combining the
tables of all the levels (property tests, with the attacks of test_anonymity)."""

from __future__ import annotations

from collections.abc import Hashable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samtale.lib.anonymity import AnonymousTable, AnonymousTree, Count, Shown, anonymise_tree
from samtale.lib.tests.test_anonymity import fixed_unknowns

K = 5
COLUMNS = ("a", "b", "c")

counts = st.one_of(st.just(0), st.integers(1, K - 1), st.integers(K, 30))


@st.composite
def trees(draw):
    """A tree of up to 14 nodes (node 0 the top), each with its own people per column."""
    size = draw(st.integers(1, 14))
    parents = {0: None} | {n: draw(st.integers(0, n - 1)) for n in range(1, size)}
    columns = COLUMNS[: draw(st.integers(1, len(COLUMNS)))]
    own = {(n, c): draw(counts) for n in range(size) for c in columns}
    return parents, columns, own


@st.composite
def split_trees(draw):
    """A tree whose top's people are also split into up to three groups (per column:
    each person of the whole tree falls in one group)."""
    parents, columns, own = draw(trees())
    groups = draw(st.integers(1, 3))
    split = {}
    for c in columns:
        left = sum(v for (n, col), v in own.items() if col == c)
        for g in range(groups - 1):
            part = draw(st.integers(0, left))
            split[(f"g{g}", c)] = part
            left -= part
        split[(f"g{groups - 1}", c)] = left
    return parents, columns, own, split


def every_table(tree):
    return {node: tree.table(node) for node in tree.nodes}


class Reader:
    """What a reader of every table of the drill-down has: each number shown (one
    variable per number: a node's column total in its own table and its row in its
    parent's are one), and every sum that ties them, as the tables show them."""

    def __init__(self, result, columns, split=None) -> None:
        self.value: dict[tuple, int | None] = {}
        self.hidden_somewhere: set[tuple] = set()
        self.sums: list[tuple[list[tuple], tuple]] = []
        for node, table in result.items():
            for column in columns:
                parts = []
                for row in table.rows:
                    key = ("own" if row == node else "sub", row, column)
                    self.note(key, table.cell(row, column))
                    parts.append(key)
                total = ("sub", node, column)
                self.note(total, table.column_totals[column])
                self.sums.append((parts, total))
        if split is not None:
            top = next(iter(result))  # every_table lists the top first
            for column in columns:
                parts = []
                for row in split.rows:
                    self.note(("split", row, column), split.cell(row, column))
                    parts.append(("split", row, column))
                self.note(("sub", top, column), split.column_totals[column])
                self.sums.append((parts, ("sub", top, column)))

    def note(self, key, cell) -> None:
        """A number shown in any table is known, even where another table hides it."""
        shown = cell.people if isinstance(cell, Shown) else None
        if shown is None:
            self.hidden_somewhere.add(key)
        if self.value.get(key) is None:
            self.value[key] = shown

    def given_away(self) -> set[tuple]:
        """Hidden in one table, shown in another."""
        return {key for key in self.hidden_somewhere if self.value[key] is not None}

    def sum_by_sum(self) -> set[tuple]:
        """A sum with one unknown, or whose unknowns add up to their count (each at least
        1, as 0 is shown), repeated with what was found."""
        known = {k: v for k, v in self.value.items() if v is not None}
        found: set[tuple] = set()
        progress = True
        while progress:
            progress = False
            for parts, total in self.sums:
                unknown = [p for p in parts if p not in known]
                if total in known:
                    rest = known[total] - sum(known[p] for p in parts if p in known)
                    if len(unknown) == 1:
                        solved = {unknown[0]: rest}
                    elif unknown and rest == len(unknown):
                        solved = dict.fromkeys(unknown, 1)
                    else:
                        continue
                elif not unknown:
                    solved = {total: sum(known[p] for p in parts)}
                else:
                    continue
                known |= solved
                found |= set(solved)
                progress = True
        return found

    def linear(self) -> set[tuple]:
        """The hidden numbers that every combination of all the sums fixes."""
        known = {k: v for k, v in self.value.items() if v is not None}
        return fixed_unknowns(self.sums, known)


@settings(max_examples=500, deadline=None)
@given(trees())
def test_no_hidden_number_can_be_worked_out_from_all_the_levels(tree):
    parents, columns, own = tree
    reader = Reader(every_table(anonymise_tree(own, parents, columns, k=K)), columns)
    for key, shown in reader.value.items():
        assert shown is None or shown == 0 or shown >= K, key
    assert reader.given_away() == set()
    assert reader.sum_by_sum() == set()
    assert reader.linear() == set()


def level_by_level(own, parents, columns):
    """Each level's table anonymised on its own (what the tree's rule replaces): every
    node's table as a tree of one level, the node's children counted whole."""
    children = {n: [c for c, p in parents.items() if p == n] for n in parents}

    def whole(node, column):
        found = own.get((node, column), 0)
        return found + sum(whole(child, column) for child in children[node])

    tables = {}
    for node in parents:
        local = {(node, c): own.get((node, c), 0) for c in columns}
        local |= {(child, c): whole(child, c) for child in children[node] for c in columns}
        flat = {node: None} | dict.fromkeys(children[node], node)
        tables[node] = anonymise_tree(local, flat, columns, k=K).table(node)
    return tables


@settings(max_examples=400, deadline=None)
@given(split_trees())
def test_nor_from_the_levels_and_the_top_split_another_way(tree):
    parents, columns, own, split = tree
    result = anonymise_tree(own, parents, columns, split=split, k=K)
    reader = Reader(every_table(result), columns, split=result.split_table())
    for key, shown in reader.value.items():
        assert shown is None or shown == 0 or shown >= K, key
    assert reader.given_away() == set()
    assert reader.sum_by_sum() == set()
    assert reader.linear() == set()


def test_a_split_that_does_not_add_up_is_refused():
    with pytest.raises(ValueError):
        anonymise_tree({("top", "a"): 6}, {"top": None}, ["a"], split={("g", "a"): 5}, k=K)
    # in any column, also when the first adds up and what to hide was decided before
    own: dict[tuple[str, str], Count[None] | int] = {("top", "a"): 6, ("top", "b"): 7}
    split: dict[tuple[Hashable, str], Count[None] | int] = {("g", "a"): 6, ("g", "b"): 5}
    with pytest.raises(ValueError):
        anonymise_tree(own, {"top": None}, ["a", "b"], split=split, k=K)
    with pytest.raises(ValueError):
        anonymise_tree(own, {"top": None}, ["a", "b"], split=split, k=K, decided=(K, frozenset()))


def test_the_reader_recovers_what_levels_anonymised_on_their_own_give_away():
    """The attacks are real: x (4 + 3) is hidden in the top table to protect its sibling
    y (2), but x's own table, anonymised alone, shows x's total, and with it y."""
    parents = {"top": None, "x": "top", "y": "top", "z": "top", "x1": "x", "x2": "x"}
    own = {("x1", "a"): 4, ("x2", "a"): 3, ("y", "a"): 2, ("z", "a"): 30}
    reader = Reader(level_by_level(own, parents, ["a"]), ["a"])
    assert ("sub", "x", "a") in reader.given_away()
    assert ("sub", "y", "a") in reader.sum_by_sum() | reader.linear()
    safe = Reader(every_table(anonymise_tree(own, parents, ["a"], k=K)), ["a"])
    assert safe.given_away() == safe.sum_by_sum() == safe.linear() == set()


def test_a_unit_hidden_above_stays_hidden_below():
    """Two small units and a large one: the top table hides both small ones; their own
    tables hide their totals too, and the small units' own people with them."""
    parents = {"top": None, "x": "top", "y": "top", "z": "top"}
    own = {("x", "a"): 3, ("y", "a"): 2, ("z", "a"): 20}
    result: AnonymousTree[str, str, object] = anonymise_tree(own, parents, ["a"], k=K)
    top = result.table("top")
    assert top.cell("x", "a").suppressed and top.cell("y", "a").suppressed
    assert top.cell("z", "a") == Shown(20)
    assert top.column_totals["a"] == Shown(25)
    assert result.table("x").column_totals["a"].suppressed
    assert result.table("x").cell("x", "a").suppressed
    assert result.table("z").column_totals["a"] == Shown(20)


def test_sub_units_cannot_add_up_to_a_number_hidden_above():
    """x (7) is hidden above to protect its sibling y (2); x's own table then hides its
    sub-units of 4 and 3, which would otherwise add up to it."""
    parents = {"top": None, "x": "top", "y": "top", "z": "top", "x1": "x", "x2": "x"}
    own = {("x1", "a"): 4, ("x2", "a"): 3, ("y", "a"): 2, ("z", "a"): 30}
    result: AnonymousTree[str, str, object] = anonymise_tree(own, parents, ["a"], k=K)
    assert result.table("top").cell("x", "a").suppressed
    below = result.table("x")
    assert below.column_totals["a"].suppressed
    assert below.cell("x1", "a").suppressed and below.cell("x2", "a").suppressed


def test_columns_are_counted_on_their_own_and_rows_have_no_totals():
    parents = {"top": None, "x": "top", "y": "top"}
    own = {("x", "a"): 2, ("y", "a"): 9, ("x", "b"): 9, ("y", "b"): 9}
    table: AnonymousTable[str, str, object] = anonymise_tree(own, parents, ["a", "b"], k=K).table(
        "top"
    )
    assert table.cell("x", "a").suppressed and table.cell("y", "a").suppressed
    assert table.cell("x", "b") == Shown(9)  # column b has nothing small
    assert table.total is None and [line.total for line in table.lines()] == [None, None]


def test_own_people_are_a_row_of_their_own_with_their_values():
    parents = {"top": None, "x": "top"}
    own: dict[tuple[str, str], Count[str] | int] = {("top", "a"): Count(6, "own"), ("x", "a"): 9}
    values = {("x", "a"): "x's", ("top", "a"): "all"}
    table = anonymise_tree(own, parents, ["a"], values=values, k=K).table("top")
    assert table.rows == ("x", "top")
    assert table.cell("top", "a") == Shown(6, "own")
    assert table.cell("x", "a") == Shown(9, "x's")
    assert table.column_totals["a"] == Shown(15, "all")


def test_a_cycle_in_the_parents_is_refused():
    with pytest.raises(ValueError):
        anonymise_tree({}, {"a": "b", "b": "a"}, ["c"], k=K)


@settings(max_examples=200, deadline=None)
@given(split_trees())
def test_a_tree_made_again_with_what_was_decided_shows_the_same(tree):
    """``decided``: a process that reads the same numbers later makes the same tables
    without working out again what to hide."""
    parents, columns, own, split = tree
    first = anonymise_tree(own, parents, columns, split=split, k=K)
    again = anonymise_tree(own, parents, columns, split=split, k=K, decided=first.decided)
    assert every_table(again) == every_table(first)
    assert again.split_table() == first.split_table()


def test_what_was_decided_is_not_worked_out_again(monkeypatch):
    from samtale.lib import anonymity

    parents = {"top": None, "x": "top", "y": "top"}
    own: dict[tuple[str, str], int] = {("x", "a"): 2, ("y", "a"): 9, ("top", "a"): 0}
    first: AnonymousTree[str, str, None] = anonymise_tree(own, parents, ["a"], k=K)
    assert first.table("top").cell("x", "a").suppressed
    monkeypatch.setattr(anonymity, "_hide_sums", lambda *_: pytest.fail("worked out again"))
    again: AnonymousTree[str, str, None] = anonymise_tree(
        own, parents, ["a"], k=K, decided=first.decided
    )
    assert again.table("top") == first.table("top")
    with pytest.raises(ValueError):  # the numbers are still checked
        anonymise_tree({("x", "a"): -1}, parents, ["a"], k=K, decided=first.decided)


def test_own_values_given_apart_are_read_only_for_the_tables_shown():
    class Asked(dict):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            self.asked: set = set()

        def get(self, key, default=None):
            self.asked.add(key)
            return super().get(key, default)

    parents = {"top": None, "x": "top", "z": "x"}
    own = {("top", "a"): 6, ("x", "a"): 7, ("z", "a"): 8}
    own_values = Asked({("top", "a"): "top's", ("x", "a"): "x's", ("z", "a"): "z's"})
    tree = anonymise_tree(own, parents, ["a"], own_values=own_values, k=K)
    assert own_values.asked == set()
    assert tree.table("top").cell("top", "a") == Shown(6, "top's")
    assert own_values.asked == {("top", "a")}


def test_what_was_decided_for_another_k_is_worked_out_again():
    """A k changed (SAMTALE_MIN_GROUP) while the numbers stayed: what was hidden for the
    old k must not be shown for the new one."""
    parents = {"top": None, "x": "top", "y": "top", "z": "top"}
    own: dict[tuple[str, str], int] = {("x", "a"): 7, ("y", "a"): 8, ("z", "a"): 20}
    small: AnonymousTree[str, str, None] = anonymise_tree(own, parents, ["a"], k=5)
    assert not small.table("top").cell("x", "a").suppressed
    larger: AnonymousTree[str, str, None] = anonymise_tree(
        own, parents, ["a"], k=10, decided=small.decided
    )
    assert larger.table("top").cell("x", "a").suppressed
    assert larger.table("top") == anonymise_tree(own, parents, ["a"], k=10).table("top")


@st.composite
def trees_partly_shown(draw):
    """A tree, and some of its subtrees shown whole (a node with every node below it)."""
    parents, columns, own = draw(trees())
    children = {n: [c for c, p in parents.items() if p == n] for n in parents}
    shown: set[int] = set()
    for top in draw(st.sets(st.sampled_from(sorted(parents)), max_size=3)):
        stack = [top]
        while stack:
            node = stack.pop()
            shown.add(node)
            stack.extend(children[node])
    return parents, columns, own, shown


@settings(max_examples=400, deadline=None)
@given(trees_partly_shown())
def test_subtrees_shown_whole_give_no_hidden_number_away(tree):
    """The numbers of the subtrees shown whole stay shown, small or not; the numbers
    hidden elsewhere still cannot be worked out from all the levels together."""
    parents, columns, own, shown = tree
    result = anonymise_tree(own, parents, columns, k=K, shown=shown)
    for node in shown:
        for c in columns:
            assert not result.subtree(node, c).suppressed
            assert not result.own(node, c).suppressed
    reader = Reader(every_table(result), columns)
    assert reader.given_away() == set()
    assert reader.sum_by_sum() == set()
    assert reader.linear() == set()


def test_a_node_shown_whole_needs_its_nodes_below_shown():
    with pytest.raises(ValueError, match="every node below"):
        anonymise_tree({(1, "a"): 1}, {0: None, 1: 0}, ("a",), k=K, shown={0})
