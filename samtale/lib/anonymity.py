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
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

DASH = "–"


class _Total:
    """The key of a total in ``anonymise``'s ``keep_hidden``."""

    def __repr__(self) -> str:
        return "TOTAL"


TOTAL = _Total()


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
    total: Cell[V]


@dataclass(frozen=True)
class AnonymousTable[R: Hashable, C: Hashable, V]:
    """The table with its small numbers hidden (``anonymise`` makes it)."""

    rows: tuple[R, ...]
    columns: tuple[C, ...]
    k: int
    cells: Mapping[tuple[R, C], Cell[V]]
    row_totals: Mapping[R, Cell[V]]
    column_totals: Mapping[C, Cell[V]]
    total: Cell[V]

    def cell(self, row: R, column: C) -> Cell[V]:
        return self.cells[(row, column)]

    def lines(self) -> Iterator[Line[R, V]]:
        """Row by row, each with its cells in column order and its total."""
        for row in self.rows:
            yield Line(row, [self.cells[(row, c)] for c in self.columns], self.row_totals[row])

    @property
    def suppressed(self) -> int:
        """How many numbers (cells and totals) are hidden."""
        every = [*self.cells.values(), *self.row_totals.values(), *self.column_totals.values()]
        return sum(1 for c in [*every, self.total] if c.suppressed)


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
    keep_hidden: Collection[tuple[Hashable, Hashable]] = (),
) -> AnonymousTable[R, C, V]:
    """The table of ``counts`` (a missing cell is 0 people) with its totals, every number
    built from fewer than ``k`` people hidden, and every number from which one could be
    worked out (the rule is in the module's docstring). ``row_values``,
    ``column_values`` and ``total_value`` are shown with the totals where they are.

    ``keep_hidden``: numbers that must be hidden whatever their size, as (row, column)
    with ``TOTAL`` for a total (``(TOTAL, c)``: column c's total; ``(TOTAL, TOTAL)``:
    the grand total), because another table already hid the same number (a
    drill-down: a unit's column totals are its cells in the table one level up). They
    are hidden first, and the rule then protects them like any other hidden number."""
    k = min_group() if k is None else k
    rows, columns = tuple(rows), tuple(columns)
    cells: dict[tuple[R, C], Count[V]] = {}
    for key, given in counts.items():
        cells[key] = given if isinstance(given, Count) else Count(given)
    for each in cells.values():
        if each.people < 0:
            raise ValueError("A count of people cannot be negative.")
    n, m = len(rows), len(columns)
    # The extended grid: rows 0..n-1 and columns 0..m-1 are the cells; column m holds the
    # row totals, row n the column totals, (n, m) the grand total.
    grid = [[0] * (m + 1) for _ in range(n + 1)]
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            found = cells.get((row, column))
            grid[i][j] = found.people if found else 0
        grid[i][m] = sum(grid[i][:m])
    for j in range(m + 1):
        grid[n][j] = sum(grid[i][j] for i in range(n))
    row_index: dict[Hashable, int] = {row: i for i, row in enumerate(rows)}
    column_index: dict[Hashable, int] = {column: j for j, column in enumerate(columns)}
    row_index[TOTAL], column_index[TOTAL] = n, m
    forced = {
        (row_index[r], column_index[c])
        for r, c in keep_hidden
        if r in row_index and c in column_index
    }
    hidden = hide(grid, k, {(i, j) for i, j in forced if grid[i][j] > 0})

    def shown(i: int, j: int, value: V | None) -> Cell[V]:
        return Suppressed(k) if (i, j) in hidden else Shown(grid[i][j], value)

    row_values = row_values or {}
    column_values = column_values or {}
    out_cells: dict[tuple[R, C], Cell[V]] = {}
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            found = cells.get((row, column))
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


def hide(grid: list[list[int]], k: int, forced: Collection[Entry] = ()) -> set[Entry]:
    """The entries of an extended grid (cells, a last column of row totals, a last row
    of column totals and the grand total in the corner) to hide, ``forced`` among them.
    Public for the tests."""
    n, m = len(grid) - 1, len(grid[0]) - 1
    hidden = {(i, j) for i in range(n + 1) for j in range(m + 1) if 0 < grid[i][j] < k}
    hidden |= set(forced)
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
