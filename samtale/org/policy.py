"""Who may see what of the organisation. One answer per question, in this file.

Written against the viewer (``samtale.org.viewer.Viewer``; the real one is built by
samtale.access), which says who is asking: their person, whom they lead, and their HR,
TR and AMR scopes.

- A person sees themself, their nearest leader, their colleagues in the same unit, the
  members of their teams, everyone they lead (directly and through the tree), and the
  people of every unit in their HR, TR or AMR scope.
- An external person (a board chair: no employee number) leads only directly: they see
  the leaders they are chief of, not the staff below those leaders.
- Employment details (employee number, dates, hours) are for the person, the leaders
  above them, HR for their unit, and administrators. Not for colleagues, TR or AMR.
- Administrators see everything in the organisation.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from samtale.lib.paths import within

if TYPE_CHECKING:
    from samtale.org.models import Person, Team
    from samtale.org.viewer import Viewer

NOTHING = Q(pk__in=[])


def subtree_q(field: str, paths: tuple[str, ...] | list[str]) -> Q:
    """Rows whose ``field`` (a unit path) lies at or below any of ``paths``."""
    paths = [p for p in paths if p]
    if not paths:
        return NOTHING
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def led_people_q(viewer: Viewer, prefix: str = "") -> Q:
    """People the viewer leads: through the whole line below them, or (for an external
    chief such as a board chair) only their direct reports."""
    me = viewer.person
    if me is None:
        return NOTHING
    direct = Q(**{f"{prefix}manager_id": me.pk})
    if me.is_external or not me.line_path:
        return direct
    return Q(**{f"{prefix}line_path__startswith": me.line_path}) & ~Q(**{f"{prefix}pk": me.pk})


def _team_ids_of(viewer: Viewer):
    return teams_of(viewer.person.pk if viewer.person is not None else 0)


def teams_of(person_pk: int) -> QuerySet[Team, Any]:
    """The ids of the teams the person is a member of (a subquery)."""
    from samtale.org.models import Team

    return Team.objects.filter(members=person_pk).values("pk")


def team_ties(viewer_pk: int, *, of: str = "pk", prefix: str = "") -> dict[str, Exists]:
    """Annotations on people for ``sees_person``: ``in_my_team``, a member of one of the
    viewer's teams, and ``leads_my_team``, the leader of one (the last two parts of
    ``person_visible_q``, for one person's row). ``of``: the field of the row that holds
    the person (``manager_id``: the row's leader), with ``prefix`` before the names."""
    from samtale.org.models import Team

    mine = teams_of(viewer_pk)
    return {
        f"{prefix}in_my_team": Exists(
            Team.members.through.objects.filter(person_id=OuterRef(of), team__in=mine)
        ),
        f"{prefix}leads_my_team": Exists(Team.objects.filter(leader_id=OuterRef(of), pk__in=mine)),
    }


def person_visible_q(viewer: Viewer) -> Q:
    from samtale.org.models import Team

    if viewer.is_admin:
        return Q()
    me = viewer.person
    scopes = subtree_q("unit__path", (*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths))
    if me is None:
        return scopes
    q = Q(pk=me.pk) | led_people_q(viewer) | scopes
    if me.manager_id:
        q |= Q(pk=me.manager_id)
    if me.unit_id and not me.is_external:
        q |= Q(unit_id=me.unit_id)
    my_teams = _team_ids_of(viewer)
    q |= Q(pk__in=Team.members.through.objects.filter(team__in=my_teams).values("person_id"))
    q |= Q(pk__in=Team.objects.filter(pk__in=my_teams).values("leader_id"))
    return q


def unit_visible_q(viewer: Viewer) -> Q:
    from samtale.org.models import Person, Team

    if viewer.is_admin:
        return Q()
    me = viewer.person
    q = subtree_q("path", (*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths))
    if me is None:
        return q
    if me.unit_id and not me.is_external:
        q |= Q(pk=me.unit_id)
    if viewer.leads_anyone and not me.is_external:
        q |= Q(pk__in=Person.objects.filter(led_people_q(viewer)).values("unit_id"))
    q |= Q(pk__in=Team.objects.filter(pk__in=_team_ids_of(viewer)).values("unit_id"))
    return q


def team_visible_q(viewer: Viewer) -> Q:
    from samtale.org.models import OrgUnit

    if viewer.is_admin:
        return Q()
    q = Q(unit__in=OrgUnit.objects.filter(unit_visible_q(viewer)).values("pk"))
    if viewer.person is not None:
        q |= Q(pk__in=_team_ids_of(viewer)) | Q(leader=viewer.person)
    return q


def sees_person(viewer: Viewer, person: Person, *, in_my_team: bool, leads_my_team: bool) -> bool:
    """``person_visible_q`` for one person (with their unit), from what their page read
    with them: whether they are a member or the leader of one of the viewer's teams
    (``team_ties``)."""
    if viewer.is_admin:
        return True
    scopes = (*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths)
    if person.unit is not None and within(person.unit.path, scopes):
        return True
    me = viewer.person
    if me is None:
        return False
    return (
        person.pk in (me.pk, me.manager_id)
        or leads(viewer, person)
        or (bool(me.unit_id) and not me.is_external and person.unit_id == me.unit_id)
        or in_my_team
        or leads_my_team
    )


def sees_team(viewer: Viewer, team: Team, *, visible_units: frozenset[int]) -> bool:
    """``team_visible_q`` for one team, from the units the viewer may open
    (``org.tree.visible_unit_ids``, kept): a team's members see its unit, so only its
    leader needs asking."""
    if viewer.is_admin or team.unit_id in visible_units:
        return True
    return viewer.person is not None and team.leader_id == viewer.person.pk


def leads(viewer: Viewer, person: Person) -> bool:
    """Does the viewer lead this person (directly, or through the tree)?"""
    me = viewer.person
    if me is None or person.pk == me.pk:
        return False
    if person.manager_id == me.pk:
        return True
    return bool(not me.is_external and me.line_path and person.line_path.startswith(me.line_path))


def is_hr_for(viewer: Viewer, person: Person) -> bool:
    unit = person.unit
    return unit is not None and within(unit.path, viewer.hr_paths)


def can_see_employment(viewer: Viewer, person: Person) -> bool:
    """Employee number, employment dates and weekly hours."""
    if viewer.is_admin:
        return True
    if viewer.person is not None and viewer.person.pk == person.pk:
        return True
    return leads(viewer, person) or is_hr_for(viewer, person)


def employment_visible_q(viewer: Viewer) -> Q:
    """The people whose employment details the viewer may see (``can_see_employment`` as
    a filter): a search by employee number finds only these."""
    from samtale.org.models import OrgUnit

    if viewer.is_admin:
        return Q()
    q = led_people_q(viewer)
    if viewer.hr_paths:
        # A subquery, not a join: the search ORs this with conditions on the person's
        # own columns, and PostgreSQL serves such an OR from indexes only when every
        # part of it is about the one table.
        q |= Q(unit__in=OrgUnit.objects.filter(subtree_q("path", viewer.hr_paths)).values("pk"))
    if viewer.person is not None:
        q |= Q(pk=viewer.person.pk)
    return q


def is_organisation_hr(viewer: Viewer) -> bool:
    """HR for a top unit: HR for the whole organisation."""
    return any(p.count("/") == 2 for p in viewer.hr_paths)


def can_hand_over_leader(viewer: Viewer, person: Person) -> bool:
    """See a leaving leader's handover and pick their successor (``samtale.org.leaving``):
    HR for the leader's unit, and administrators."""
    return viewer.is_admin or is_hr_for(viewer, person)


def can_import(viewer: Viewer) -> bool:
    """Imports touch the whole organisation: administrators and HR for a top unit."""
    return viewer.is_admin or is_organisation_hr(viewer)


def sees_organisation_overview(viewer: Viewer) -> bool:
    """HR, TR, AMR and administrators get the organisation with counts on their home page."""
    return viewer.is_admin or bool(viewer.hr_paths or viewer.tr_paths or viewer.amr_paths)


def can_search(viewer: Viewer) -> bool:
    """The search box for people and units (samtale.org.search): for those who see more
    than their own unit and teams, that is leaders, HR, TR, AMR and administrators. It
    finds only whom ``person_visible_q`` and ``unit_visible_q`` let them see."""
    return (
        viewer.is_admin
        or viewer.leads_anyone
        or bool(viewer.hr_paths or viewer.tr_paths or viewer.amr_paths)
    )


def can_invite_external(viewer: Viewer) -> bool:
    """Invite an external chief (a board chair): HR for the whole organisation and
    administrators. They choose the leaders among those in their own scope."""
    return viewer.is_admin or is_organisation_hr(viewer)
