"""Pages cost the same number of queries for 5 or 5,000 rows.

Each page is requested once with the small persona organisation and once after adding
60 people, 60 units and 60 team members; the number of queries must not grow, and is
pinned. Every request costs 2 queries before the view runs: the session and the user.
The viewer (samtale.access.viewer) costs 2 more: the person with their leader flags, and
their role grants.
"""

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
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    # (persona, url name, args from personas, pinned number of queries)
    # home: session, user, viewer x2, my teams, my leader, reports, led teams, led count
    ("leader", "home", None, 9),
    # home for HR: session, user, viewer x2, teams, leader, units with counts
    ("hr", "home", None, 7),
    # home for an admin: session, user, viewer x2 (no person), units with counts
    ("admin", "home", None, 5),
    # tree: session, user, viewer x2, tops with counts, their children with counts
    ("hr", "org:tree", None, 6),
    # unit: session, user, viewer x2, unit, ancestors, children, people count + page, teams
    ("leader", "org:unit", lambda p: [p.units["SOL"].pk], 10),
    ("hr", "org:unit", lambda p: [p.units["DN"].pk], 10),
    # person: session, user, viewer x2, person, reports count + page, teams, unit visible?
    ("chief", "org:person", lambda p: [p.leader.pk], 9),
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
