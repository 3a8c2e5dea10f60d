"""k-anonymous tables: the one place that hides the small numbers of an aggregate.

Every overview above a leader's own people (HR's, TR's and AMR's, management's) shows its
numbers through ``anonymise``. It takes a table of counts (rows x columns, for instance
units x competences; each cell the number of people it is built from and optionally a
value shown for them, such as an average level or a count per level) and gives back the
same table with row totals, column totals and a grand total, in which

1. **small cells are hidden**: a cell or total built from more than 0 but fewer than
   ``k`` people (``settings.SAMTALE_MIN_GROUP``, 5 by default) is ``Suppressed``. A cell
   of 0 people is shown as 0: it tells about nobody.
2. **a hidden number cannot be worked out from the shown ones** (complementary
   suppression). The table is a set of sums: each row's cells add up to the row's total,
   each column's to the column's, the row totals and the column totals to the grand
   total. Whenever one of those sums has exactly one hidden number, it could be found by
   subtraction, so one more is hidden: the smallest shown non-zero cell of that sum, or
   its total if no cell is left. The same when the hidden numbers of a sum whose total
   is shown add up to their own count (each must be at least 1, as 0 is shown, so they
   would all be 1). And since hidden numbers can also be found by combining several
   sums (adding some rows and subtracting some columns), every hidden number is made
   part of a closed chain of hidden numbers (a cycle of rows and columns): one that is
   not (a *bridge* between two groups of hidden numbers) gets the cheapest chain of
   shown numbers, counted in people, hidden with it. This repeats until nothing
   changes.

What the rule promises: no hidden number can be recovered exactly from the shown
numbers by adding and subtracting rows, columns and totals, however combined. What it
does not: someone who also knows that counts are whole numbers of at least 1 may, in
rare tables, narrow a hidden number to a range.

Every hidden number looks the same (``Suppressed`` carries no reason): saying which
were hidden for being small and which to protect another would tell a reader which
cells are small. Templates show ``"–"`` with ``Suppressed.explanation``.

A total counts people as the sum of its cells; a table whose totals count something
else (distinct people where a person is in several columns) is a different table and
must be built as one. This module knows no domain model.

A drill-down (the whole organisation, then a forvaltning, then a unit) is many tables
that share numbers: a unit's totals are its row in its parent's table, and its
sub-units' rows add up to them. Hiding each table on its own lets the levels give each
other away (a unit hidden above to protect a sibling, shown whole in its own table).
``anonymise_tree`` hides the numbers of the whole tree at once, column by column, so
that each number is hidden in every table that shows it or in none, and no combination
of sums across the levels gives a hidden one away.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

DASH = "–"


@dataclass(frozen=True, slots=True)
class Count[V]:
    """What a cell is built from: the number of people, and what is shown for them."""

    people: int
    value: V | None = None


@dataclass(frozen=True, slots=True)
class Shown[V]:
    """A number that may be shown: the people it is built from and its value."""

    people: int
    value: V | None = None

    @property
    def suppressed(self) -> bool:
        return False

    def __str__(self) -> str:
        return str(self.people)


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A hidden number. It says nothing of why (see the module's docstring)."""

    k: int

    @property
    def suppressed(self) -> bool:
        return True

    @property
    def people(self) -> None:
        return None

    @property
    def value(self) -> None:
        return None

    @property
    def explanation(self) -> str:
        return gettext(
            "Hidden: fewer than %(k)s people, or a number from which a group of fewer "
            "than %(k)s could be worked out"
        ) % {"k": self.k}

    def __str__(self) -> str:
        return DASH


type Cell[V] = Shown[V] | Suppressed


@dataclass(frozen=True)
class Line[R: Hashable, V]:
    """A row of the table as a template lists it: its key, cells and total."""

    key: R
    cells: list[Cell[V]]
    total: Cell[V] | None


@dataclass(frozen=True)
class AnonymousTable[R: Hashable, C: Hashable, V]:
    """The table with its small numbers hidden (``anonymise`` makes it)."""

    rows: tuple[R, ...]
    columns: tuple[C, ...]
    k: int
    cells: Mapping[tuple[R, C], Cell[V]]
    row_totals: Mapping[R, Cell[V]]  # empty when the rows have no totals
    column_totals: Mapping[C, Cell[V]]
    total: Cell[V] | None  # None without row totals

    def cell(self, row: R, column: C) -> Cell[V]:
        return self.cells[(row, column)]

    def lines(self) -> Iterator[Line[R, V]]:
        """Row by row, each with its cells in column order and its total."""
        for row in self.rows:
            cells = [self.cells[(row, c)] for c in self.columns]
            yield Line(row, cells, self.row_totals.get(row))

    @property
    def suppressed(self) -> int:
        """How many numbers (cells and totals) are hidden."""
        every = [*self.cells.values(), *self.row_totals.values(), *self.column_totals.values()]
        return sum(1 for c in [*every, self.total] if c is not None and c.suppressed)


def min_group() -> int:
    """``k``: the smallest group a shown number may be built from."""
    return int(getattr(settings, "SAMTALE_MIN_GROUP", 5))


def anonymise[R: Hashable, C: Hashable, V](
    counts: Mapping[tuple[R, C], Count[V] | int],
    rows: Sequence[R],
    columns: Sequence[C],
    *,
    row_values: Mapping[R, V] | None = None,
    column_values: Mapping[C, V] | None = None,
    total_value: V | None = None,
    k: int | None = None,
) -> AnonymousTable[R, C, V]:
    """The table of ``counts`` (a missing cell is 0 people) with its totals, every number
    built from fewer than ``k`` people hidden, and every number from which one could be
    worked out (the rule is in the module's docstring). ``row_values``,
    ``column_values`` and ``total_value`` are shown with the totals where they are."""
    k = min_group() if k is None else k
    table = _Table(_counts(counts), tuple(rows), tuple(columns))
    return table.shown(hide(table.grid, k), k, row_values or {}, column_values or {}, total_value)


class AnonymousTree[N: Hashable, C: Hashable, V]:
    """The drill-down tables of a tree (``anonymise_tree`` makes it): one per node, its
    rows the node's children and, last, the node's own people (keyed by the node). A
    table is built when asked for; what is hidden is decided for the whole tree."""

    def __init__(
        self,
        *,
        k: int,
        columns: tuple[C, ...],
        children: Mapping[N, list[N]],
        own: Mapping[tuple[N, C], int],
        own_values: Mapping[tuple[N, C], V],
        subtree: Mapping[tuple[N, C], int],
        values: Mapping[tuple[N, C], V],
        hidden: frozenset[tuple[str, Hashable, C]],
        split: tuple[list[Hashable], Mapping[tuple[Hashable, C], Count[V]], N | None],
    ) -> None:
        self.k, self.columns, self.children = k, columns, children
        self._own, self._own_values, self._subtree = own, own_values, subtree
        self._values, self._hidden, self._split = values, hidden, split

    @property
    def decided(self) -> Decided[C]:
        """What was hidden, and for which ``k``: for ``anonymise_tree(..., decided=)`` with
        the same numbers."""
        return (self.k, self._hidden)

    @property
    def nodes(self) -> Iterator[N]:
        return iter(self.children)

    def split_table(self) -> AnonymousTable[Hashable, C, V]:
        """The top's people split the other way (``anonymise_tree``'s ``split``), with
        the top's totals."""
        rows, cells, top = self._split
        shown_rows = [
            r for r in rows if any((f := cells.get((r, c))) and f.people for c in self.columns)
        ]
        out: dict[tuple[Hashable, C], Cell[V]] = {
            (row, c): self.split_cell(row, c) for row in shown_rows for c in self.columns
        }
        totals: dict[C, Cell[V]] = (
            {c: self.subtree(top, c) for c in self.columns} if top is not None else {}
        )
        return AnonymousTable(
            rows=tuple(shown_rows),
            columns=self.columns,
            k=self.k,
            cells=out,
            row_totals={},
            column_totals=totals,
            total=None,
        )

    def split_cell(self, row: Hashable, column: C) -> Cell[V]:
        """A row of the split in a column (0 for a row the split does not name)."""
        _rows, cells, _top = self._split
        found = cells.get((row, column))
        people, value = (found.people, found.value) if found else (0, None)
        return self._shown("split", row, column, people, value)

    def own(self, node: N, column: C) -> Cell[V]:
        """The people directly in a node in a column (the node's own row in its table)."""
        people = self._own.get((node, column), 0)
        return self._shown("own", node, column, people, self._own_values.get((node, column)))

    def _shown(self, kind: str, node: Hashable, column: C, people: int, value: V | None) -> Cell[V]:
        if (kind, node, column) in self._hidden:
            return Suppressed(self.k)
        return Shown(people, value)

    def subtree(self, node: N, column: C) -> Cell[V]:
        """A node's whole subtree in a column (its row in its parent's table)."""
        people = self._subtree[(node, column)]
        return self._shown("sub", node, column, people, self._values.get((node, column)))

    def table(self, node: N) -> AnonymousTable[N, C, V]:
        columns, rows = self.columns, list(self.children[node])
        cells: dict[tuple[N, C], Cell[V]] = {
            (child, c): self.subtree(child, c) for child in rows for c in columns
        }
        if any(self._own.get((node, c)) for c in columns):
            rows.append(node)
            for c in columns:
                cells[(node, c)] = self.own(node, c)
        return AnonymousTable(
            rows=tuple(rows),
            columns=columns,
            k=self.k,
            cells=cells,
            row_totals={},
            column_totals={c: self.subtree(node, c) for c in columns},
            total=None,
        )


def anonymise_tree[N: Hashable, C: Hashable, V](
    own: Mapping[tuple[N, C], Count[V] | int],
    parents: Mapping[N, N | None],
    columns: Sequence[C],
    *,
    values: Mapping[tuple[N, C], V] | None = None,
    own_values: Mapping[tuple[N, C], V] | None = None,
    split: Mapping[tuple[Hashable, C], Count[V] | int] | None = None,
    k: int | None = None,
    decided: Decided[C] | None = None,
    shown: Collection[N] = (),
) -> AnonymousTree[N, C, V]:
    """The tables of a drill-down through a tree (units and their sub-units), each column
    counted on its own (a person may count in several columns, so rows have no totals).

    ``parents`` names every node's parent (None for the top); children come in its
    order. ``own`` counts the people directly in a node (not in its children) per
    column; ``values`` are shown with a whole subtree's numbers (a child's row, a node's
    column totals), ``own``'s values with the own row.

    Node X's table has a row for each child (the child's whole subtree) and, when anyone
    is directly in X, a row keyed X for them; its column totals are X's whole subtree,
    the same numbers as X's row in its parent's table. Each number is hidden everywhere
    it is shown or nowhere. Per column the numbers are tied by one sum per node (its
    total is its own people plus its children's totals); a number built from fewer than
    ``k`` people is hidden, and so is one more in every sum that would otherwise give a
    hidden number away (as ``anonymise`` does in a table's row), until none does. Every
    number takes part in at most two sums (its node's and its parent's), and the sums
    form a tree: once no sum has exactly one hidden number, no combination of sums, in
    one table or across the levels of the drill-down, has either.

    ``split``: the top's people split another way (by professional group, say), per
    column; they must add up to the top's totals. Its numbers are one more sum per
    column, tied to the tree by the top's total only, so the sums still form a tree and
    the split's table (``AnonymousTree.split_table``) is protected with the rest.

    ``own_values``: the own rows' values, when ``own`` holds only numbers of people (a
    mapping that makes a value when it is asked for: only the tables shown read them).

    ``shown``: nodes whose numbers (their own people and their whole subtree) are shown
    whatever they are, with every node below them: those whose people the viewer may see
    by name anyway (HR in its own scope). A number that would give a hidden one away is
    then found among the others; a node's sum is never left with one hidden number, as
    a sum of shown nodes holds no hidden one.

    ``decided``: what an earlier call with the very same numbers (and ``shown``) hid
    (``AnonymousTree.decided``), kept by the caller with those numbers: the tree is made
    without working it out again (a process that reads kept numbers). The numbers are
    still checked (none negative, the split adding up), and what was decided for
    another ``k`` is worked out again."""
    k = min_group() if k is None else k
    if decided is not None and decided[0] != k:
        decided = None
    columns = tuple(columns)
    values = values or {}
    own_people, given_values = _people(own)
    if own_values is None:
        own_values = given_values
    children: dict[N, list[N]] = {node: [] for node in parents}
    order: list[N] = [node for node, parent in parents.items() if parent is None]
    for node, parent in parents.items():
        if parent is not None:
            children[parent].append(node)
    index = 0
    while index < len(order):  # top-down; reversed, each node after its children
        order.extend(children[order[index]])
        index += 1
    if len(order) != len(parents):
        raise ValueError("The parents do not make a tree.")
    split_cells = _counts(split or {})
    split_rows = list(dict.fromkeys(row for row, _c in split_cells))
    tops = [node for node in order if parents[node] is None]
    if split_cells and len(tops) != 1:
        raise ValueError("Only a tree with one top can be split another way.")
    hidden: set[tuple[str, Hashable, C]] = set()
    subtree: dict[tuple[N, C], int] = {}
    for node in reversed(order):  # each node after its children
        kids = children[node]
        for column in columns:
            people = own_people.get((node, column), 0)
            for child in kids:
                people += subtree[(child, column)]
            subtree[(node, column)] = people
    if split_cells:
        split_people: dict[C, int] = {}
        for (_row, c), cell in split_cells.items():
            split_people[c] = split_people.get(c, 0) + cell.people
        if any(split_people.get(c, 0) != subtree[(tops[0], c)] for c in columns):
            raise ValueError("The split does not add up to the top's people.")
    shown = set(shown)
    if any(child not in shown for node in shown for child in children[node]):
        raise ValueError("A node shown whole has every node below it shown too.")
    for column in columns if decided is None else ():  # decided: nothing to work out
        # Top-down, each node's own people first: a tie hides the number highest up.
        number: dict[_Key, int] = {}
        for node in order:
            number[("own", node)] = own_people.get((node, column), 0)
            number[("sub", node)] = subtree[(node, column)]
        sums: list[tuple[list[_Key], _Key]] = [
            ([("own", node), *(("sub", child) for child in children[node])], ("sub", node))
            for node in order
        ]
        if split_cells:
            for row in split_rows:
                found = split_cells.get((row, column))
                number[("split", row)] = found.people if found else 0
            sums.append(([("split", row) for row in split_rows], ("sub", tops[0])))
        fixed = _shown_whole(shown, order, children, number)
        hidden |= {(kind, key, column) for kind, key in _hide_sums(number, sums, k, fixed)}
    return AnonymousTree(
        k=k,
        columns=columns,
        children=children,
        own=own_people,
        own_values=own_values,
        subtree=subtree,
        values=values,
        hidden=frozenset(hidden) if decided is None else decided[1],
        split=(split_rows, split_cells, tops[0] if tops else None),
    )


type _Key = tuple[str, Hashable]
# What a tree hid (kind, node, column) and the k it was hidden for (``AnonymousTree.decided``).
type Decided[C] = tuple[int, frozenset[tuple[str, Hashable, C]]]


def _shown_whole[N: Hashable](
    shown: set[N], order: list[N], children: Mapping[N, list[N]], number: Mapping[_Key, int]
) -> frozenset[_Key]:
    """The numbers of a column that stay shown: those of the nodes ``shown``, and the
    whole subtree of any other node with no people of its own (in this column) whose
    children's are all shown (its number is theirs added up, shown anyway)."""
    fixed = {key for node in shown for key in (("own", node), ("sub", node))}
    for node in reversed(order):  # each node after its children
        if (
            node not in shown
            and number[("own", node)] == 0
            and all(("sub", child) in fixed for child in children[node])
        ):
            fixed.add(("sub", node))
    return frozenset(fixed)


def _hide_sums(
    number: Mapping[_Key, int],
    sums: Sequence[tuple[list[_Key], _Key]],
    k: int,
    fixed: frozenset[_Key] = frozenset(),
) -> set[_Key]:
    """The numbers of one column to hide, given the sums that tie them (members, total):
    the small ones, and one more in every sum that would otherwise give a hidden number
    away (its only hidden number, or hidden numbers adding up to their count), until no
    sum does. Ties go to the number named first in ``number``. ``fixed``: numbers that
    stay shown whatever they are (another is hidden in their place)."""
    rank = {key: i for i, key in enumerate(number)}
    holding: dict[_Key, list[int]] = {}
    for index, (members, total) in enumerate(sums):
        for key in [*members, total]:
            holding.setdefault(key, []).append(index)
    hidden = {key for key, people in number.items() if 0 < people < k and key not in fixed}
    queue = list(range(len(sums)))
    waiting = set(queue)
    while queue:
        index = queue.pop()
        waiting.discard(index)
        members, total = sums[index]
        unknown = [e for e in [*members, total] if e in hidden]
        exposed = len(unknown) == 1 or (
            total not in hidden
            and len(unknown) >= 2
            and sum(number[e] for e in unknown) == len(unknown)
        )
        if not exposed:
            continue
        candidates = [e for e in members if e not in hidden and e not in fixed and number[e] > 0]
        if candidates:
            more = min(candidates, key=lambda e: (number[e], rank[e]))
        elif total not in hidden and total not in fixed and number[total] > 0:
            more = total
        else:
            continue
        hidden.add(more)
        for other in holding[more]:
            if other not in waiting:
                waiting.add(other)
                queue.append(other)
    return hidden


def _people[K, V](given: Mapping[K, Count[V] | int]) -> tuple[dict[K, int], dict[K, V]]:
    """The numbers of people of ``given``, and the values of its ``Count``s."""
    people: dict[K, int] = {}
    values: dict[K, V] = {}
    for key, each in given.items():
        if isinstance(each, Count):
            people[key] = each.people
            if each.value is not None:
                values[key] = each.value
        else:
            people[key] = each
    if any(n < 0 for n in people.values()):
        raise ValueError("A count of people cannot be negative.")
    return people, values


def _counts[K, V](given: Mapping[K, Count[V] | int]) -> dict[K, Count[V]]:
    cells = {key: each if isinstance(each, Count) else Count(each) for key, each in given.items()}
    if any(each.people < 0 for each in cells.values()):
        raise ValueError("A count of people cannot be negative.")
    return cells


class _Table[R: Hashable, C: Hashable, V]:
    """A table's cells on the extended grid: rows 0..n-1 and columns 0..m-1 are the
    cells; column m holds the row totals, row n the column totals, (n, m) the total."""

    def __init__(
        self, cells: Mapping[tuple[R, C], Count[V]], rows: tuple[R, ...], columns: tuple[C, ...]
    ) -> None:
        self.cells, self.rows, self.columns = cells, rows, columns
        n, m = len(rows), len(columns)
        grid = [[0] * (m + 1) for _ in range(n + 1)]
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                found = cells.get((row, column))
                grid[i][j] = found.people if found else 0
            grid[i][m] = sum(grid[i][:m])
        for j in range(m + 1):
            grid[n][j] = sum(grid[i][j] for i in range(n))
        self.grid = grid

    def shown(
        self,
        hidden: set[Entry],
        k: int,
        row_values: Mapping[R, V],
        column_values: Mapping[C, V],
        total_value: V | None,
    ) -> AnonymousTable[R, C, V]:
        grid, rows, columns = self.grid, self.rows, self.columns
        n, m = len(rows), len(columns)

        def shown(i: int, j: int, value: V | None) -> Cell[V]:
            return Suppressed(k) if (i, j) in hidden else Shown(grid[i][j], value)

        out_cells: dict[tuple[R, C], Cell[V]] = {}
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                found = self.cells.get((row, column))
                out_cells[(row, column)] = shown(i, j, found.value if found else None)
        return AnonymousTable(
            rows=rows,
            columns=columns,
            k=k,
            cells=out_cells,
            row_totals={row: shown(i, m, row_values.get(row)) for i, row in enumerate(rows)},
            column_totals={c: shown(n, j, column_values.get(c)) for j, c in enumerate(columns)},
            total=shown(n, m, total_value),
        )


# --- the rule on the extended grid ----------------------------------------------------

Entry = tuple[int, int]


def hide(grid: list[list[int]], k: int, forced: Iterable[Entry] = ()) -> set[Entry]:
    """The entries of an extended grid (cells, a last column of row totals, a last row
    of column totals and the grand total in the corner) to hide, starting from the small
    ones and ``forced`` (hidden elsewhere: a linked table's). Public for the tests."""
    n, m = len(grid) - 1, len(grid[0]) - 1
    hidden = {(i, j) for i in range(n + 1) for j in range(m + 1) if 0 < grid[i][j] < k}
    hidden |= {(i, j) for i, j in forced if grid[i][j] > 0}
    # Every sum of the table: (its members, its total).
    sums: list[tuple[list[Entry], Entry]] = [
        ([(i, j) for j in range(m)], (i, m)) for i in range(n + 1)
    ] + [([(i, j) for i in range(n)], (n, j)) for j in range(m + 1)]
    while True:
        changed = False
        for members, total in sums:
            unknown = [e for e in [*members, total] if e in hidden]
            exposed = len(unknown) == 1 or (
                total not in hidden
                and len(unknown) >= 2
                and sum(grid[i][j] for i, j in unknown) == len(unknown)
            )
            if not exposed:
                continue
            candidates = [e for e in members if e not in hidden and grid[e[0]][e[1]] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda e: (grid[e[0]][e[1]], e)))
                changed = True
            elif total not in hidden and grid[total[0]][total[1]] > 0:
                hidden.add(total)
                changed = True
        if changed:
            continue
        bridge = next(iter(_bridges(hidden, n, m)), None)
        if bridge is None:
            return hidden
        hidden |= _cheapest_cycle(grid, hidden, bridge)


def _bridges(hidden: set[Entry], n: int, m: int) -> list[Entry]:
    """The hidden entries not on any cycle of hidden entries, in the bipartite graph of
    rows and columns whose edges are the hidden entries (Tarjan, without recursion)."""
    adjacent: dict[tuple[str, int], list[tuple[tuple[str, int], Entry]]] = {}
    for i, j in hidden:
        adjacent.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacent.setdefault(("c", j), []).append((("r", i), (i, j)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    bridges: list[Entry] = []
    for start in sorted(adjacent):
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack: list[tuple[tuple[str, int], Entry | None, int]] = [(start, None, 0)]
        while stack:
            vertex, via, index = stack[-1]
            if index < len(adjacent[vertex]):
                stack[-1] = (vertex, via, index + 1)
                neighbour, edge = adjacent[vertex][index]
                if edge == via:
                    continue
                if neighbour in order:
                    low[vertex] = min(low[vertex], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, 0))
                continue
            stack.pop()
            if stack and via is not None:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[vertex])
                if low[vertex] > order[parent]:
                    bridges.append(via)
    return sorted(bridges)


def _cheapest_cycle(grid: list[list[int]], hidden: set[Entry], bridge: Entry) -> set[Entry]:
    """The shown entries to hide so that ``bridge`` lies on a cycle of hidden entries: the
    cheapest path (in people) from its column back to its row that does not use it,
    where hidden entries cost nothing and shown ones their number of people."""
    n, m = len(grid) - 1, len(grid[0]) - 1
    start, goal = ("c", bridge[1]), ("r", bridge[0])
    best: dict[tuple[str, int], int] = {start: 0}
    came: dict[tuple[str, int], tuple[tuple[str, int], Entry]] = {}
    queue: list[tuple[int, tuple[str, int]]] = [(0, start)]
    while queue:
        cost, vertex = heapq.heappop(queue)
        if vertex == goal:
            break
        if cost > best[vertex]:
            continue
        side, index = vertex
        for other in range(m + 1 if side == "r" else n + 1):
            entry = (index, other) if side == "r" else (other, index)
            people = grid[entry[0]][entry[1]]
            if entry == bridge or people == 0:
                continue
            step = 0 if entry in hidden else people
            neighbour = ("c" if side == "r" else "r", other)
            if cost + step < best.get(neighbour, cost + step + 1):
                best[neighbour] = cost + step
                came[neighbour] = (vertex, entry)
                heapq.heappush(queue, (cost + step, neighbour))
    if goal not in came:  # cannot happen for a grid of sums; hide every number instead
        return {(i, j) for i in range(n + 1) for j in range(m + 1) if grid[i][j] > 0}
    path: set[Entry] = set()
    vertex = goal
    while vertex != start:
        vertex, entry = came[vertex]
        if entry not in hidden:
            path.add(entry)
    return path
