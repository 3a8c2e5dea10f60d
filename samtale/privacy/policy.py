"""Who may do what with a person's data as a whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samtale.org import policy as org_policy

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person


def can_export_own(viewer: Viewer) -> bool:
    """Every logged-in person downloads their own data ("Mine data")."""
    return viewer.person is not None and viewer.user is not None


def can_erase(viewer: Viewer, person: Person, *, erased: bool = False) -> bool:
    """Erase a person on request: HR for the person's unit (HR for a top unit: the whole
    organisation) and administrators; never oneself, never twice."""
    if erased or (viewer.person is not None and viewer.person.pk == person.pk):
        return False
    return viewer.is_admin or org_policy.is_hr_for(viewer, person)
