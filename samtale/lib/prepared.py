"""Querysets built and compiled to SQL once per process.

Django builds a queryset and compiles its SQL again every time it is evaluated. For a
query with subqueries and ``select_related`` that costs 1-2 ms of CPU, several times
what PostgreSQL needs to answer it. A query asked on every request (the viewer, read
with the logged-in user) pays that on every page. ``Prepared`` builds such a query once
per process and database, with a marker in the place of its one parameter, keeps the
compiled SQL and the compiler that made it, and on each call runs that SQL with the real
value. Rows become model instances exactly as the queryset would make them (Django's own
iterable, handed a copy of the first compiler), ``select_related`` and annotations
included.

Only for an integer parameter (a primary key) or, with ``text=True``, a text one (a
session's key), which reaches the database unchanged on every backend; the marker must
turn up in the compiled parameters, else the query is refused when first compiled.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# A value no row has, standing in for the parameter while the query is compiled.
MARKER = -7_303_942_151
TEXT_MARKER = "samtale-prepared-marker-7303942151"


# What a first compilation keeps: the queryset, its compiler, its SQL and parameters, and
# where in them the parameter goes.
_Compiled = tuple[QuerySet[Any], Any, str, list[Any], list[int]]


class Prepared[M: Model]:
    """``Prepared(lambda value: Person.objects.filter(user_id=value))``, then
    ``prepared(42)`` gives the list the queryset for 42 would give."""

    def __init__(self, build: Callable[[Any], QuerySet[M]], *, text: bool = False) -> None:
        self._build = build
        self._marker: int | str = TEXT_MARKER if text else MARKER
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        key = (alias, connections[alias].vendor)
        found = self._compiled.get(key)
        if found is None:
            marker = self._marker
            queryset = self._build(marker).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            params = list(params)
            slots = [i for i, p in enumerate(params) if type(p) is type(marker) and p == marker]
            if not slots:
                raise ValueError("The prepared query does not use its parameter.")
            found = (queryset, compiler, sql, params, slots)
            self._compiled[key] = found
        return found

    def __call__(self, value: int | str, using: str = DEFAULT_DB_ALIAS) -> list[M]:
        queryset, compiler, sql, params, slots = self._compile(using)
        bound = list(params)
        for slot in slots:
            bound[slot] = value
        mine = copy.copy(compiler)
        # The connection of this thread, not of the one that compiled it first (a
        # threaded server, the browser tests' live server).
        mine.connection = connections[using]
        mine.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
        run: Any = queryset._chain()  # type: ignore[attr-defined]
        run.query.get_compiler = lambda *args, **kwargs: mine
        return list(run)
