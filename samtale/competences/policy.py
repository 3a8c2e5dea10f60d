"""Who may see and change the competence catalogue, the profiles and the future needs.
One answer per question, in this file.

- The catalogue is the organisation's: HR for the whole organisation and administrators
  keep it (add, change, retire competences and their level texts).
- A professional group's profile for the whole organisation is kept by the same people.
  HR keeps the local variants of the units in its scope (a variant holds in its unit and
  below), and sees every group's profile for reference.
- Future needs: HR for the units in its scope (the top unit: the whole organisation);
  administrators for every unit.
- Everyone else gets 404 on these pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from samtale.org.policy import is_organisation_hr, led_people_q, subtree_q

if TYPE_CHECKING:
    from samtale.org.models import OrgUnit, Person
    from samtale.org.viewer import Viewer


def _within(path: str, scopes: tuple[str, ...]) -> bool:
    return any(path.startswith(scope) for scope in scopes if scope)


def can_keep_catalogue(viewer: Viewer) -> bool:
    return viewer.is_admin or is_organisation_hr(viewer)


def can_see_profiles(viewer: Viewer) -> bool:
    """The profile and future-need pages: HR of any scope and administrators."""
    return viewer.is_admin or bool(viewer.hr_paths)


def can_keep_profile(viewer: Viewer, unit: OrgUnit | None) -> bool:
    """A group's profile for the whole organisation (``unit`` None) or a unit's variant."""
    if unit is None:
        return can_keep_catalogue(viewer)
    return viewer.is_admin or _within(unit.path, viewer.hr_paths)


def can_keep_need(viewer: Viewer, unit: OrgUnit) -> bool:
    return viewer.is_admin or _within(unit.path, viewer.hr_paths)


# --- the strategic overview (gaps and the heatmap) ---------------------------------------
#
# - A leader (also a chief or board chair) sees the people they lead as aggregates, and
#   the people they lead directly by name with their gaps (they hold their MUS).
# - HR sees the units of their HR grants, TR and AMR the units of theirs, administrators
#   the whole organisation: aggregates only, never a name.
# - Every aggregate is k-anonymous (``samtale.lib.anonymity``), whoever looks.
# - Everyone else (an employee who leads nobody and holds no role) gets 404.


def can_see_overview(viewer: Viewer) -> bool:
    return (
        viewer.is_admin
        or (viewer.person is not None and viewer.leads_anyone)
        or bool(viewer.hr_paths or viewer.tr_paths or viewer.amr_paths)
    )


def overview_paths(viewer: Viewer) -> tuple[str, ...]:
    """The subtrees whose people the viewer sees as aggregates through a role grant."""
    return tuple(p for p in (*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths) if p)


def overview_people_q(viewer: Viewer) -> Q:
    """The people the viewer's overview counts (before it is anonymised)."""
    if viewer.is_admin:
        return Q()
    q = subtree_q("unit__path", overview_paths(viewer))
    if viewer.person is not None and viewer.leads_anyone:
        q |= led_people_q(viewer)
    return q


def sees_names_of(viewer: Viewer) -> Person | None:
    """The leader whose direct reports the viewer sees by name (themself), or None."""
    return viewer.person if viewer.person is not None and viewer.leads_anyone else None


def can_export_overview(viewer: Viewer) -> bool:
    """The workbook of the gaps: HR and administrators (aggregates only)."""
    return viewer.is_admin or bool(viewer.hr_paths)
