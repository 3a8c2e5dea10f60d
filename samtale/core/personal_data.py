"""What each app holds about people: one registry for the own-data export (art. 15),
erasure on request (art. 17) and retention (``samtale retention``).

``samtale.privacy`` sits on top and runs these; the apps below it never import it. Each
app that stores something registers one ``Holding`` in its ``AppConfig.ready`` naming
every model it owns and saying, per model, whether it holds personal data. A test
(``samtale/privacy/tests/test_registry.py``) fails when a model of the project is named
by no holding, so a new model cannot be forgotten.

    personal_data.register(Holding(
        app="development",
        models={"development.DevelopmentPlan": covered, "development.PlanItem": covered},
        export=privacy.export, erase=privacy.erase, expire=privacy.expire,
    ))

The callables:

- ``export(viewer) -> dict``: what the viewer (a person asking for their own data) may
  have, as JSON-able values; ``{}`` when the app holds nothing about them. Optionally the
  app adds files through ``files`` (``ExportFile``).
- ``erase(person) -> Counts``: remove (or make anonymous) everything about the person;
  returns how many rows of each kind went. Runs inside the erasure's transaction.
- ``expire(today, apply) -> Counts``: the rows whose retention period has ended; with
  ``apply`` they are removed, otherwise only counted (``--dry-run``). Called outside a
  transaction: it deletes in batches, each in its own (``delete_in_batches``), so that
  ten years of a large organisation neither hold one long transaction nor load every row
  at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# How many rows of each kind, by a label that the command and the erasure record show
# ("Samtaleindhold: referater").
Counts = dict[str, int]

# A model either holds personal data that the app's callables cover, or holds none.
COVERED = "covered"
NO_PERSONAL_DATA = "none"


@dataclass(frozen=True)
class ExportFile:
    """A file in the own-data ZIP beside the JSON (a conversation's PDF, a document)."""

    name: str
    content: Callable[[], bytes]


@dataclass(frozen=True)
class Holding:
    app: str
    # Every model of the app ("app_label.Model") -> COVERED or NO_PERSONAL_DATA.
    models: Mapping[str, str]
    export: Callable[[Any], dict[str, Any]] | None = None
    files: Callable[[Any], Iterable[ExportFile]] | None = None
    erase: Callable[[Any], Counts] | None = None
    expire: Callable[[datetime.date, bool], Counts] | None = None
    # Order of erasure and retention: lower first (what depends on others goes first).
    order: int = 0
    notes: dict[str, str] = field(default_factory=dict)


_holdings: dict[str, Holding] = {}


def register(holding: Holding) -> None:
    for label, kind in holding.models.items():
        if kind not in (COVERED, NO_PERSONAL_DATA):
            raise ValueError(f"{label}: {kind!r} is neither COVERED nor NO_PERSONAL_DATA")
    _holdings[holding.app] = holding


def registered() -> list[Holding]:
    return sorted(_holdings.values(), key=lambda h: (h.order, h.app))


def named_models() -> dict[str, str]:
    """Every model any holding names, with what it says of it."""
    return {label: kind for h in _holdings.values() for label, kind in h.models.items()}


def years_before(today: datetime.date, years: int) -> datetime.datetime:
    """The start of the same day ``years`` years before ``today`` (28 February for 29
    February), in the current time zone: what is older than that has expired."""
    from django.utils import timezone

    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


BATCH = 500


def delete_in_batches(queryset: Any, batch: int = BATCH) -> int:
    """Delete the queryset's rows ``batch`` at a time, each batch in a transaction (with
    what cascades from them and their ``post_delete`` receivers); how many of the
    queryset's own rows went."""
    from django.db import transaction

    model = queryset.model
    deleted = 0
    while ids := list(queryset.values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            _total, per_model = model.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(model._meta.label, 0)
    return deleted


def batches(ids: list[int], batch: int = BATCH) -> Iterable[list[int]]:
    for start in range(0, len(ids), batch):
        yield ids[start : start + batch]


def add(total: Counts, more: Mapping[str, int]) -> Counts:
    for label, count in more.items():
        total[label] = total.get(label, 0) + count
    return total
