"""Rows of another table carried in a query's own rows, as one JSON text each.

A page that shows a few children with each parent (the answers to a summary, the agreed
levels of a version, the catalogue with each grid answer) can read them in the parent's
query instead of one of their own: ``json_rows`` makes a correlated subquery that gives,
for each parent, its children as JSON objects joined by commas, and ``parsed`` reads that
text back into a list of dicts.

    answers = json_rows(SummaryResponse.objects.filter(version=OuterRef("pk")), i="id", ...)
    for version in SummaryVersion.objects.annotate(answers=answers):
        for row in parsed(version.answers): ...

It is built from Django's ``StringAgg`` and ``JSONObject``, so it works on SQLite and
PostgreSQL alike. The order of the objects within the text is the database's: sort what
``parsed`` gives. Values come back as JSON gives them: a boolean as true/false or 1/0
(``bool()`` both), a date-time as text (``parsed_datetime``).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db.models import IntegerField, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.utils.dateparse import parse_datetime


def json_rows(rows: QuerySet[Any], **fields: Any) -> Subquery:
    """The rows ``rows`` picks (filtered on an ``OuterRef`` to the parent, or not at all)
    as one text: each row a JSON object with ``fields`` (key: a field path or an
    expression), joined by commas; NULL when there is none."""
    grouped = (
        rows.annotate(_json_rows_group=Value(1, output_field=IntegerField()))
        .order_by()
        .values("_json_rows_group")  # one group: a constant is left out of GROUP BY
        .annotate(
            _json_rows=StringAgg(Cast(JSONObject(**fields), TextField()), delimiter=Value(","))
        )
        .values("_json_rows")
    )
    return Subquery(grouped[:1], output_field=TextField())


def parsed(text: str | None) -> list[dict[str, Any]]:
    """The objects of a ``json_rows`` text (none for NULL or empty)."""
    return json.loads(f"[{text}]") if text else []


def parsed_datetime(value: str) -> datetime.datetime:
    """A date-time as JSON gives it back: ISO text with its offset (PostgreSQL) or
    without one, in UTC (SQLite, as Django stores it there)."""
    found = parse_datetime(value)
    if found is None:
        raise ValueError(f"Not a date-time: {value!r}")
    return found if found.tzinfo is not None else found.replace(tzinfo=datetime.UTC)
