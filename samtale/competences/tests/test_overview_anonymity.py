"""A property test of the heatmap's drill-down: an attacker who sees a unit's table and
the table of one of its units below (whose totals are that unit's row one level up)
cannot work out any hidden number of either table from that table's shown numbers, by
any combination of its sums (Gaussian elimination over the rationals, as in
samtale/lib/tests/test_anonymity.py), and every number the two tables share is hidden
in both or shown in both. (Combining the sums of both tables is not protected: such an
attack can recover a hidden number in rare tables; see docs/privacy-aggregates.md.)
No database: ``gaps.drill_down`` is the part of the heatmap that anonymises."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from samtale.competences.gaps import Row, Stats, drill_down
from samtale.lib.anonymity import Count

K = 5
counts = st.one_of(st.just(0), st.integers(1, K - 1), st.integers(K, 30))


def tables(draw: Any) -> tuple[int, list[list[int]], list[list[int]]]:
    m = draw(st.integers(1, 4))
    lower = draw(st.lists(st.lists(counts, min_size=m, max_size=m), min_size=1, max_size=4))
    others = draw(st.lists(st.lists(counts, min_size=m, max_size=m), min_size=0, max_size=3))
    return m, lower, others


def _level(
    cells: list[list[int]], keys: list[str], m: int
) -> tuple[list[Row], dict[tuple[Row, int], Count[Stats]]]:
    rows = [Row(key, key) for key in keys]
    return rows, {(r, c): Count(cells[i][c], Stats()) for i, r in enumerate(rows) for c in range(m)}


def solved(equations: list[dict[Any, int]], hidden: list[Any]) -> set[Any]:
    """The hidden variables that the equations fix. Each equation maps variables (shown
    ones already replaced by their numbers under the key "rhs") to coefficients."""
    index = {v: i for i, v in enumerate(hidden)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * (len(hidden) + 1)
        for var, coef in eq.items():
            if var == "rhs":
                row[-1] += coef
            else:
                row[index[var]] += coef
        rows.append(row)
    pivots: list[int] = []
    r = 0
    for col in range(len(hidden)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][col] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col]:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(col)
        r += 1
    free = set(range(len(hidden))) - set(pivots)
    return {hidden[c] for ri, c in enumerate(pivots) if not any(rows[ri][f] for f in free)}


@settings(max_examples=300, deadline=None)
@given(st.composite(tables)())
def test_no_hidden_number_of_the_drill_down_can_be_worked_out(drawn):
    m, lower, others = drawn
    columns = list(range(m))
    split = [sum(row[c] for row in lower) for c in columns]
    top_cells = [split, *others]
    top_rows, top_counts = _level(top_cells, ["split"] + [f"o{i}" for i in range(len(others))], m)
    low_rows, low_counts = _level(lower, [f"l{i}" for i in range(len(lower))], m)
    top, low = drill_down([(top_rows, top_counts, "split"), (low_rows, low_counts, None)], columns)

    # Every number of both tables: ("t"/"l", row key or "total", column or "total").
    values: dict[Any, int] = {}
    shown: dict[Any, bool] = {}
    for name, table, cells in (
        ("t", top, top_counts),
        ("l", low, low_counts),
    ):
        for r in table.rows:
            for c in columns:
                values[(name, r.key, c)] = cells[(r, c)].people
                shown[(name, r.key, c)] = not table.cell(r, c).suppressed
            values[(name, r.key, "total")] = sum(cells[(r, c)].people for c in columns)
            shown[(name, r.key, "total")] = not table.row_totals[r].suppressed
        for c in columns:
            values[(name, "total", c)] = sum(cells[(r, c)].people for r in table.rows)
            shown[(name, "total", c)] = not table.column_totals[c].suppressed
        values[(name, "total", "total")] = sum(
            cells[(r, c)].people for r in table.rows for c in columns
        )
        shown[(name, "total", "total")] = not table.total.suppressed
    # Small numbers are hidden.
    assert all(not shown[v] for v, n in values.items() if 0 < n < K)
    hidden = [v for v in values if not shown[v]]

    def equation(terms: list[tuple[Any, int]]) -> dict[Any, int]:
        eq: dict[Any, int] = {"rhs": 0}
        for var, coef in terms:
            if var not in values:  # a row left out (all 0) adds nothing
                continue
            if shown[var]:
                eq["rhs"] -= coef * values[var]
            else:
                eq[var] = eq.get(var, 0) + coef
        return eq

    for name, table in (("t", top), ("l", low)):
        equations = []
        keys: list[str] = [r.key for r in table.rows] + ["total"]
        for key in keys:  # each row (and the totals' row) adds up to its total
            equations.append(
                equation([*(((name, key, c), 1) for c in columns), ((name, key, "total"), -1)])
            )
        every: list[object] = [*columns, "total"]
        for col in every:  # each column adds up to its total
            equations.append(
                equation(
                    [*(((name, r.key, col), 1) for r in table.rows), ((name, "total", col), -1)]
                )
            )
        # Nothing hidden in this table can be worked out from its shown numbers.
        assert solved(equations, [v for v in hidden if v[0] == name]) == set()
    # The lower table's totals are the split row one level up: hidden in both or neither.
    if ("t", "split", "total") in values:
        for column in [*columns, "total"]:
            assert shown[("t", "split", column)] == shown[("l", "total", column)]
