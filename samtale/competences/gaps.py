"""The strategic overview: required against agreed levels (kompetencegab), counted.

A person's *requirement* for a competence is its level in the profile that holds for
them (their professional group's, or the variant of the nearest unit above them:
``Profiles.holding``, the same rule as ``queries.profile_for``); their *agreed* level is
their current ``AgreedLevel`` (accepted with a summary). Per requirement a person is

- **at or above** the required level,
- **below** it (the gap: required minus agreed), or
- **not assessed** (no current agreed level for the competence).

Counting is done in the database, grouped, in two queries whatever the organisation's
size, for every unit of the viewer's scope at once: the active people per (unit,
profile), and their current agreed levels per (unit, profile, competence, level). The
*profile* is resolved in SQL by a ``CASE`` over the few profiles (variants first, the
nearest first). Python compares the levels with the profiles' requirements and adds
each unit into the units above it (``UnitNumbers``); the result is cached
(``unit_numbers``). A table's rows are then read from it: a unit below the unit looked
at (everyone in it and below) and the unit's own people.

A drill-down shows the same people split one level further: a unit's table's totals
are its row in the table one level up, and its rows add up to them. So every table of
the viewer's tree is anonymised at once (``samtale.lib.anonymity.anonymise_tree``, per
competence: a person counts in every competence their profile requires, so a row has
no total across the competences): a number is hidden on every level that shows it or
on none, and no combination of levels gives a hidden one away. The result is kept per
process under the counts' cache key (``_tree``). After a change the page shows the last
counts while new ones are counted in the background (``_packed``).

The top unit's people split by professional group are anonymised with the same tree (its
``split``): the groups' table and the units' add up to the same totals, so a number is
hidden in both or in neither. There is no filter by group: a group's table of every unit
and the table of all groups would give hidden numbers away by subtraction.

Everything shown above a leader's own people goes through ``samtale.lib.anonymity``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.competences import policy
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceCategory,
    CompetenceProfile,
    FutureNeed,
    LevelCount,
    PeopleCount,
    ProfileRequirement,
)
from samtale.lib import refreshing
from samtale.lib.anonymity import AnonymousTable, AnonymousTree, Shown, anonymise, anonymise_tree
from samtale.lib.anonymity import Count as Cell
from samtale.lib.paths import ids_in_path
from samtale.org import headcount
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Team
from samtale.org.policy import subtree_q
from samtale.org.queries import active_q

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

# A row of a unit's table: a unit below it, or the unit itself (its own people).
OWN = "own"


@dataclass(frozen=True)
class Stats:
    """What a cell shows about the requirements it is built from (``people``)."""

    assessed: int = 0
    at: int = 0
    below: int = 0
    gap: int = 0  # the sum of (required - agreed) over those below

    def __add__(self, other: Stats) -> Stats:
        return Stats(
            self.assessed + other.assessed,
            self.at + other.at,
            self.below + other.below,
            self.gap + other.gap,
        )

    def not_assessed(self, people: int) -> int:
        return people - self.assessed

    @property
    def share_below(self) -> float | None:
        """Of those assessed, the share below the required level (None: none assessed)."""
        return self.below / self.assessed if self.assessed else None

    @property
    def mean_gap(self) -> float | None:
        """The mean gap of those below (levels)."""
        return self.gap / self.below if self.below else None

    @property
    def band(self) -> str:
        """The heatmap's colour band (the legend names them)."""
        share = self.share_below
        if share is None:
            return "none"
        if share == 0:
            return "0"
        if share < 0.25:
            return "1"
        if share < 0.5:
            return "2"
        return "3"


# --- whose people, from which unit -------------------------------------------------------


@dataclass(frozen=True)
class OverviewScope:
    """What a viewer's overview counts: ``people`` (a filter on Person), seen from
    ``top`` (the lowest unit above all of them) down; ``leader``: whose direct reports
    are shown by name (the viewer, if they lead anyone)."""

    top: OrgUnit
    people: Q
    leader: Person | None = None
    key: str = ""  # who is counted, for the cache (``unit_counts``)
    # How ``people`` is counted: everyone at and below ``paths`` from the maintained
    # counts (``samtale.competences.counts``), and ``others`` (people outside them: those
    # a leader leads elsewhere) one by one. Together they are ``people``, each once.
    paths: tuple[str, ...] = ()
    others: Q | None = None


def scope_for(viewer: Viewer) -> OverviewScope | None:
    """The viewer's overview, or None (not theirs to see). Two queries at most."""
    if not policy.can_see_overview(viewer):
        return None
    people = policy.overview_people_q(viewer)
    if viewer.is_admin:
        return whole_scope()
    paths = list(policy.overview_paths(viewer))
    leader = policy.sees_names_of(viewer)
    version = ""
    if leader is not None:
        version = headcount.version()
        paths += _led_bounds(viewer, leader, version)
    if not paths:
        return None
    # The common prefix of the lowest and highest path is common to all of them.
    low, high = min(paths), max(paths)
    common = 0
    while common < min(len(low), len(high)) and low[common] == high[common]:
        common += 1
    prefix = low[: low.rfind("/", 0, common + 1) + 1] if common < len(low) else low
    if prefix == "/":  # several trees: the first one's
        prefix = low[: low.index("/", 1) + 1]
    top = OrgUnit.objects.filter(path=prefix).first()
    if top is None:
        return None
    roles = policy.overview_paths(viewer)  # each at or below ``top``
    key = f"{top.pk}|{leader.pk if leader else ''}|{','.join(roles)}"
    within = Q(unit__path__startswith=top.path)
    others = None
    kept = roles
    if leader is not None and top.path not in roles:  # else all they lead is in ``roles``
        others = policy.led_people_q(viewer) & within
        if roles:
            others &= ~subtree_q("unit__path", roles)
        else:
            # whole units they lead are counted from the kept counts, like a role's
            led = _wholly_led(viewer, leader, top, version)
            if led:
                kept = led
                others &= ~subtree_q("unit__path", led)
    return OverviewScope(top, people & within, leader, key, paths=kept, others=others)


def whole_scope() -> OverviewScope | None:
    """Everyone, seen from the first top unit: an administrator's overview."""
    top = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    return None if top is None else OverviewScope(top, Q(), key="all", paths=("/",))


def count_ahead(scope: OverviewScope) -> None:
    """Count the scope's overview now unless its counts are fresh, and prepare its top
    page (``_prepare``): what a page would otherwise count (``count_competence_overviews``,
    run ahead of the pages with a shared cache)."""
    _prepare(scope, _packed(scope, Profiles(), at_once=True))


def _led_bounds(viewer: Viewer, leader: Person, version: str) -> list[str]:
    """The lowest and highest unit path of the people the leader leads: one query on
    everyone they lead (tens of thousands for a municipality's director), kept in the
    cache under the organisation's version (``headcount.version()``: people and units)
    and the day."""
    key = f"samtale:gaps:led:{leader.pk}:{version}:{timezone.localdate()}"
    found: list[str] | None = cache.get(key)
    if found is None:
        bounds = Person.objects.filter(policy.led_people_q(viewer), unit__isnull=False).aggregate(
            low=Min("unit__path"), high=Max("unit__path")
        )
        found = [p for p in (bounds["low"], bounds["high"]) if p]
        cache.set(key, found, CACHE_SECONDS)
    return found


def _wholly_led(viewer: Viewer, leader: Person, top: OrgUnit, version: str) -> tuple[str, ...]:
    """The largest subtrees below ``top`` in which the leader leads everyone counted
    (everyone with a professional group, employed today or later: the people the kept
    counts hold): their paths. A director who leads a whole administration through the
    line is then counted from the kept counts (``_kept``), not person by person; the
    people they lead elsewhere (in a unit shared with people they do not lead, their
    own unit) still are. One grouped query on the people they lead and one on the kept
    counts, kept in the cache under the organisation's version and the day."""
    today = timezone.localdate()
    key = f"samtale:gaps:wholly:{leader.pk}:{top.pk}:{version}:{today}"
    found: tuple[str, ...] | None = cache.get(key)
    if found is not None:
        return found
    led = dict(
        Person.objects.filter(
            policy.led_people_q(viewer),
            active_q(),
            professional_group__isnull=False,
            unit__path__startswith=top.path,
        )
        .order_by()
        .values_list("unit__path")
        .annotate(n=Count("pk"))
    )
    counted: dict[str, int] = defaultdict(int)
    for path, n in (
        PeopleCount.objects.filter(unit__path__startswith=top.path, ends__gte=today)
        .order_by()
        .values_list("unit__path", "n")
    ):
        counted[path] += n
    # Every subtree holding someone counted whom the leader does not lead is "mixed".
    mixed: set[str] = set()
    for path, n in counted.items():
        if led.get(path, 0) < n:
            parts = path.strip("/").split("/")
            mixed.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
    chosen: set[str] = set()
    for path in led:
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):  # the highest subtree that is not mixed
            above = "/" + "/".join(parts[:i]) + "/"
            if above.startswith(top.path) and above not in mixed:
                chosen.add(above)
                break
    found = tuple(sorted(chosen))
    cache.set(key, found, CACHE_SECONDS)
    return found


def unit_of(scope: OverviewScope, pk: int | None) -> OrgUnit:
    """The unit to look at: the scope's top (``pk`` None) or a unit below it; else 404."""
    if pk is None or pk == scope.top.pk:
        return scope.top
    unit = OrgUnit.objects.filter(pk=pk, path__startswith=scope.top.path).first()
    if unit is None:
        raise Http404
    return unit


# --- profiles ----------------------------------------------------------------------------


class Profiles:
    """Every profile and its required levels (active competences), read once: two
    queries. Profiles are few (a group's own and its variants)."""

    def __init__(self) -> None:
        self.profiles = list(
            CompetenceProfile.objects.select_related("unit").order_by(
                Length("unit__path").desc(nulls_last=True), "pk"
            )
        )
        self.requirements: dict[int, dict[int, int]] = defaultdict(dict)
        for profile_id, competence_id, level in ProfileRequirement.objects.filter(
            competence__active=True
        ).values_list("profile_id", "competence_id", "level"):
            self.requirements[profile_id][competence_id] = level
        every = [
            (
                p.pk,
                p.group_id,
                p.unit.path if p.unit else "",
                sorted(self.requirements[p.pk].items()),
            )
            for p in self.profiles
        ]
        # What the counts depend on, for the cache's key.
        self.fingerprint = hashlib.sha256(repr(every).encode()).hexdigest()[:16]

    def holding(self, group_id: int | None, unit_path: str) -> int | None:
        """The profile that holds for a group in a unit: the nearest variant, else the
        group's own (the same rule as ``queries.profile_for``)."""
        if group_id is None:
            return None
        for profile in self.profiles:  # variants first, the deepest first
            if profile.group_id != group_id:
                continue
            if profile.unit is None or unit_path.startswith(profile.unit.path):
                return profile.pk
        return None

    def case(self, group: str = "professional_group_id", path: str = "unit__path") -> Case:
        """``holding`` as SQL, for every row at once."""
        whens = [
            When(
                Q(**{group: p.group_id})
                & (Q() if p.unit is None else Q(**{f"{path}__startswith": p.unit.path})),
                then=Value(p.pk),
            )
            for p in self.profiles
        ]
        return Case(*whens, default=Value(None), output_field=IntegerField())

    def required(self, profile_id: int | None, competence_id: int) -> int | None:
        if profile_id is None:
            return None
        return self.requirements.get(profile_id, {}).get(competence_id)


# --- the heatmap ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A row of a table: a unit below (``unit``: the drill-down), the unit's own people
    (``unit`` None), or a professional group."""

    key: str
    name: str
    unit: OrgUnit | None = None


@dataclass
class Heatmap:
    unit: OrgUnit
    chain: list[OrgUnit]  # from the viewer's top unit down to ``unit``
    competences: list[Competence]
    table: AnonymousTable[Row, int, Stats]
    profiles: Profiles
    # The top unit's people per professional group (only on the top's page).
    groups: AnonymousTable[Row, int, Stats] | None = None
    # The cache key of the counts it was read from (``_packed``): what they depend on.
    key: str = ""
    counted_at: datetime | None = None
    # The counts are from before the latest change; new ones are being counted.
    stale: bool = False


def population(scope: OverviewScope) -> Q:
    """The people counted: the scope's, active, with a professional group."""
    return scope.people & active_q() & Q(professional_group__isnull=False)


def heatmap(
    scope: OverviewScope,
    unit: OrgUnit,
    *,
    category: CompetenceCategory | None = None,
) -> Heatmap:
    """The heatmap of ``unit`` (rows: the units right below it with anyone counted, and
    its own people) for the people of ``scope``, anonymised with the scope's whole tree
    (``_tree``)."""
    chain = chain_to(scope.top, unit)
    competences = [
        c
        for c in Competence.objects.active().in_catalogue_order()
        if category is None or c.category_id == category.pk
    ]
    profiles = Profiles()
    counts, tree = _tree(scope, profiles)
    children = {
        child.pk: child for child in OrgUnit.objects.filter(parent=unit).order_by("name", "pk")
    }
    found = tree.table(unit.pk) if unit.pk in tree.children else None
    columns = tuple(c.pk for c in competences)
    rows: list[Row] = []
    cells: dict[tuple[Row, int], Any] = {}
    totals: dict[int, Any] = {}
    if found is not None:
        by_row: dict[int, Row] = {
            pk: Row(str(pk), child.name, child) for pk, child in children.items()
        }
        by_row[unit.pk] = Row("", unit.name)
        order = [pk for pk in children if pk in found.rows]
        if unit.pk in found.rows:
            order.append(unit.pk)
        rows = [by_row[pk] for pk in order]
        counted = set(found.columns)
        nobody: Shown[Stats] = Shown(0, Stats())
        cells = {
            (by_row[pk], c): found.cell(pk, c) if c in counted else nobody
            for pk in order
            for c in columns
        }
        totals = {c: found.column_totals[c] for c in columns if c in counted}
    table: AnonymousTable[Row, int, Stats] = AnonymousTable(
        rows=tuple(rows),
        columns=columns,
        k=tree.k,
        cells=cells,
        row_totals={},
        column_totals={c: totals.get(c, Shown(0, Stats())) for c in columns},
        total=None,
    )
    return Heatmap(
        unit,
        chain,
        competences,
        table,
        profiles,
        _groups(tree, unit, scope, columns),
        counts.key,
        datetime.fromtimestamp(counts.counted_at, tz=UTC),
        counts.stale,
    )


def _groups(
    tree: AnonymousTree[int, int, Stats],
    unit: OrgUnit,
    scope: OverviewScope,
    columns: tuple[int, ...],
) -> AnonymousTable[Row, int, Stats] | None:
    """The top's table per professional group, anonymised with the tree (one query for
    the groups' names), on the top unit's page only."""
    if unit.pk != scope.top.pk or unit.pk not in tree.children:
        return None
    split = tree.split_table()
    names: dict[Hashable, str] = dict(
        ProfessionalGroup.objects.filter(pk__in=list(split.rows)).values_list("pk", "name")
    )
    rows = sorted(split.rows, key=lambda pk: (names.get(pk, ""), pk))
    by_row = {pk: Row(f"g{pk}", names.get(pk, "")) for pk in rows}
    nobody: Shown[Stats] = Shown(0, Stats())
    counted = set(split.columns)
    return AnonymousTable(
        rows=tuple(by_row[pk] for pk in rows),
        columns=columns,
        k=split.k,
        cells={
            (by_row[pk], c): split.cell(pk, c) if c in counted else nobody
            for pk in rows
            for c in columns
        },
        row_totals={},
        column_totals={c: split.column_totals.get(c, nobody) for c in columns},
        total=None,
    )


logger = logging.getLogger(__name__)

# One anonymised tree per counts (their cache key), per process: anonymising a whole
# municipality's tree takes a good part of a page's budget, and the counts' key changes
# with every change of what is counted.
_TREES: dict[str, AnonymousTree[int, int, Stats]] = {}
_TREES_KEPT = 16
_TREES_LOCK = threading.Lock()


def _tree(
    scope: OverviewScope, profiles: Profiles
) -> tuple[refreshing.Kept[Packed], AnonymousTree[int, int, Stats]]:
    """Every unit of the scope anonymised at once, per competence: a unit's own people
    and, for its row one level up, everyone in it and below; with the counts it was
    made from. No query beside the counts': the units' parents are kept with them."""
    counts = _packed(scope, profiles)
    return counts, _tree_of(scope, counts)


def _parents(scope: OverviewScope, units: Iterable[int]) -> list[tuple[int, int | None]]:
    """The counted units at and below the scope's top with their parents (None for the
    top), in the order of their paths: the tree's shape, read once with the counts and
    kept with them (their key changes with the units)."""
    parents: dict[int, int | None] = {}
    for pk, parent in (
        OrgUnit.objects.filter(path__startswith=scope.top.path, pk__in=list(units))
        .order_by("path")
        .values_list("pk", "parent_id")
    ):
        parents[pk] = parent if pk != scope.top.pk and parent in parents else None
    return list(parents.items())


def _ints(raw: bytes) -> array[int]:
    found = array("q")
    found.frombytes(raw)
    return found


class _StatsOf(Mapping[tuple[int, int], Stats]):
    """(unit, competence) -> ``Stats``, read when asked for from the units' packed
    numbers (``UnitNumbers.pack``'s bytes, one unit unpacked at its first use): a page
    reads a few hundred of a municipality's many thousand."""

    def __init__(self, packed: dict[int, bytes]) -> None:
        self._packed = packed
        self._read: dict[int, dict[int, list[int]]] = {}

    def _unit(self, pk: int) -> dict[int, list[int]]:
        found = self._read.get(pk)
        if found is None:
            found = self._read[pk] = UnitNumbers.read(self._packed[pk])
        return found

    def __getitem__(self, key: tuple[int, int]) -> Stats:
        n = self._unit(key[0])[key[1]]
        return Stats(n[1], n[2], n[3], n[4])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((pk, c) for pk, raw in self._packed.items() for c in _ints(raw)[0::6])

    def __len__(self) -> int:
        return sum(len(raw) // 48 for raw in self._packed.values())


def _tree_of(
    scope: OverviewScope, counts: refreshing.Kept[Packed]
) -> AnonymousTree[int, int, Stats]:
    """The anonymised tree of ``counts``, made once per process (also in the thread that
    counted them: ``_packed``). What it hides is kept in the cache beside the counts
    (one entry per scope): a process that reads the same counts later (a shared cache)
    makes the tree without working that out again."""
    packed = counts.value
    key = f"{counts.key}:{counts.counted_at}"
    tree = _TREES.get(key)
    if tree is not None:
        return tree
    units = packed["units"]
    by_group = {pk: UnitNumbers.unpack(found).own for pk, found in packed["groups"].items()}
    parents = dict(packed.get("parents") or _parents(scope, units))
    # Read straight from the packed arrays (every sixth integer: the competences, the
    # people); the other numbers only when a table shows them (``_StatsOf``).
    columns = sorted({c for subtree, _own in units.values() for c in _ints(subtree)[0::6]})
    own: dict[tuple[int, int], int] = {}
    for pk in parents:
        found = _ints(units[pk][1])
        own.update(zip(((pk, c) for c in found[0::6]), found[1::6], strict=True))
    own_values = _StatsOf({pk: units[pk][1] for pk in parents})
    values = _StatsOf({pk: units[pk][0] for pk in parents})
    split: dict[tuple[Hashable, int], Cell[Stats] | int] = {
        (group, c): Cell(n[0], Stats(n[1], n[2], n[3], n[4]))
        for group, found in sorted(by_group.items())
        for c, n in found.items()
    }
    decided_key = "samtale:gaps:decided:" + hashlib.sha256(scope.key.encode()).hexdigest()[:32]
    kept_decided: tuple[str, Any] | None = cache.get(decided_key)
    decided = kept_decided[1] if kept_decided and kept_decided[0] == key else None
    try:
        tree = anonymise_tree(
            own,
            parents,
            columns,
            values=values,
            own_values=own_values,
            split=split,
            decided=decided,
        )
    except ValueError:  # the groups do not add up to the top: shown without them
        logger.exception("The competence overview's groups do not add up to its top unit.")
        tree = anonymise_tree(
            own, parents, columns, values=values, own_values=own_values, decided=decided
        )
    if decided is None:
        cache.set(decided_key, (key, tree.decided), KEEP_SECONDS)
    with _TREES_LOCK:
        while len(_TREES) >= _TREES_KEPT:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = tree
    return tree


def chain_to(top: OrgUnit, unit: OrgUnit) -> list[OrgUnit]:
    """The units from ``top`` down to ``unit`` (both included): one query."""
    ids = ids_in_path(unit.path)
    ids = ids[ids.index(top.pk) :]
    found = OrgUnit.objects.in_bulk(ids)
    return [found[i] for i in ids]


@dataclass
class UnitNumbers:
    """A unit's counts, each (people with the requirement, assessed, at or above, below,
    sum of gaps) per competence: for everyone in it and below it (``subtree``), and for
    its own people (``own``)."""

    subtree: dict[int, list[int]] = field(default_factory=dict)
    own: dict[int, list[int]] = field(default_factory=dict)

    def pack(self) -> tuple[bytes, bytes]:
        """As flat arrays of integers (the cache reads bytes far faster than objects)."""

        def flat(found: dict[int, list[int]]) -> bytes:
            out = array("q")
            for key, numbers in found.items():
                out.append(key)
                out.extend(numbers)
            return out.tobytes()

        return flat(self.subtree), flat(self.own)

    @staticmethod
    def read(raw: bytes) -> dict[int, list[int]]:
        """One of ``pack``'s arrays as competence -> numbers."""
        each = iter(_ints(raw).tolist())
        return {c: [a, b, d, e, f] for c, a, b, d, e, f in zip(*[each] * 6, strict=True)}

    @classmethod
    def unpack(cls, packed: tuple[bytes, bytes]) -> UnitNumbers:
        subtree, own = packed
        return cls(cls.read(subtree), cls.read(own))


CACHE_SECONDS = 10 * 60
# How long the last counts of a scope may be shown while new ones are counted.
KEEP_SECONDS = 24 * 60 * 60


class Packed(TypedDict):
    """A scope's counts as kept in the cache: per unit (subtree, own), per professional
    group (the scope's whole people of the group, as "own"), and the units' parents
    (``_parents``; counts kept before they were added have none)."""

    units: dict[int, tuple[bytes, bytes]]
    groups: dict[int, tuple[bytes, bytes]]
    parents: NotRequired[list[tuple[int, int | None]]]


def _packed(
    scope: OverviewScope, profiles: Profiles, *, at_once: bool = False
) -> refreshing.Kept[Packed]:
    """The counts of the scope's people for every unit and every professional group,
    packed, with the key they were counted under.

    Counted for every unit of the scope at once (``_count_units``: two grouped queries
    and a roll-up of each unit into the units above it), and kept in the cache as one
    entry (a cache may drop entries one by one; packed: ``UnitNumbers.pack``) under
    everything they depend on: the scope, the organisation's version (people and
    units), the profiles (``Profiles.fingerprint``), the agreed levels (the newest row
    and the last acceptance: two queries on an index each) and the day. Counting a
    municipality takes a few hundred milliseconds, and every acceptance makes a new key:
    so after a change the page shows the last counts of the scope while they are counted
    again in the background (``samtale.lib.refreshing``), and counts older than
    CACHE_SECONDS are counted again the same way (what no key catches, such as a summary
    deleted by the retention rules, shows within them)."""
    newest = AgreedLevel.objects.order_by("-pk").values_list("pk", flat=True).first()
    last = (
        AgreedLevel.objects.filter(current=True, accepted_at__isnull=False)
        .order_by("-accepted_at")
        .values_list("accepted_at", flat=True)
        .first()
    )
    version = ":".join(
        [
            scope.key,
            headcount.version(),
            profiles.fingerprint,
            f"{newest}-{last.isoformat() if last else ''}",
            timezone.localdate().isoformat(),
        ]
    )
    key = "samtale:gaps:" + hashlib.sha256(version.encode()).hexdigest()[:32]
    latest = "samtale:gaps:latest:" + hashlib.sha256(scope.key.encode()).hexdigest()[:32]

    def count() -> Packed:
        units, groups = _count_units(scope, profiles)
        return {
            "units": {pk: n.pack() for pk, n in units.items()},
            "groups": {pk: n.pack() for pk, n in groups.items()},
            "parents": _parents(scope, units),
        }

    return refreshing.kept(
        key,
        latest,
        count,
        fresh_seconds=CACHE_SECONDS,
        keep_seconds=KEEP_SECONDS,
        ready=lambda counted: _prepare(scope, counted),
        at_once=at_once,
    )


def _prepare(scope: OverviewScope, counts: refreshing.Kept[Packed]) -> None:
    """What the scope's top page derives from new counts, made in the thread that counted
    them: the anonymised tree and the future needs' numbers."""
    _tree_of(scope, counts)
    future_needs(scope, scope.top, counts.key)


# Per (unit or group, competence): [assessed, at or above, below, sum of gaps].
Compared = dict[tuple[Any, int], list[int]]


def _count_units(
    scope: OverviewScope, profiles: Profiles
) -> tuple[dict[int, UnitNumbers], dict[int, UnitNumbers]]:
    """Every unit's ``UnitNumbers`` for the scope's people: the people per (unit,
    profile), their current agreed levels compared with the profiles' requirements per
    unit and per professional group, each unit added once into the unit above it (the
    deepest first). Two queries on the maintained counts for the scope's subtrees
    (``paths``: ``_kept``), two on the people themselves for those counted one by one
    (``others``: ``_one_by_one``)."""
    people: list[tuple[str, int | None, int]] = []
    units: Compared = {}
    groups: Compared = {}
    if scope.paths:
        _kept(scope.paths, profiles, people, units, groups)
    if scope.others is not None:
        _one_by_one(scope.others, profiles, people, units, groups)
    return _roll_up(profiles, people, units, groups)


def _add(into: Compared, key: tuple[Any, int], numbers: list[int] | tuple[int, ...]) -> None:
    there = into.get(key)
    if there is None:
        into[key] = list(numbers)
    else:
        for i, n in enumerate(numbers):
            there[i] += n


def _kept(
    paths: tuple[str, ...],
    profiles: Profiles,
    people: list[tuple[str, int | None, int]],
    units: Compared,
    groups: Compared,
) -> None:
    """The maintained counts (``counts``) of everyone at and below ``paths``, employed
    today or later: the people per (unit path, profile), and their levels compared with
    the requirements in SQL (joined with the requirements as a table of values), per
    (unit, competence) and per (group, competence) in one query."""
    kept = subtree_q("unit__path", paths) & Q(ends__gte=timezone.localdate())
    people += (
        (path, profiles.holding(group, path), n)
        for path, group, n in PeopleCount.objects.filter(kept)
        .order_by()
        .values_list("unit__path", "group_id", "n")
    )
    required = [
        (profile, competence, level)
        for profile, found in profiles.requirements.items()
        for competence, level in found.items()
    ]
    if not required:
        return
    rows = (
        LevelCount.objects.filter(kept)
        .order_by()
        .values(
            u=F("unit_id"),
            profile=profiles.case("group_id"),
            g=F("group_id"),
            c=F("competence_id"),
            lv=F("level"),
            m=F("n"),
        )
    )
    inner, inner_params = rows.query.sql_with_params()
    n = len(required)
    sums = (
        "SUM(k.m), SUM(CASE WHEN k.lv >= r.req THEN k.m ELSE 0 END), "
        "SUM(CASE WHEN k.lv < r.req THEN k.m ELSE 0 END), "
        "SUM(CASE WHEN k.lv < r.req THEN k.m * (r.req - k.lv) ELSE 0 END)"
    )
    joined = "FROM k JOIN r ON r.profile = k.profile AND r.competence = k.c"
    sql = (
        f"WITH r (profile, competence, req) AS (VALUES {', '.join(['(%s, %s, %s)'] * n)}), "
        f"k AS ({inner}) "
        f"SELECT 0, k.u, k.c, {sums} {joined} GROUP BY k.u, k.c "
        f"UNION ALL SELECT 1, k.g, k.c, {sums} {joined} GROUP BY k.g, k.c"
    )
    params = [value for row in required for value in row] + list(inner_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for per_group, key, competence, *numbers in cursor.fetchall():
            _add(groups if per_group else units, (key, competence), numbers)


def _one_by_one(
    others: Q,
    profiles: Profiles,
    people: list[tuple[str, int | None, int]],
    units: Compared,
    groups: Compared,
) -> None:
    """The people of ``others`` themselves, employed today, with a professional group:
    per (unit path, profile), and their current levels per (unit, profile, competence,
    level), compared with the requirements here."""
    people_q = others & active_q() & Q(professional_group__isnull=False)
    # The profile that holds is worked out here (``Profiles.holding``) from the group and
    # the unit's path: the rule ``Profiles.case`` puts into SQL, without the cost of
    # building that CASE into each query (``_kept``'s people do the same).
    people += (
        (path, profiles.holding(group, path or ""), n)
        for path, group, n in Person.objects.filter(people_q)
        .order_by()
        .values_list("unit__path", "professional_group_id")
        .annotate(n=Count("pk"))
    )
    levels = (
        AgreedLevel.objects.filter(current=True)
        .filter(person__in=Person.objects.filter(people_q).values("pk"))
        .order_by()
        .values_list(
            "person__unit_id",
            "person__unit__path",
            "person__professional_group_id",
            "competence_id",
            "level",
        )
        .annotate(n=Count("pk"))
    )
    group_of = {p.pk: p.group_id for p in profiles.profiles}
    for unit, path, group, competence, level, n in levels:
        profile = profiles.holding(group, path or "")
        required = profiles.required(profile, competence)
        if required is None or unit is None or profile is None:
            continue
        numbers = (n, n, 0, 0) if level >= required else (n, 0, n, n * (required - level))
        _add(units, (unit, competence), numbers)
        _add(groups, (group_of[profile], competence), numbers)


def _roll_up(
    profiles: Profiles,
    people: list[tuple[str, int | None, int]],
    units: Compared,
    groups: Compared,
) -> tuple[dict[int, UnitNumbers], dict[int, UnitNumbers]]:
    """Each unit's own numbers (its people per required competence, and their levels
    compared), everyone in it and below (each unit added once into its parent, the
    deepest first), and each professional group's."""
    requirements = profiles.requirements
    group_of = {p.pk: p.group_id for p in profiles.profiles}
    own: dict[int, dict[int, list[int]]] = {}
    by_group: dict[int, dict[int, list[int]]] = {}
    parent_of: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    unit_of: dict[str, int] = {}
    for path, profile, n in people:
        if profile is None or not path or not n:
            continue
        unit = unit_of.get(path)
        if unit is None:
            ids = ids_in_path(path)
            unit = unit_of[path] = ids[-1]
            for i, pk in enumerate(ids):
                if pk not in depth:
                    depth[pk] = i
                    parent_of[pk] = ids[i - 1] if i else None
        mine = own.setdefault(unit, {})
        theirs = by_group.setdefault(group_of[profile], {})
        for competence in requirements[profile]:
            for into in (mine, theirs):
                numbers = into.get(competence)
                if numbers is None:
                    into[competence] = [n, 0, 0, 0, 0]
                else:
                    numbers[0] += n
    for compared, keyed in (
        (units, own),
        (groups, by_group),
    ):
        for (key, competence), (assessed, at, below, gap) in compared.items():
            numbers = keyed.get(key, {}).get(competence)
            if numbers is not None:
                numbers[1] += assessed
                numbers[2] += at
                numbers[3] += below
                numbers[4] += gap
    subtree: dict[int, dict[int, list[int]]] = {pk: {} for pk in depth}
    for pk in sorted(depth, key=depth.__getitem__, reverse=True):
        _add_into(subtree[pk], own.get(pk, {}))
        parent = parent_of[pk]
        if parent is not None:
            _add_into(subtree[parent], subtree[pk])
    found = {pk: UnitNumbers(subtree[pk], own.get(pk, {})) for pk in depth}
    return found, {pk: UnitNumbers(own=numbers) for pk, numbers in by_group.items()}


def _add_into(into: dict[int, list[int]], found: dict[int, list[int]]) -> None:
    for key, numbers in found.items():
        there = into.get(key)
        if there is None:
            into[key] = list(numbers)
        else:
            there[0] += numbers[0]
            there[1] += numbers[1]
            there[2] += numbers[2]
            there[3] += numbers[3]
            there[4] += numbers[4]


# --- a leader's own people, by name -----------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    competence: Competence
    required: int
    agreed: int | None

    @property
    def gap(self) -> int | None:
        """Levels below the required one (0: at or above; None: not assessed)."""
        return None if self.agreed is None else max(0, self.required - self.agreed)


@dataclass
class PersonGaps:
    person: Person
    requirements: list[Requirement]

    @cached_property
    def below(self) -> list[Requirement]:
        return [r for r in self.requirements if r.gap]

    @cached_property
    def not_assessed(self) -> int:
        return sum(1 for r in self.requirements if r.agreed is None)

    @cached_property
    def at(self) -> int:
        return sum(1 for r in self.requirements if r.gap == 0)


def people_gaps(
    leader: Person,
    unit: OrgUnit,
    competences: list[Competence],
    profiles: Profiles,
    page: str | int | None = None,
) -> Page[PersonGaps]:
    """A page (``SAMTALE_PAGE_SIZE``, by name) of the leader's direct reports in ``unit``
    and below, each with their requirements and agreed levels (by name: the leader holds
    their MUS). Three queries: how many, the page's people, their levels; the work and
    the page grow with the page, not with how many the leader leads."""
    people = (
        Person.objects.active()
        .filter(manager=leader, unit__path__startswith=unit.path)
        .select_related("unit", "professional_group")
        .only(
            "pk",
            "name",
            "professional_group_id",
            "professional_group__name",
            "unit_id",
            "unit__path",
        )
        .order_by("name", "pk")
    )
    shown = Paginator(people, settings.SAMTALE_PAGE_SIZE).get_page(page)
    on_page = list(shown.object_list)
    agreed = {
        (person_id, competence_id): level
        for person_id, competence_id, level in AgreedLevel.objects.filter(
            current=True, person_id__in=[person.pk for person in on_page]
        ).values_list("person_id", "competence_id", "level")
    }
    # Per (group, unit path): the competences the profile holding there requires.
    required_by: dict[tuple[int | None, str], list[tuple[Competence, int, int]]] = {}
    out = []
    for person in on_page:
        where = (person.professional_group_id, person.unit.path if person.unit else "")
        required = required_by.get(where)
        if required is None:
            profile = profiles.holding(*where)
            required = required_by[where] = [
                (c, c.pk, level)
                for c in competences
                if (level := profiles.required(profile, c.pk)) is not None
            ]
        pk = person.pk
        requirements = [
            Requirement(c, level, agreed.get((pk, c_pk))) for c, c_pk, level in required
        ]
        out.append(PersonGaps(person, requirements))
    return Page(out, shown.number, shown.paginator)


def team_gaps(
    viewer: Viewer, competences: list[Competence], profiles: Profiles
) -> AnonymousTable[Row, int, Stats] | None:
    """The teams the leader leads, each with its members' requirements against their
    agreed levels per competence (the leader's own people: not anonymised, as their
    list by name). A member the leader does not lead (a colleague from elsewhere in a
    cross-team) is not counted. Three queries; None without a team."""
    if viewer.person is None:
        return None
    teams = list(Team.objects.filter(leader=viewer.person).order_by("name", "pk"))
    if not teams:
        return None
    members = list(
        Team.members.through.objects.filter(team__in=teams)
        .filter(person__in=Person.objects.active().filter(policy.led_people_q(viewer)))
        .values_list("team_id", "person_id", "person__professional_group_id", "person__unit__path")
    )
    agreed = {
        (person_id, competence_id): level
        for person_id, competence_id, level in AgreedLevel.objects.filter(
            current=True, person__in={m[1] for m in members}
        ).values_list("person_id", "competence_id", "level")
    }
    columns = tuple(c.pk for c in competences)
    # Per (team, competence): [people, assessed, at or above, below, sum of gaps].
    tally: dict[tuple[int, int], list[int]] = {}
    required_by: dict[tuple[int | None, str], list[tuple[int, int]]] = {}
    for team_id, person_id, group_id, path in members:
        where = (group_id, path or "")
        required = required_by.get(where)
        if required is None:
            profile = profiles.holding(*where)
            required = required_by[where] = [
                (pk, level)
                for pk in columns
                if (level := profiles.required(profile, pk)) is not None
            ]
        for pk, level in required:
            numbers = tally.get((team_id, pk))
            if numbers is None:
                numbers = tally[(team_id, pk)] = [0, 0, 0, 0, 0]
            numbers[0] += 1
            agreed_level = agreed.get((person_id, pk))
            if agreed_level is None:
                continue
            numbers[1] += 1
            if agreed_level >= level:
                numbers[2] += 1
            else:
                numbers[3] += 1
                numbers[4] += level - agreed_level
    rows = {team.pk: Row(f"t{team.pk}", team.name) for team in teams}
    cells: dict[tuple[Row, int], Any] = {}
    for team in teams:
        for pk in columns:
            n = tally.get((team.pk, pk))
            cells[(rows[team.pk], pk)] = (
                Shown(n[0], Stats(n[1], n[2], n[3], n[4])) if n else Shown(0, Stats())
            )
    return AnonymousTable(
        rows=tuple(rows.values()),
        columns=columns,
        k=1,
        cells=cells,
        row_totals={},
        column_totals={},
        total=None,
    )


# --- future needs against today's levels ---------------------------------------------------

NEED_COLUMNS = ("at", "below", "not_assessed")


def future_needs(
    scope: OverviewScope, unit: OrgUnit, key: str = ""
) -> AnonymousTable[FutureNeed, str, None]:
    """The future needs that hold in ``unit`` (its own, those above it, those below it),
    each with how many of the scope's people in the need's unit (and below) already
    have the level, how many are below it, and how many are not assessed: anonymised.
    A need's numbers are the same whichever unit of the drill-down shows it, so no two
    levels split it (they would add up to each other). One query, and two more when the
    counts are not in the cache: ``key`` is the heatmap's counts' key (``Heatmap.key``),
    which changes with everything they depend on (without it they are always counted)."""
    above = ids_in_path(unit.path)
    needs = list(
        FutureNeed.objects.filter(
            Q(unit_id__in=above) | Q(unit__path__startswith=unit.path),
            competence__active=True,
        )
        .select_related("competence", "unit")
        .order_by("needed_within_years", "competence__name", "unit__path")
    )
    if not needs:
        return anonymise({}, [], NEED_COLUMNS)
    return anonymise(_need_counts(scope, needs, key), needs, NEED_COLUMNS)


def _need_counts(
    scope: OverviewScope, needs: list[FutureNeed], key: str
) -> dict[tuple[FutureNeed, str], int]:
    """Per need: at or above its level, below it, not assessed, among the scope's people
    in its unit and below. Kept in the cache under the counts' ``key`` and the needs
    themselves (their units, competences and levels); counted when not there, as the
    heatmap is: the scope's subtrees (``paths``) from the kept counts, its other people
    (``others``) one by one (two queries each)."""
    asked = [(n.pk, n.unit.path, n.competence_id, n.level) for n in needs]
    cache_key = None
    if key:
        cache_key = f"{key}:needs:" + hashlib.sha256(repr(asked).encode()).hexdigest()[:16]
        found: list[tuple[int, int, int]] | None = cache.get(cache_key)
        if found is not None and len(found) == len(needs):
            return _by_need(needs, found)

    people: dict[str, int] = defaultdict(int)
    levels: dict[str, int] = defaultdict(int)
    if scope.paths:
        _kept_needs(scope.paths, needs, people, levels)
    if scope.others is not None:
        _live_needs(
            scope.others & active_q() & Q(professional_group__isnull=False), needs, people, levels
        )
    counted = [
        (
            levels[f"at{i}"],
            levels[f"below{i}"],
            people[f"n{i}"] - levels[f"at{i}"] - levels[f"below{i}"],
        )
        for i in range(len(needs))
    ]
    if cache_key is not None:
        cache.set(cache_key, counted, CACHE_SECONDS)
    return _by_need(needs, counted)


def _needs_aggregates(
    needs: list[FutureNeed], prefix: str, count: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per need, the aggregates of its people and of its levels at or above and below
    it: ``count(filter)`` over rows whose unit path is under ``prefix``unit__path."""

    def within(need: FutureNeed) -> Q:
        return Q(**{f"{prefix}unit__path__startswith": need.unit.path})

    people = {f"n{i}": count(within(need)) for i, need in enumerate(needs)}
    levels = {
        f"{what}{i}": count(
            within(need)
            & Q(competence_id=need.competence_id)
            & (Q(level__gte=need.level) if what == "at" else Q(level__lt=need.level))
        )
        for i, need in enumerate(needs)
        for what in ("at", "below")
    }
    return people, levels


def _add_found(into: dict[str, int], found: dict[str, int | None]) -> None:
    for name, n in found.items():
        into[name] += n or 0


def _kept_needs(
    paths: tuple[str, ...],
    needs: list[FutureNeed],
    people: dict[str, int],
    levels: dict[str, int],
) -> None:
    """The future needs' numbers of everyone at and below ``paths`` from the kept counts
    (``PeopleCount``, ``LevelCount``), employed today or later: two queries."""
    kept = subtree_q("unit__path", paths) & Q(ends__gte=timezone.localdate())
    asked_people, asked_levels = _needs_aggregates(needs, "", lambda f: Sum("n", filter=f))
    _add_found(people, PeopleCount.objects.filter(kept).aggregate(**asked_people))
    _add_found(
        levels,
        LevelCount.objects.filter(
            kept, competence_id__in={n.competence_id for n in needs}
        ).aggregate(**asked_levels),
    )


def _live_needs(
    people_q: Q,
    needs: list[FutureNeed],
    people: dict[str, int],
    levels: dict[str, int],
) -> None:
    """The same for the people of ``people_q`` themselves and their current levels: two
    queries."""

    def count(condition: Q) -> Count:
        return Count("pk", filter=condition)

    asked_people = _needs_aggregates(needs, "", count)[0]
    asked_levels = _needs_aggregates(needs, "person__", count)[1]
    _add_found(people, Person.objects.filter(people_q).aggregate(**asked_people))
    _add_found(
        levels,
        AgreedLevel.objects.filter(
            current=True,
            competence_id__in={n.competence_id for n in needs},
            person__in=Person.objects.filter(people_q).values("pk"),
        ).aggregate(**asked_levels),
    )


def _by_need(
    needs: list[FutureNeed], counted: list[tuple[int, int, int]]
) -> dict[tuple[FutureNeed, str], int]:
    return {
        (need, column): number
        for need, numbers in zip(needs, counted, strict=True)
        for column, number in zip(NEED_COLUMNS, numbers, strict=True)
    }


# --- the workbook -----------------------------------------------------------------------


def export_rows(heatmap: Heatmap) -> Iterator[list[object]]:
    """The heatmap's cells and totals as rows for the workbook (a generator: one row at
    a time): unit, competence, with the requirement, assessed, at or above, below, not
    assessed, mean gap; a hidden number stays hidden ("–" in every column)."""
    names = {c.pk: c.name for c in heatmap.competences}
    total_label = str(_("Total"))

    def line(row: str, column: str, cell: Any) -> list[object]:
        if cell.suppressed:
            return [row, column, *([str(cell)] * 6)]
        stats: Stats = cell.value or Stats()
        gap = stats.mean_gap
        return [
            row,
            column,
            cell.people,
            stats.assessed,
            stats.at,
            stats.below,
            stats.not_assessed(cell.people),
            round(gap, 2) if gap is not None else None,
        ]

    for found in heatmap.table.lines():
        label = found.key.name if found.key.unit else f"{found.key.name} ({_('own people')})"
        for c, cell in zip(heatmap.table.columns, found.cells, strict=True):
            yield line(label, names[c], cell)
    for c in heatmap.table.columns:
        yield line(total_label, names[c], heatmap.table.column_totals[c])
    if heatmap.groups is not None:
        for found in heatmap.groups.lines():
            for c, cell in zip(heatmap.groups.columns, found.cells, strict=True):
                yield line(f"{found.key.name} ({_('professional group')})", names[c], cell)
