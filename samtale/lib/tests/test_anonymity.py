"""k-anonymity: small numbers are hidden, and no hidden number can be worked out from the
shown ones and the totals, neither sum by sum nor by combining sums (property tests)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from samtale.lib.anonymity import Count, Shown, Suppressed, anonymise, hide

K = 5

Entry = tuple[int, int]


def extended(cells: list[list[int]]) -> list[list[int]]:
    """The cells with a column of row totals, a row of column totals and the grand total."""
    grid = [[*row, sum(row)] for row in cells]
    grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def sums(grid: list[list[int]]) -> list[tuple[list[Entry], Entry]]:
    n, m = len(grid) - 1, len(grid[0]) - 1
    return [([(i, j) for j in range(m)], (i, m)) for i in range(n + 1)] + [
        ([(i, j) for i in range(n)], (n, j)) for j in range(m + 1)
    ]


def subtract(grid: list[list[int]], hidden: set[Entry]) -> dict[Entry, int]:
    """What a reader recovers sum by sum: a sum with one unknown is solved, a sum whose
    unknowns add up to their count (each at least 1, as 0 is shown) gives 1 for each;
    repeated with what was recovered until nothing more comes out."""
    known = {(i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    for entry in hidden:
        del known[entry]
    recovered: dict[Entry, int] = {}
    progress = True
    while progress:
        progress = False
        for members, total in sums(grid):
            unknown = [e for e in members if e not in known]
            if total in known:
                rest = known[total] - sum(known[e] for e in members if e in known)
                if len(unknown) == 1:
                    solved = {unknown[0]: rest}
                elif unknown and rest == len(unknown):
                    solved = dict.fromkeys(unknown, 1)
                else:
                    continue
            elif not unknown:
                solved = {total: sum(known[e] for e in members)}
            else:
                continue
            known |= solved
            recovered |= solved
            progress = True
    return recovered


def fixed_unknowns[K](sums: list[tuple[list[K], K]], known: dict[K, int]) -> set[K]:
    """The unknowns (every key of ``sums`` not in ``known``) that every combination of
    the sums fixes: Gaussian elimination over the rationals; an unknown is fixed when
    its pivot row has no free unknowns. Shared with test_anonymity_tree."""
    unknowns = sorted({k for parts, total in sums for k in [*parts, total]} - set(known), key=repr)
    index = {e: x for x, e in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for members, total in sums:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for entry, sign in [*((e, 1) for e in members), (total, -1)]:
            if entry in index:
                row[index[entry]] += sign
            else:
                row[-1] -= sign * known[entry]
        rows.append(row)
    pivots: list[int] = []
    r = 0
    for col in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][col] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col]:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(col)
        r += 1
    free = set(range(len(unknowns))) - set(pivots)
    return {
        unknowns[col]
        for row_index, col in enumerate(pivots)
        if not any(rows[row_index][f] for f in free)
    }


def solve_linear(grid: list[list[int]], hidden: set[Entry]) -> set[Entry]:
    """The hidden entries of one table that every combination of its sums fixes."""
    known = {(i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    return fixed_unknowns(sums(grid), {e: v for e, v in known.items() if e not in hidden})


counts = st.one_of(st.just(0), st.integers(1, K - 1), st.integers(K, 40))
tables = st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(counts, min_size=m, max_size=m), min_size=1, max_size=5)
)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_hidden_number_can_be_worked_out(cells):
    grid = extended(cells)
    hidden = hide(grid, K)
    flat = {(i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    # Every small number is hidden, no zero is.
    assert {e for e, v in flat.items() if 0 < v < K} <= hidden
    assert not {e for e in hidden if flat[e] == 0}
    # Neither sum by sum, nor by any combination of the sums.
    assert subtract(grid, hidden) == {}
    assert solve_linear(grid, hidden) == set()


def test_the_attacks_do_recover_what_is_not_protected():
    """The attackers above are real: with only the small cell hidden they find it."""
    grid = extended([[1, 10], [10, 10]])
    assert subtract(grid, {(0, 0)}) == {(0, 0): 1}
    assert solve_linear(grid, {(0, 0)}) == {(0, 0)}
    # A cycle that hangs on another by one hidden cell: sum by sum finds nothing, but
    # combining sums finds the cell between them.
    grid = extended([[10, 10, 0, 0], [10, 10, 10, 0], [0, 0, 10, 10], [0, 0, 10, 10]])
    bridged = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert subtract(grid, bridged) == {}
    assert (1, 2) in solve_linear(grid, bridged)
    assert (1, 2) not in solve_linear(grid, hide_only(grid, bridged))


def hide_only(grid: list[list[int]], start: set[Entry]) -> set[Entry]:
    """The bridge rule alone, from the hidden entries ``start``."""
    from samtale.lib import anonymity

    hidden = set(start)
    n, m = len(grid) - 1, len(grid[0]) - 1
    while bridge := next(iter(anonymity._bridges(hidden, n, m)), None):
        hidden |= anonymity._cheapest_cycle(grid, hidden, bridge)
    return hidden


# --- examples -------------------------------------------------------------------------


def table(cells: list[list[int]], k: int | None = K):
    rows = [f"u{i}" for i in range(len(cells))]
    columns = [f"c{j}" for j in range(len(cells[0]))]
    counts = {(r, c): cells[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    return anonymise(counts, rows, columns, k=k)


def shape(result) -> list[list[str]]:
    lines = [[*map(str, line.cells), str(line.total)] for line in result.lines()]
    lines.append([*(str(result.column_totals[c]) for c in result.columns), str(result.total)])
    return lines


def test_a_cell_of_one_person_is_hidden_and_cannot_be_subtracted_out():
    assert shape(table([[1, 10], [10, 10]])) == [
        ["–", "–", "11"],
        ["–", "–", "20"],
        ["11", "20", "31"],
    ]


def test_a_row_with_one_small_cell_hides_its_smallest_other_cell():
    result = table([[2, 30, 8, 0], [20, 20, 20, 20], [20, 20, 20, 20]])
    first = result.lines().__next__()
    assert [str(c) for c in first.cells] == ["–", "30", "–", "0"]
    assert str(first.total) == "40"
    # The columns of the two hidden cells each get a second hidden number.
    assert sum(result.cell(r, "c0").suppressed for r in result.rows) == 2
    assert sum(result.cell(r, "c2").suppressed for r in result.rows) == 2
    assert subtract(extended([[2, 30, 8, 0], [20] * 4, [20] * 4]), hide_grid(result)) == {}


def hide_grid(result) -> set[Entry]:
    n, m = len(result.rows), len(result.columns)
    hidden = {
        (i, j)
        for i, r in enumerate(result.rows)
        for j, c in enumerate(result.columns)
        if result.cell(r, c).suppressed
    }
    hidden |= {(i, m) for i, r in enumerate(result.rows) if result.row_totals[r].suppressed}
    hidden |= {(n, j) for j, c in enumerate(result.columns) if result.column_totals[c].suppressed}
    return hidden | ({(n, m)} if result.total.suppressed else set())


def test_all_cells_small_hides_everything_but_zeros_and_the_large_grand_total():
    result = table([[1, 2, 0], [3, 1, 2]])
    assert shape(result) == [
        ["–", "–", "0", "–"],
        ["–", "–", "–", "–"],  # 6 would give the 3 above it from the 9
        ["–", "–", "–", "9"],
    ]


def test_a_table_under_k_in_all_hides_its_grand_total():
    assert shape(table([[1, 0], [0, 2]])) == [["–", "0", "–"], ["0", "–", "–"], ["–", "–", "–"]]


def test_zero_cells_stay_zero_and_shown_and_large_tables_show_everything():
    result = table([[0, 12], [7, 0]])
    assert shape(result) == [["0", "12", "12"], ["7", "0", "7"], ["7", "12", "19"]]
    assert result.suppressed == 0
    assert result.cell("u0", "c0") == Shown(0)


def test_values_travel_with_their_cells_and_are_hidden_with_them():
    counts = {("a", "x"): Count(8, 2.5), ("a", "y"): Count(3, 1.0), ("b", "x"): Count(9, 3.0)}
    result = anonymise(counts, ["a", "b"], ["x", "y"], row_values={"b": 3.0}, k=K)
    assert result.cell("a", "x") == Suppressed(K)  # hidden with the small cell beside it
    assert result.cell("a", "y").value is None
    assert result.cell("b", "x") == Shown(9, 3.0)
    assert result.cell("b", "y") == Shown(0)
    assert result.row_totals["b"] == Shown(9, 3.0)


def test_k_comes_from_the_setting_and_the_explanation_names_it():
    with override_settings(SAMTALE_MIN_GROUP=3):
        result = table([[2, 3], [3, 3]], k=None)
    hidden = result.cell("u0", "c0")
    assert isinstance(hidden, Suppressed) and hidden.k == 3
    assert "3" in hidden.explanation
    assert shape(result) == [["–", "–", "5"], ["–", "–", "6"], ["5", "6", "11"]]
    # Every hidden number looks the same: nothing tells the small from the protecting.
    assert result.cell("u0", "c1") == hidden


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        anonymise({("a", "x"): -1}, ["a"], ["x"], k=K)


def test_the_explanation_is_danish_by_default():
    from django.utils import translation

    with translation.override("da"):
        assert Suppressed(5).explanation.startswith("Skjult: færre end 5 personer")
