"""How many active people each unit has, itself and below: the counts on the org pages.

Counting them in SQL reads every person below the unit, so the top unit's count reads
the whole organisation on every request. Instead the counts of every unit are computed
together, once (one query over the units, each counting its own people), and kept in the
cache under the organisation's version and the day (``active_q`` changes at midnight).
The version (``OrgVersion``) changes in the same transaction as any change of a person
or a unit: ``changed()`` is called on every save (the signals in ``OrgConfig.ready``)
and by the bulk writers (the import, the path rebuilds, the demo and seed). Reading the
version is one query by primary key.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from samtale.lib.paths import ids_in_path
from samtale.lib.prepared import Prepared
from samtale.org.models import OrgUnit, OrgVersion, Person
from samtale.org.queries import active_q

if TYPE_CHECKING:
    from collections.abc import Sequence

VERSION_ROW = 1
CACHE_SECONDS = 24 * 60 * 60


def changed(**_ignored: Any) -> None:
    """The organisation's people or units changed: the cached counts no longer hold.
    Also a ``post_save`` receiver."""
    if not OrgVersion.objects.filter(pk=VERSION_ROW).update(token=uuid.uuid4()):
        OrgVersion.objects.get_or_create(pk=VERSION_ROW)


def members_changed(*, action: str, **_ignored: Any) -> None:
    """``m2m_changed`` receiver for a team's members: after they changed."""
    if action.startswith("post_"):
        changed()


# asked by every org page and the home page: compiled once per process
_version_row = Prepared(lambda pk: OrgVersion.objects.filter(pk=pk))


def version() -> str:
    """The organisation's version: a key part for anything cached from its people and units
    (one query by primary key)."""
    found = _version_row(VERSION_ROW)
    return str(found[0].token) if found else "none"


def subtree_counts(
    *, org_version: str | None = None, today: datetime.date | None = None
) -> dict[int, int]:
    """Unit id -> active people in the unit and every unit below it. ``org_version``:
    ``version()``, when the caller has read it already (else read here)."""
    today = today or timezone.localdate()
    key = f"samtale:headcount:{org_version or version()}:{today.isoformat()}"
    counts: dict[int, int] | None = cache.get(key)
    if counts is None:
        counts = _count(today)
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def _count(today: Any) -> dict[int, int]:
    """One query: each unit's own active people (counted per unit from the index on
    the people's unit and end date, without reading the people's rows), added to it and
    every unit above it (its path). Joining the units to the people and grouping instead
    reads and hashes every person: some five times the time at 50,000."""
    totals: dict[int, int] = {}
    own = (
        Person.objects.filter(active_q(day=today), unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("*"))  # not a column: the index alone answers
        .values("n")
    )
    units = OrgUnit.objects.order_by().annotate(n=Coalesce(Subquery(own), 0))
    for pk, path, n in units.values_list("pk", "path", "n"):
        totals.setdefault(pk, 0)
        for above in (ids_in_path(path) or [pk]) if n else ():
            totals[above] = totals.get(above, 0) + n
    return totals


def with_people_counts[U: OrgUnit](
    units: Iterable[U], *, org_version: str | None = None, today: datetime.date | None = None
) -> Sequence[U]:
    """The units as a list, each with ``people_count`` (``org_version`` and ``today``: as
    ``subtree_counts`` takes them)."""
    listed = list(units)
    if listed:
        counts = subtree_counts(org_version=org_version, today=today)
        for unit in listed:
            unit.people_count = counts.get(unit.pk, 0)
    return listed
