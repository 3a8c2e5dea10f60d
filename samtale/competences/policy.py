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

Agreed levels (issue 11, §2) are a person's, agreed in their MUS:

- The leader who holds a MUS records the agreed levels with its summary, while the
  summary may be written (the MUS is held, its summary not yet closed).
- They are the person's current levels once the person accepts the summary version.
- A person's levels (current and history) are seen by the person and by those who lead
  them (directly or through the line); HR, TR and AMR see aggregates only (the overview),
  never one person's levels. On the conversation they are shown with the summary, to
  those who may read that version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from samtale.conversations import lifecycle
from samtale.conversations import policy as conversation_policy
from samtale.org.policy import is_organisation_hr, leads, led_people_q, subtree_q

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation
    from samtale.org.models import OrgUnit, Person

# The kinds of conversation whose summary records agreed competence levels (by code).
RECORDS_LEVELS = frozenset({"mus"})


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


def records_levels(conversation: Conversation) -> bool:
    """A MUS (with one person) records the agreed levels with its summary."""
    return conversation.person_id is not None and conversation.kind.code in RECORDS_LEVELS


def can_record_levels(viewer: Viewer, conversation: Conversation) -> bool:
    """The leader who holds the MUS, while its summary may be written."""
    return (
        records_levels(conversation)
        and lifecycle.summary_writable(conversation.state)
        and conversation_policy.can_write_summary(viewer, conversation)
    )


def accepts_levels(viewer: Viewer, conversation: Conversation) -> bool:
    """The person the MUS is about accepts its agreed levels (with the summary)."""
    return (
        records_levels(conversation)
        and viewer.person is not None
        and viewer.person.pk == conversation.person_id
    )


def can_see_levels_of(viewer: Viewer, person: Person) -> bool:
    """A person's agreed levels: the person, and those who lead them."""
    me = viewer.person
    return me is not None and (me.pk == person.pk or leads(viewer, person))


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
