"""Querysets built and compiled to SQL once per process.

Django builds a queryset and compiles its SQL again every time it is evaluated. For a
query with subqueries and ``select_related`` that costs 1-2 ms of CPU, several times
what PostgreSQL needs to answer it. A query asked on every request (the viewer, read
with the logged-in user) pays that on every page. ``Prepared`` builds such a query once
per process and database, with a marker in the place of its one parameter, keeps the
compiled SQL and the compiler that made it, and on each call runs that SQL with the real
value. Rows become model instances exactly as the queryset would make them (Django's own
iterable, handed a copy of the first compiler), ``select_related`` and annotations
included; the converters Django gives each column (the same columns every time) are kept
from the first run as well.

Parameters are integers (primary keys) unless ``kinds`` says otherwise: ``str`` (a
session's key; ``text=True`` is short for ``kinds=(str,)``) or ``datetime.date`` (the day
"active today" and the like compare with: a day the query would otherwise keep from its
first compilation). Each has its own marker, which must turn up in the compiled
parameters (a date as itself, or as its ISO text where the backend sends dates as text),
else the query is refused when first compiled. A query whose shape depends on a value
(a different filter when it is None, say) cannot be prepared: build one per shape.
"""

from __future__ import annotations

import copy
import datetime
import logging
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

logger = logging.getLogger(__name__)

# Values no row has, standing in for the parameters while the query is compiled (the
# n-th parameter's marker is offset by n).
MARKER = -7_303_942_151
TEXT_MARKER = "samtale-prepared-marker-7303942151"
DATE_MARKER = datetime.date(1001, 1, 7)

Kind = type[int] | type[str] | type[datetime.date]


def _marker(kind: Kind, n: int) -> Any:
    if kind is int:
        return MARKER - n
    if kind is str:
        return f"{TEXT_MARKER}-{n}"
    if kind is datetime.date:
        return DATE_MARKER.replace(year=DATE_MARKER.year + n)
    raise TypeError(f"A prepared parameter is an int, a str or a date, not {kind}.")


def _slots(params: Sequence[Any], markers: Sequence[Any]) -> list[tuple[int, int, bool]]:
    """(position in the compiled parameters, argument, sent as ISO text) of each marker."""
    found = []
    for at, param in enumerate(params):
        for n, marker in enumerate(markers):
            if type(param) is type(marker) and param == marker:
                found.append((at, n, False))
            elif isinstance(marker, datetime.date) and param == marker.isoformat():
                found.append((at, n, True))
    if {n for _at, n, _text in found} != set(range(len(markers))):
        raise ValueError("The prepared query does not use each of its parameters.")
    return found


# What a first compilation keeps: the queryset, its compiler, its SQL and parameters, and
# where in them the arguments go.
_Compiled = tuple[QuerySet[Any], Any, str, list[Any], list[tuple[int, int, bool]]]


class Prepared[M: Model]:
    """``Prepared(lambda value: Person.objects.filter(user_id=value))``, then
    ``prepared(42)`` gives the list the queryset for 42 would give;
    ``Prepared(lambda pk, day: ..., kinds=(int, datetime.date))`` takes two."""

    def __init__(
        self,
        build: Callable[..., QuerySet[M]],
        *,
        text: bool = False,
        kinds: Sequence[Kind] | None = None,
    ) -> None:
        self._build = build
        self._markers = [_marker(k, n) for n, k in enumerate(kinds or ((str,) if text else (int,)))]
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        # what turns each column's value into Python, as the first run asked Django for
        # it (the same columns every time: 0.05 ms a query saved)
        self._converters: dict[tuple[str, str], Any] = {}
        _every.add(self)

    def _compile(self, alias: str) -> _Compiled:
        key = (alias, connections[alias].vendor)
        found = self._compiled.get(key)
        if found is None:
            queryset = self._build(*self._markers).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            params = list(params)
            found = (queryset, compiler, sql, params, _slots(params, self._markers))
            self._compiled[key] = found
        return found

    def __call__(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        if len(values) != len(self._markers):
            raise TypeError(f"The prepared query takes {len(self._markers)} values.")
        queryset, compiler, sql, params, slots = self._compile(using)
        bound = list(params)
        for at, n, as_text in slots:
            bound[at] = values[n].isoformat() if as_text else values[n]
        mine = copy.copy(compiler)
        # The connection of this thread, not of the one that compiled it first (a
        # threaded server, the browser tests' live server).
        mine.connection = connections[using]
        mine.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
        key = (using, mine.connection.vendor)
        converters = self._converters.get(key)
        if converters is not None:
            mine.get_converters = lambda expressions: converters
        else:
            ask = mine.get_converters

            def remember(expressions: Any) -> Any:
                self._converters[key] = found = ask(expressions)
                return found

            mine.get_converters = remember
        run: Any = queryset._chain()  # type: ignore[attr-defined]
        run.query.get_compiler = lambda *args, **kwargs: mine
        return list(run)


# Every prepared query of the process (the modules' own; one made and dropped, as a test
# does, leaves by itself), for ``compile_all``.
_every: weakref.WeakSet[Prepared[Any]] = weakref.WeakSet()


def compile_all(using: str = DEFAULT_DB_ALIAS) -> int:
    """Build and compile every prepared query now (a server process before its first
    request: ``samtale.core.startup``), so that no visitor waits for it; the number
    compiled. One that fails is logged and left to fail where it is asked."""
    done = 0
    for prepared in list(_every):
        try:
            prepared._compile(using)
            done += 1
        except Exception:
            logger.exception("A prepared query could not be compiled at start.")
    return done


class PreparedIn[M: Model]:
    """A query over a few ids (``build(ids)``, an ``__in`` filter), prepared once per
    number of ids up to ``most`` (``IN (%s, %s)`` has a parameter per id, so each count
    is its own query); more ids are asked unprepared. ``prepared_in([3, 5])`` gives the
    list the queryset for [3, 5] would give."""

    def __init__(self, build: Callable[[list[int]], QuerySet[M]], *, most: int = 4) -> None:
        self._build = build
        self._by_count = {
            n: Prepared(lambda *ids: build(list(ids)), kinds=(int,) * n) for n in range(1, most + 1)
        }

    def __call__(self, ids: Sequence[int], using: str = DEFAULT_DB_ALIAS) -> list[M]:
        if not ids:
            return []
        prepared = self._by_count.get(len(ids))
        if prepared is None:
            return list(self._build(list(ids)).using(using))
        return prepared(*ids, using=using)


def prefetched(instance: Model, related_name: str, rows: list[Any]) -> None:
    """Keep ``rows`` (read by a prepared query) as ``instance.<related_name>.all()`` of a
    reverse foreign key, each row pointing back at ``instance``, as ``prefetch_related``
    would: no query when either is read."""
    manager = getattr(instance, related_name)
    field = manager.field
    for row in rows:
        setattr(row, field.name, instance)
    queryset = manager.all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[field.remote_field.cache_name] = queryset
