"""The org browser: the tree with counts, a unit, a person, a team, each within the
viewer's scope (404 outside it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from samtale.lib.prepared import Prepared
from samtale.org import policy
from samtale.org.headcount import with_people_counts
from samtale.org.kept import kept_for
from samtale.org.models import OrgUnit, Person, Team
from samtale.org.queries import latest_leader_changes
from samtale.org.tree import tree_for, visible_unit_ids
from samtale.org.viewer import ViewerRequest

# The unit of a unit page, by its id, once the viewer may open it (``visible_unit_ids``).
_unit_by_pk = Prepared(lambda pk: OrgUnit.objects.filter(pk=pk))


def tree(request: ViewerRequest) -> HttpResponse:
    return render(request, "org/tree.html", {"tops": tree_for(request.viewer)})


def unit_detail(request: ViewerRequest, pk: int) -> HttpResponse:
    """The unit, its visible sub-units, people and teams. All but the unit itself is kept
    (``org.kept``, for this viewer and page) and read only when it is not: the lists are
    handed to the template unread."""
    viewer = request.viewer
    kept = kept_for(viewer)
    found = _unit_by_pk(pk) if pk in visible_unit_ids(viewer, kept) else []
    if not found:
        raise Http404
    (unit,) = found
    (unit,) = with_people_counts([unit], org_version=kept.version, today=kept.day)
    number = request.GET.get("page")

    # Built only when read: even building them (the visibility rule) costs.
    def children() -> Sequence[OrgUnit]:
        below = OrgUnit.objects.visible_to(viewer).filter(parent=unit).with_child_counts()
        return with_people_counts(below.order_by("name"), org_version=kept.version, today=kept.day)

    def page() -> Page:
        people = Person.objects.visible_to(viewer).active().filter(unit=unit).for_list()
        return Paginator(people, settings.SAMTALE_PAGE_SIZE).get_page(number)

    def teams() -> list[Team]:
        visible = Team.objects.visible_to(viewer).filter(unit=unit)
        return list(visible.for_list().with_member_counts())

    return render(
        request,
        "org/unit.html",
        {
            "unit": unit,
            "ancestors": OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("path"),
            "children": SimpleLazyObject(children),
            "page_obj": SimpleLazyObject(page),
            "teams": SimpleLazyObject(teams),
            "org_kept": kept,
        },
    )


def _person(pk: int, viewer_pk: int) -> QuerySet[Person]:
    return (
        Person.objects.filter(pk=pk)
        .select_related("unit", "manager__unit", "professional_group")
        .annotate(
            **policy.team_ties(viewer_pk),
            **policy.team_ties(viewer_pk, of="manager_id", prefix="manager_"),
        )
    )


# The person of a person page, by id, with what decides whether the viewer may open it
# beyond the viewer's own data (``policy.sees_person``), and their leader's page: one
# prepared query.
_person_by_pk = Prepared(_person, kinds=(int, int))


def person_detail(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    found: list[Any] = _person_by_pk(pk, viewer.person.pk if viewer.person is not None else 0)
    if not found or not policy.sees_person(
        viewer, found[0], in_my_team=found[0].in_my_team, leads_my_team=found[0].leads_my_team
    ):
        raise Http404
    person: Person = found[0]
    # the teams and the people led are kept (``org.kept``, for this viewer and page), and
    # read only when they are not: handed to the template unread
    kept = kept_for(viewer)
    number = request.GET.get("page")

    def page() -> Page:
        reports = Person.objects.visible_to(viewer).active().filter(manager=person).for_list()
        return Paginator(reports, settings.SAMTALE_PAGE_SIZE).get_page(number)

    def teams() -> list[Team]:
        return list(Team.objects.visible_to(viewer).filter(members=person).for_list())

    own = viewer.person is not None and viewer.person.pk == person.pk
    show_employment = policy.can_see_employment(viewer, person)
    return render(
        request,
        "org/person.html",
        {
            "person": person,
            "show_employment": show_employment,
            "own": own,
            # Whose leader changed, from whom to whom, when and how: to the person
            # themselves, and to those who see their employment.
            "leader_changes": latest_leader_changes(person) if own or show_employment else [],
            # a leader with an end date: HR picks the successor (samtale.org.leaving)
            "can_hand_over": person.end_date is not None
            and policy.can_hand_over_leader(viewer, person),
            # the person's own competences (and their leaders'): linked from here
            "own_or_led": own or policy.leads(viewer, person),
            "unit_visible": person.unit_id in visible_unit_ids(viewer, kept),
            # the nearest leader is linked where the viewer may open their page
            "manager_visible": person.manager is not None
            and policy.sees_person(
                viewer,
                person.manager,
                in_my_team=found[0].manager_in_my_team,
                leads_my_team=found[0].manager_leads_my_team,
            ),
            "page_obj": SimpleLazyObject(page),
            "teams": SimpleLazyObject(teams),
            "org_kept": kept,
        },
    )


# The team of a team page, by its id, with its unit and leader: whether the viewer may
# open it is then known from the kept units (``policy.sees_team``).
_team_by_pk = Prepared(lambda pk: Team.objects.filter(pk=pk).select_related("unit", "leader"))


def team_detail(request: ViewerRequest, pk: int) -> HttpResponse:
    """The team and its active members; the members' table is kept (``org.kept``: the
    same for everyone who may open the page), and read only when it is not."""
    viewer = request.viewer
    kept = kept_for()
    visible = visible_unit_ids(viewer, kept_for(viewer, version=kept.version))
    found = _team_by_pk(pk)
    if not found or not policy.sees_team(viewer, found[0], visible_units=visible):
        raise Http404
    team = found[0]
    members = team.members.active().for_list()  # read by the template, if at all
    return render(request, "org/team.html", {"team": team, "members": members, "org_kept": kept})
