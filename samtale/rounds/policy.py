"""Who may see and do what with rounds and strategic goals. One answer per question, in
this file.

- **HR** keeps the strategic goals of the units in its scope and plans the rounds whose
  whole scope lies in its own (HR for Børn og Unge plans Børn og Unge's round, HR for
  the municipality plans the municipality's). Administrators may do what HR may.
- **TR and AMR** whose scope meets the round's (theirs lies inside it, or it inside
  theirs) see the draft, comment on it and sign it off, each in the role they hold. HR
  whose scope meets the round's sees it too.
- Once announced, a round is for everyone in it: the people of its units, the leaders
  (who hold its conversations, also a board chair), and the representatives.
- A round is changed while a draft or agreed (a change to what was agreed makes it a
  draft again); announced, it only closes.
- The round's report (announced: how it stands; closed: the closing report) is for HR
  and administrators with the names of who is missing, for each leader about their own
  people with names, and for TR and AMR as counts for their scope (``report_access``).
- While it is announced, HR hands the conversation of a person who has changed leader
  over to their new nearest leader: HR whose scope covers the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from samtale.lib.paths import within
from samtale.org import policy as org_policy
from samtale.rounds.models import RepresentativeRole, RoundState

if TYPE_CHECKING:
    from samtale.org.models import OrgUnit, Person
    from samtale.org.viewer import Viewer
    from samtale.rounds.models import Round

EDITABLE = frozenset({RoundState.DRAFT, RoundState.AGREED})
PUBLIC = frozenset({RoundState.ANNOUNCED, RoundState.CLOSED})


def meets(paths: Iterable[str], scopes: Iterable[str]) -> bool:
    """Two sets of subtrees share a unit: one lies inside the other."""
    scopes = [s for s in scopes if s]
    return any(p.startswith(s) or s.startswith(p) for p in paths for s in scopes)


def scope_paths(round_: Round) -> list[str]:
    """The paths of the round's units (prefetch ``units``, or ``remember_scope``, to ask
    without a query)."""
    known: tuple[str, ...] | None = getattr(round_, "_scope_paths", None)
    if known is not None:
        return list(known)
    return [unit.path for unit in round_.units.all()]


def remember_scope(round_: Round, paths: Iterable[str]) -> None:
    """The paths of the round's units, read with something else (the conversation's one
    query: ``samtale.rounds.panel``), for ``scope_paths`` on this instance."""
    round_._scope_paths = tuple(path for path in paths if path)


def can_manage_goals(viewer: Viewer, unit: OrgUnit) -> bool:
    return viewer.is_admin or within(unit.path, viewer.hr_paths)


def can_plan_rounds(viewer: Viewer) -> bool:
    return viewer.is_admin or bool(viewer.hr_paths)


def can_plan_for(viewer: Viewer, units: Iterable[OrgUnit]) -> bool:
    """A round over ``units``: every one of them in the viewer's HR scope."""
    units = list(units)
    if not units:
        return False
    return viewer.is_admin or all(within(unit.path, viewer.hr_paths) for unit in units)


def can_manage(viewer: Viewer, round_: Round) -> bool:
    """Plan, change, announce and close the round."""
    return viewer.is_admin or (
        bool(viewer.hr_paths) and all(within(p, viewer.hr_paths) for p in scope_paths(round_))
    )


def can_change(viewer: Viewer, round_: Round) -> bool:
    return round_.state in EDITABLE and can_manage(viewer, round_)


def representative_roles(viewer: Viewer, round_: Round) -> list[str]:
    """The roles (TR, AMR) in which the viewer represents people of the round."""
    paths = scope_paths(round_)
    roles = []
    if meets(paths, viewer.tr_paths):
        roles.append(RepresentativeRole.TR.value)
    if meets(paths, viewer.amr_paths):
        roles.append(RepresentativeRole.AMR.value)
    return roles


def can_see_draft(viewer: Viewer, round_: Round) -> bool:
    return (
        can_manage(viewer, round_)
        or meets(scope_paths(round_), viewer.hr_paths)
        or bool(representative_roles(viewer, round_))
    )


def can_comment(viewer: Viewer, round_: Round) -> bool:
    return viewer.person is not None and round_.state in EDITABLE and can_see_draft(viewer, round_)


def can_sign_off(viewer: Viewer, round_: Round) -> bool:
    return (
        viewer.person is not None
        and round_.state == RoundState.DRAFT
        and bool(representative_roles(viewer, round_))
    )


def can_see(viewer: Viewer, round_: Round) -> bool:
    """The round and its information page."""
    if can_see_draft(viewer, round_):
        return True
    if round_.state not in PUBLIC or viewer.person is None:
        return False
    me = viewer.person
    return viewer.leads_anyone or (
        me.unit is not None and within(me.unit.path, scope_paths(round_))
    )


# --- progress (steering) ---------------------------------------------------------------

WHOLE = "whole"  # the whole round, with names where the viewer is HR (or an administrator)
LED = "led"  # the leader's own line: the units where their conversations count, with names
COUNTS = "counts"  # a representative's scope, counts only


def progress_view(viewer: Viewer, round_: Round) -> str | None:
    """How the viewer sees an announced or closed round's progress, or None (404).

    HR whose scope meets the round's, and administrators, see the whole round; a leader
    sees the units where the conversations of their line count (theirs and those of the
    leaders below them; a board chair only their own); TR and AMR see their scope's
    units as counts, never names. Everyone else sees nothing. Where the counts are
    shown whole is ``counts_whole_within``."""
    if round_.state not in PUBLIC:
        return None
    if viewer.is_admin or meets(scope_paths(round_), viewer.hr_paths):
        return WHOLE
    if viewer.person is not None and viewer.leads_anyone:
        return LED
    if representative_roles(viewer, round_):
        return COUNTS
    return None


def counts_whole_within(viewer: Viewer, round_: Round, view: str) -> tuple[str, ...] | None:
    """Where the progress pages show their counts whole: everywhere (None) to whoever sees
    the names behind all of them (administrators, HR of the whole round, a leader in their
    own line); in their own HR scope to HR of a part of the round; nowhere to TR and AMR.
    Elsewhere a small number is hidden (``samtale.rounds.anonymous``): a count without
    names is an aggregate above a leader's own people."""
    if view == COUNTS:
        return ()
    if view == LED or can_manage(viewer, round_):
        return None
    return tuple(viewer.hr_paths)


def sees_names_in(viewer: Viewer, round_: Round, view: str | None, unit: OrgUnit) -> bool:
    """The drill-down from a unit to its leaders and their people (names, dates and
    states, never content): administrators, HR for the unit, and a leader within their
    own line (the read keeps them to it). Never TR or AMR as such."""
    if view is None or view == COUNTS or not within(unit.path, scope_paths(round_)):
        return False
    if viewer.is_admin or within(unit.path, viewer.hr_paths):
        return True
    return viewer.person is not None and viewer.leads_anyone


def sees_people_of(viewer: Viewer, leader: Person) -> bool:
    """A leader's people and their conversations in the round: the leader themself and
    the leaders above them in the line (a board chair, leading only directly, sees only
    their own)."""
    me = viewer.person
    if me is None:
        return False
    if leader.pk == me.pk:
        return True
    return not me.is_external and bool(me.line_path) and leader.line_path.startswith(me.line_path)


@dataclass(frozen=True)
class ReportAccess:
    """What of the round's report a viewer sees: the units ``within`` these subtrees
    (None: the whole round), or only the conversations ``leader`` holds; and whether
    with the names of who is missing and whose follow-up waits, or as counts only."""

    names: bool
    within: tuple[str, ...] | None = None
    leader: Person | None = None


def report_access(viewer: Viewer, round_: Round) -> ReportAccess | None:
    """The round's report, once announced (None: not for this viewer; the page is 404).

    - HR of the whole scope and administrators: every unit, with names;
    - other HR whose scope meets the round: the part inside their own HR scope, with names;
    - a leader (also a chief or board chair): the conversations they hold, with names;
    - TR and AMR of the scope: their scope, as counts only.

    Who holds several of these roles sees the first that applies."""
    if round_.state not in PUBLIC:
        return None
    if can_manage(viewer, round_):
        return ReportAccess(names=True)
    if meets(scope_paths(round_), viewer.hr_paths):
        return ReportAccess(names=True, within=tuple(viewer.hr_paths))
    if viewer.person is not None and viewer.leads_anyone:
        return ReportAccess(names=True, leader=viewer.person)
    if representative_roles(viewer, round_):
        return ReportAccess(names=False, within=(*viewer.tr_paths, *viewer.amr_paths))
    return None


def can_see_changed_leaders(viewer: Viewer, round_: Round) -> bool:
    """The round's conversations whose leader is no longer the person's nearest leader
    ("Skiftet leder i runden"): HR whose scope meets the round's, and administrators,
    while the round is announced. Each lists only the people in their own HR scope
    (``can_hand_over``)."""
    return round_.state == RoundState.ANNOUNCED and (
        viewer.is_admin or meets(scope_paths(round_), viewer.hr_paths)
    )


def can_hand_over(viewer: Viewer, round_: Round, person: Person) -> bool:
    """Hand the person's conversation of the round over to their new nearest leader: HR
    whose scope covers the person (an administrator), while the round is announced."""
    return can_see_changed_leaders(viewer, round_) and (
        viewer.is_admin or org_policy.is_hr_for(viewer, person)
    )
