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

from samtale.org.policy import is_organisation_hr

if TYPE_CHECKING:
    from samtale.org.models import OrgUnit
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
