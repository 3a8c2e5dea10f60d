"""Every org page for every persona: allowed (200) or not there (404); anonymous is
sent to the login page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from samtale.org.models import Person
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

ALL = LOGGED_IN


def expect(allowed: set[str]) -> list[tuple[str, int]]:
    return [(name, 200 if name in allowed else 404) for name in ALL]


def _check(client_as, url: str, persona: str, status: int) -> None:
    response = client_as(persona).get(url)
    assert response.status_code == status, f"{persona} on {url}"


@pytest.mark.parametrize(
    ("persona", "status"),
    expect({"employee", "colleague", "leader", "chief", "hr", "tr", "amr", "admin"}),
)
def test_employee_person_page(client_as, personas, persona, status):
    _check(client_as, reverse("org:person", args=[personas.employee.pk]), persona, status)


@pytest.mark.parametrize(
    ("persona", "status"),
    expect({"employee", "colleague", "leader", "chief", "hr", "tr", "amr", "admin"}),
)
def test_unit_page_of_the_institution(client_as, personas, persona, status):
    _check(client_as, reverse("org:unit", args=[personas.units["SOL"].pk]), persona, status)


@pytest.mark.parametrize(
    ("persona", "status"),
    expect({"board_chair", "hr", "admin"}),
)
def test_board_led_leader_page(client_as, personas, persona, status):
    _check(client_as, reverse("org:person", args=[personas.mae_leader.pk]), persona, status)


@pytest.mark.parametrize(
    ("persona", "status"),
    expect({"employee", "colleague", "leader", "chief", "hr", "tr", "amr", "admin"}),
)
def test_team_page(client_as, personas, persona, status):
    _check(client_as, reverse("org:team", args=[personas.teams["stue"].pk]), persona, status)


@pytest.mark.parametrize("persona", ALL)
def test_home_and_tree_work_for_everyone(client_as, persona):
    client = client_as(persona)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("org:tree")).status_code == 200


@pytest.mark.parametrize("url_name", ["home", "org:tree"])
def test_anonymous_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_a_person(client, personas):
    response = client.get(reverse("org:person", args=[personas.employee.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("employee", True),
        ("leader", True),
        ("chief", True),
        ("hr", True),
        ("admin", True),
        ("colleague", False),
        ("tr", False),
        ("amr", False),
    ],
)
def test_employment_details_only_for_need_to_know(client_as, personas, persona, sees):
    html = client_as(persona).get(reverse("org:person", args=[personas.employee.pk])).content
    # The employment facts (employee number 1003, hours) are shown under their own terms;
    # a bare "1003" could also be a database id in a link.
    shown = b"<dt>Medarbejdernummer</dt><dd>1003</dd>" in html
    assert shown is sees, persona
    assert (b"<dt>Ugentlige timer</dt>" in html) is sees, persona


@pytest.mark.parametrize(
    ("persona", "sees"), [("leader", True), ("hr", True), ("colleague", False)]
)
def test_leave_is_shown_with_the_employment_details(client_as, personas, persona, sees):
    Person.objects.filter(pk=personas.employee.pk).update(
        leave_from=datetime.date(2027, 1, 10), leave_until=None
    )
    html = client_as(persona).get(reverse("org:person", args=[personas.employee.pk])).content
    shown = b"<dt>Orlov</dt><dd>Fra 10. januar 2027, indtil videre</dd>" in html
    assert shown is sees, persona


def test_tree_and_unit_pages_list_only_units_the_viewer_may_open(client_as, personas):
    # The chief leads Solsikken's people but not Mælkebøtten's (the board chair does).
    client = client_as("chief")
    for url in (reverse("org:tree"), reverse("org:unit", args=[personas.units["DN"].pk])):
        html = client.get(url).content.decode()
        assert "Børnehuset Solsikken" in html, url
        assert "Mælkebøtten" not in html, url
    hr = client_as("hr").get(reverse("org:unit", args=[personas.units["DN"].pk]))
    assert "Mælkebøtten" in hr.content.decode()


@pytest.mark.parametrize("persona", ALL)
def test_every_team_page_opens_for_whom_the_visibility_rule_names(client_as, personas, persona):
    """The team page decides from the kept units and the team's leader
    (``policy.sees_team``); ``team_visible_q`` says it in SQL for the lists: the two agree
    for every team, including one in another unit whose member or leader the persona is."""
    from samtale.access.viewer import viewer_for
    from samtale.org import services
    from samtale.org.models import Team

    me = personas.people.get(persona)
    if me is not None:  # a team elsewhere with the persona in it, and one they lead elsewhere
        services.create_team(
            name="Tværgående", unit=personas.units["MAE"], leader=personas.mae_leader, members=[me]
        )
        services.create_team(name="Ledet herfra", unit=personas.units["BUS"], leader=me, members=[])
    viewer = viewer_for(personas.user(persona))
    _pages_open_as_the_rule_says(client_as(persona), "org:team", Team.objects.all(), viewer)


@pytest.mark.parametrize("persona", ALL)
def test_every_person_page_opens_for_whom_the_visibility_rule_names(client_as, personas, persona):
    """The person page decides in Python (``policy.sees_person``) what
    ``person_visible_q`` says in SQL for the lists: the two agree for every person,
    including the members and the leader of a team elsewhere that the persona is in,
    and someone new in their own unit."""
    from samtale.access.viewer import viewer_for
    from samtale.org import services

    me = personas.people.get(persona)
    if me is not None:
        leader = services.create_person(name="Teamleder Andetsteds", unit=personas.units["BUS"])
        member = services.create_person(name="Kollega Andetsteds", unit=personas.units["EGE"])
        services.create_team(
            name="På tværs", unit=personas.units["BUS"], leader=leader, members=[me, member]
        )
        if me.unit is not None:  # someone new in their own unit, in no team, led by nobody
            services.create_person(name="Ny i enheden", unit=me.unit)
    viewer = viewer_for(personas.user(persona))
    _pages_open_as_the_rule_says(client_as(persona), "org:person", Person.objects.all(), viewer)


def _pages_open_as_the_rule_says(client, page: str, rows, viewer) -> None:
    """Each row's page answers 200 exactly when the lists' rule (``visible_to``, in SQL)
    names the row for the viewer, else 404; an id no row has, 404. And no page that
    opens links to a person's page the viewer may not open (the nearest leader's, say)."""
    visible = set(rows.visible_to(viewer).values_list("pk", flat=True))
    assert visible, page  # every persona sees something, or the walk would prove little
    people = set(Person.objects.visible_to(viewer).values_list("pk", flat=True))
    for row in rows:
        response = client.get(reverse(page, args=[row.pk]))
        assert response.status_code == (200 if row.pk in visible else 404), (page, row.name)
        if response.status_code == 200:
            main = response.content.decode().split('id="main-content"')[1]
            linked = {int(pk) for pk in re.findall(r'href="/organisation/people/(\d+)/"', main)}
            assert linked <= people, (page, row.name, linked - people)
    assert client.get(reverse(page, args=[999_999])).status_code == 404
