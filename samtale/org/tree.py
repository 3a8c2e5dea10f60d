"""The org tree page's units: the highest units of the viewer's scope, each with the
units directly below it that the viewer may see, and their counts.

Which units a viewer sees (``policy.unit_visible_q``) follows from the organisation
(people, units, teams and their members) and from the viewer's own roles. So the tree is
worked out once and kept in the cache under the organisation's version
(``headcount.version``, which changes in the same transaction as any of those), the day
(who is active changes at midnight) and who the viewer is: their person and every scope
their roles give them (``samtale.org.kept``). A page that finds it asks no query for it; the
people counts come from ``headcount`` under the same version.

What is kept is plain data (ids, names, paths, counts), never model instances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from samtale.org import headcount
from samtale.org.kept import Kept, kept_for
from samtale.org.models import OrgUnit

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer

_FIELDS = ("pk", "code", "name", "parent_id", "path")


def tree_for(viewer: Viewer) -> list[OrgUnit]:
    """The viewer's top units in path order, each with ``child_list`` (the visible units
    directly below it, by name, each with ``child_count``) and, on all of them,
    ``people_count``. One query (the organisation's version) when kept, else three more."""
    kept = kept_for(viewer)
    key = f"samtale:orgtree:{kept.key}"
    found: list[tuple[Any, ...]] | None = cache.get(key)
    if found is None:
        found = _worked_out(viewer)
        cache.set(key, found, kept.seconds)
    counts = headcount.subtree_counts(org_version=kept.version, today=kept.day)
    tops = []
    for top, children in found:
        unit = _unit(top, counts)
        unit.child_list = [_unit(child, counts) for child in children]
        tops.append(unit)
    return tops


def visible_unit_ids(viewer: Viewer, kept: Kept | None = None) -> frozenset[int]:
    """The ids of every unit the viewer may open (``policy.unit_visible_q``), kept like
    the tree (``kept``: the key, when the caller has it already); no query when kept."""
    kept = kept or kept_for(viewer)
    key = f"samtale:orgunits:{kept.key}"
    found: frozenset[int] | None = cache.get(key)
    if found is None:
        found = frozenset(OrgUnit.objects.visible_to(viewer).values_list("pk", flat=True))
        cache.set(key, found, kept.seconds)
    return found


def _worked_out(viewer: Viewer) -> list[tuple[Any, ...]]:
    tops = list(OrgUnit.objects.tops_for(viewer).order_by("path").values_list(*_FIELDS))
    children = (
        OrgUnit.objects.visible_to(viewer)
        .filter(parent__in=[top[0] for top in tops])
        .with_child_counts()
        .order_by("name")
        .values_list(*_FIELDS, "child_count")
    )
    by_parent: dict[int, list[tuple[Any, ...]]] = {}
    for child in children:
        by_parent.setdefault(child[3], []).append(tuple(child))
    return [(tuple(top), by_parent.get(top[0], [])) for top in tops]


def _unit(row: tuple[Any, ...], counts: dict[int, int]) -> OrgUnit:
    pk, code, name, parent_id, path, *child_count = row
    unit = OrgUnit(pk=pk, code=code, name=name, parent_id=parent_id, path=path)
    unit.child_count = child_count[0] if child_count else 0
    unit.people_count = counts.get(pk, 0)
    return unit
