"""Pages cost the same number of queries for 5 or 5,000 rows.

Each page is requested once with the small persona organisation and once after adding
60 people, 60 units and 60 team members; the number of queries must not grow, and is
pinned. Every request costs 2 queries before the view runs: the session and the user.
The viewer (samtale.access.viewer) costs 1 more: the person with their leader flags and
role grants. A page with people counts (samtale.org.headcount) reads the organisation's
version, and after a change (as here: each request follows one) counts every unit once.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.org import services
from samtale.org.models import Person

pytestmark = pytest.mark.django_db

GROWTH = 60


def _grow(personas) -> None:
    sol, dn = personas.units["SOL"], personas.units["DN"]
    team = personas.teams["stue"]
    for i in range(GROWTH):
        services.create_unit(code=f"X{i}", name=f"Afdeling {i}", parent=dn)
        p = services.create_person(
            name=f"Person {i:03}",
            employee_number=f"9{i:04}",
            unit=sol,
            manager=personas.leader,
            job_title="Pædagog",
        )
        team.members.add(p)


def _count(client, url: str) -> int:
    client.get(url)  # warm up: what a process keeps (the menu's rounds answer, forms)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    # (persona, url name, args from personas, pinned number of queries)
    # home: session, user, viewer x2, my teams, my leader, reports, led teams, led count
    ("leader", "home", None, 9),
    # home for HR: session, user with viewer, teams, leader, leaders who leave, units,
    # version, people counts, follow-up counts
    ("hr", "home", None, 8),
    # home for an admin: session, user with viewer (no person), leaders who leave,
    # units, version, people counts, follow-up counts
    ("admin", "home", None, 7),
    # tree, worked out (the organisation just changed): session, user, viewer, version,
    # tops, their children, people counts; kept, 3 (test_tree)
    ("hr", "org:tree", None, 7),
    # unit: session, user, viewer, unit, ancestors, children, version, people counts,
    # people count + page, teams
    ("leader", "org:unit", lambda p: [p.units["SOL"].pk], 11),
    ("hr", "org:unit", lambda p: [p.units["DN"].pk], 11),
    # person: session, user, viewer x2, person, reports count + page, teams, unit
    # visible?, the latest changes of leader
    ("chief", "org:person", lambda p: [p.leader.pk], 10),
    # the same for HR, and whether the person is erased already (the erasure link)
    ("hr", "org:person", lambda p: [p.employee.pk], 11),
    # team: session, user, viewer x2, team, members
    ("leader", "org:team", lambda p: [p.teams["stue"].pk], 6),
]


@pytest.mark.parametrize(("persona", "name", "args", "pinned"), PAGES)
def test_queries_do_not_grow_with_size(client_as, personas, persona, name, args, pinned):
    url = reverse(name, args=args(personas) if args else None)
    client = client_as(persona)
    small = _count(client, url)
    _grow(personas)
    large = _count(client, url)
    assert large == small, f"{name} as {persona}: {small} queries small, {large} large"
    assert large <= pinned, f"{name} as {persona}: {large} queries, pinned at {pinned}"


def test_unit_page_lists_the_people(client_as, personas):
    _grow(personas)
    page = client_as("leader").get(reverse("org:unit", args=[personas.units["SOL"].pk]))
    html = page.content.decode()
    # Sorted by name, 50 a page: Emma, Kasper and Lene come first, then Person 000-046.
    assert "Emma Ansat" in html and "Person 000" in html and "Person 046" in html
    assert "Person 047" not in html
    assert Person.objects.filter(unit=personas.units["SOL"]).count() == 63
    page2 = client_as("leader").get(
        reverse("org:unit", args=[personas.units["SOL"].pk]), {"page": 2}
    )
    assert "Person 047" in page2.content.decode() and "Person 059" in page2.content.decode()


def test_people_counts_follow_every_change(client_as, personas):
    """The cached head counts change with a new person, a person who leaves and a unit
    that moves, and are read once per request while nothing changes."""
    from samtale.org import headcount

    sol, dn = personas.units["SOL"], personas.units["DN"]
    before = headcount.subtree_counts()
    person = services.create_person(
        name="Ny Person", employee_number="77001", unit=sol, manager=personas.leader
    )
    after = headcount.subtree_counts()
    assert after[sol.pk] == before[sol.pk] + 1 and after[dn.pk] == before[dn.pk] + 1
    person.end_date = person.start_date or datetime.date(2000, 1, 1)
    person.save()
    assert headcount.subtree_counts()[sol.pk] == before[sol.pk]
    moved = services.create_unit(code="FLYT", name="Flytbar", parent=dn)
    services.create_person(name="Flyt Person", employee_number="77002", unit=moved)
    top = personas.units["SOL"]
    services.update_unit(moved, parent=top)
    counts = headcount.subtree_counts()
    assert counts[top.pk] == before[sol.pk] + 1 and counts[moved.pk] == 1
    with CaptureQueriesContext(connection) as ctx:
        headcount.subtree_counts()
    assert len(ctx.captured_queries) == 1  # the version; the counts come from the cache
