"""The org tree is kept in the cache under the organisation's version, the day and who
the viewer is (``samtale.org.tree``): kept or worked out, it is the same tree, and a
change of anything that decides what a viewer sees shows on the next page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.access.viewer import viewer_for
from samtale.org import services
from samtale.org.headcount import with_people_counts
from samtale.org.models import OrgUnit, Role
from samtale.org.tree import tree_for, visible_unit_ids

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "colleague", "leader", "chief", "board_chair", "hr", "tr", "admin"]


def _shape(tops) -> list[tuple]:
    return [
        (
            top.pk,
            top.name,
            top.people_count,
            [(c.pk, c.name, c.child_count, c.people_count) for c in top.child_list],
        )
        for top in tops
    ]


def _as_worked_out_each_time(viewer) -> list[tuple]:
    """The tree as the page made it before it was kept: the queries, every time."""
    tops = list(OrgUnit.objects.tops_for(viewer).order_by("path"))
    children = list(
        OrgUnit.objects.visible_to(viewer)
        .filter(parent__in=[u.pk for u in tops])
        .with_child_counts()
        .order_by("name")
    )
    with_people_counts([*tops, *children])
    for top in tops:
        top.child_list = [c for c in children if c.parent_id == top.pk]
    return _shape(tops)


def _viewer(personas, name):
    return viewer_for(personas.user(name))


@pytest.mark.parametrize("persona", PERSONAS)
def test_kept_or_worked_out_it_is_the_same_tree(personas, persona):
    viewer = _viewer(personas, persona)
    first = _shape(tree_for(viewer))  # worked out and kept
    with CaptureQueriesContext(connection) as asked:
        kept = _shape(tree_for(viewer))
    assert kept == first == _as_worked_out_each_time(viewer)
    assert first or persona == "board_chair", persona  # an external chair: only teams
    assert len(asked.captured_queries) == 1  # the organisation's version


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_units_a_viewer_may_open_kept_or_worked_out(personas, persona):
    viewer = _viewer(personas, persona)
    each_time = set(OrgUnit.objects.visible_to(viewer).values_list("pk", flat=True))
    assert visible_unit_ids(viewer) == each_time  # worked out and kept
    with CaptureQueriesContext(connection) as asked:
        assert visible_unit_ids(viewer) == each_time
    assert len(asked.captured_queries) == 1  # the organisation's version


def test_a_new_team_membership_shows_its_unit_at_once(personas):
    """Emma sees the units of her teams: a team in another unit makes it appear on her
    tree, and leaving it takes it away again."""
    employee = personas.employee
    elsewhere = personas.units["MAE"]
    before = _shape(tree_for(_viewer(personas, "employee")))
    assert elsewhere.pk not in _pks(before)
    team = services.create_team(
        name="Tværgående", unit=elsewhere, leader=personas.board_chair, members=[employee]
    )
    during = _shape(tree_for(_viewer(personas, "employee")))
    assert elsewhere.pk in _pks(during)
    assert elsewhere.pk in visible_unit_ids(_viewer(personas, "employee"))
    assert during == _as_worked_out_each_time(_viewer(personas, "employee"))
    team.members.remove(employee)
    assert _shape(tree_for(_viewer(personas, "employee"))) == before
    assert elsewhere.pk not in visible_unit_ids(_viewer(personas, "employee"))


def test_a_role_granted_or_taken_away_shows_at_once(personas):
    tr = personas.people["tr"]
    before = _shape(tree_for(_viewer(personas, "tr")))
    grant = services.grant_role(tr, Role.TR, personas.units["MAE"])
    assert personas.units["MAE"].pk in _pks(_shape(tree_for(_viewer(personas, "tr"))))
    grant.delete()
    assert _shape(tree_for(_viewer(personas, "tr"))) == before


def test_people_and_units_moving_show_at_once(personas):
    leader = _viewer(personas, "leader")
    before = _shape(tree_for(leader))
    sol = personas.units["SOL"]
    new = services.create_unit(code="NYSTUE", name="Ny stue", parent=sol)
    services.create_person(name="Ny Medarbejder", unit=new, manager=personas.leader)
    after = _shape(tree_for(_viewer(personas, "leader")))
    assert after != before
    assert after == _as_worked_out_each_time(_viewer(personas, "leader"))


def test_the_next_day_the_tree_is_worked_out_again(personas, monkeypatch):
    """Who is active changes at midnight: a person whose last day was today is no longer
    counted tomorrow."""
    from django.utils import timezone

    leader = _viewer(personas, "leader")
    today = timezone.localdate()
    person = services.create_person(
        name="Sidste Dag", unit=personas.units["SOL"], manager=personas.leader
    )
    person.end_date = today
    person.save()
    counted_today = _shape(tree_for(leader))
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=1))
    tomorrow = _shape(tree_for(leader))
    assert tomorrow != counted_today
    assert tomorrow == _as_worked_out_each_time(leader)


def test_the_tree_page_asks_three_queries_once_kept(client_as, personas):
    client = client_as("hr")
    url = reverse("org:tree")
    client.get(url)
    with CaptureQueriesContext(connection) as asked:
        page = client.get(url)
    assert page.status_code == 200 and "Dagtilbud Nord" in page.content.decode()
    # the session, the user with their viewer, the organisation's version
    assert len(asked.captured_queries) == 3, [q["sql"][:80] for q in asked.captured_queries]


def _pks(shape) -> set[int]:
    return {top[0] for top in shape} | {child[0] for top in shape for child in top[3]}
