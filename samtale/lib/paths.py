"""Materialised paths for trees stored in one table.

A node's path lists the ids from its root down to itself: ``/4/17/230/``. All nodes
below X are then ``path LIKE '/4/17/%'``, one indexable query on SQLite and PostgreSQL
(the PostgreSQL index uses ``text_pattern_ops``). The organisation uses this for the
unit tree and for the management line (who leads whom, directly and through the tree).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from django.db.models import QuerySet, Value
from django.db.models.functions import Concat, Length, Substr

SEP = "/"


class CycleError(ValueError):
    def __init__(self, cycle: list[object]) -> None:
        super().__init__(" -> ".join(str(k) for k in cycle))
        self.cycle = cycle


def child_path(parent_path: str | None, node_id: int) -> str:
    return f"{parent_path or SEP}{node_id}{SEP}"


def within(path: str, scopes: Iterable[str]) -> bool:
    """``path`` lies at or below one of ``scopes`` (empty scopes are nowhere): in
    Python what ``path LIKE scope || '%'`` says in SQL."""
    return any(path.startswith(scope) for scope in scopes if scope)


def ids_in_path(path: str) -> list[int]:
    return [int(part) for part in path.strip(SEP).split(SEP) if part]


def find_cycle[K: Hashable](parents: Mapping[K, K | None]) -> list[K] | None:
    """The first cycle in a parent mapping, as the keys around it, or None.

    Parents that are not keys of the mapping count as roots.
    """
    done: set[K] = set()
    for start in parents:
        if start in done:
            continue
        trail: list[K] = []
        on_trail: dict[K, int] = {}
        node: K | None = start
        while node is not None and node in parents and node not in done:
            if node in on_trail:
                return [*trail[on_trail[node] :], node]
            on_trail[node] = len(trail)
            trail.append(node)
            node = parents[node]
        done.update(trail)
    return None


def compute_paths(parents: Mapping[int, int | None]) -> dict[int, str]:
    """Paths for every id in ``parents`` (id -> parent id). Raises CycleError."""
    cycle = find_cycle(parents)
    if cycle:
        raise CycleError(list(cycle))
    paths: dict[int, str] = {}
    for start in parents:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node not in paths:
            chain.append(node)
            node = parents.get(node)
        base = paths.get(node) if node is not None else None
        for item in reversed(chain):
            base = child_path(base, item)
            paths[item] = base
    return paths


def move_subtree(queryset: QuerySet, field: str, old_prefix: str, new_prefix: str) -> int:
    """Rewrite ``field`` of every row below ``old_prefix`` to hang under ``new_prefix``.

    One UPDATE statement; returns the number of rows changed.
    """
    if old_prefix == new_prefix:
        return 0
    return queryset.filter(**{f"{field}__startswith": old_prefix}).update(
        **{
            field: Concat(
                Value(new_prefix),
                Substr(field, Length(Value(old_prefix)) + 1),
            )
        }
    )
