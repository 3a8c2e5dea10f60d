"""The search box in the header, the list under it as one types, and the search page:
who gets them, what they show, and what they cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.org import services
from samtale.org.models import Person
from samtale.org.tests.test_query_counts import _grow
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

SEARCHERS = {"leader", "chief", "board_chair", "hr", "hr_elsewhere", "tr", "amr", "admin"}
BOX = 'id="samtale-search-q"'


def suggest(client, q: str):
    return client.get(reverse("org:search_suggestions"), {"q": q}, headers={"HX-Request": "true"})


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_the_box_and_the_pages_are_for_those_who_may_search(client_as, persona):
    client = client_as(persona)
    home = client.get(reverse("home")).content.decode()
    assert (BOX in home) is (persona in SEARCHERS), persona
    status = 200 if persona in SEARCHERS else 403
    assert suggest(client, "emma").status_code == status, persona
    assert client.get(reverse("org:search"), {"q": "emma"}).status_code == status, persona


@pytest.mark.parametrize("url_name", ["org:search", "org:search_suggestions"])
def test_anonymous_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name), {"q": "emma"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Each persona who may search, searching the list and the page for someone in their
# scope and someone outside it (by name): the outsider is neither linked nor counted.
IN_AND_OUT = [
    ("leader", "employee", "outsider"),
    ("chief", "leader", "mae_leader"),
    ("board_chair", "mae_leader", "mae_employee"),
    ("hr", "mae_employee", "ege_leader"),
    ("hr_elsewhere", "ege_leader", "leader"),
    ("tr", "colleague", "chief"),
    ("amr", "tr", "hr"),
]


@pytest.mark.parametrize(("persona", "inside", "outside"), IN_AND_OUT)
def test_finds_only_whom_the_viewer_may_see(client_as, personas, persona, inside, outside):
    client = client_as(persona)
    inside, outside = personas.person(inside), personas.person(outside)
    found = suggest(client, inside.name).content.decode()
    assert reverse("org:person", args=[inside.pk]) in found, persona
    assert "Fundet: 1 person." in found, persona
    listed = suggest(client, outside.name).content.decode()
    assert reverse("org:person", args=[outside.pk]) not in listed, persona
    assert "Ingen personer eller enheder fundet." in listed, persona
    for ended in ("", "1"):
        page = client.get(reverse("org:search"), {"q": outside.name, "ended": ended})
        html = page.content.decode()
        assert reverse("org:person", args=[outside.pk]) not in html, persona
        assert 'Personer <span class="samtale-count">(0)</span>' in html, persona


@pytest.mark.parametrize(
    ("persona", "inside", "outside"),
    [("leader", "SOL", "EGE"), ("hr_elsewhere", "EGE", "SOL")],
)
def test_finds_only_units_the_viewer_may_see(client_as, personas, persona, inside, outside):
    client = client_as(persona)
    inside, outside = personas.units[inside], personas.units[outside]
    assert reverse("org:unit", args=[inside.pk]) in suggest(client, inside.name).content.decode()
    html = suggest(client, outside.name).content.decode()
    assert reverse("org:unit", args=[outside.pk]) not in html
    assert "Ingen personer eller enheder fundet." in html
    page = client.get(reverse("org:search"), {"q": outside.code}).content.decode()
    assert reverse("org:unit", args=[outside.pk]) not in page
    assert 'Enheder <span class="samtale-count">(0)</span>' in page


def test_the_list_as_one_types(client_as, personas):
    anemone = services.create_unit(code="AN1", name="Anemonen", parent=personas.units["DN"])
    html = suggest(client_as("hr"), "an").content.decode()
    # Units first, then people; each a link with what tells them apart.
    assert html.index("Enheder") < html.index("Anemonen") < html.index("Personer")
    assert reverse("org:unit", args=[anemone.pk]) in html
    assert "AN1 · Dagtilbud Nord" in html
    assert "Pædagog · Børnehuset Solsikken" in html
    assert html.index("Anders Arbejdsmiljø") < html.index("Emma Ansat")
    assert 'hx-swap-oob="innerHTML">Fundet: 1 enhed og 3 personer.</span>' in html
    assert f'href="{reverse("org:search")}?q=an"' in html


def test_the_list_says_when_there_are_more(client_as, personas):
    _grow(personas)
    html = suggest(client_as("leader"), "person").content.decode()
    assert html.count(">Person 0") == 10
    assert "Fundet: mere end 10 personer." in html


def test_too_short_a_query_gives_an_empty_list(client_as):
    html = suggest(client_as("hr"), "e").content.decode()
    assert html == '<span id="samtale-search-status" hx-swap-oob="innerHTML"></span>\n'


def test_the_page_without_javascript(client_as, personas):
    client = client_as("hr")
    page = client.get(reverse("org:search")).content.decode()
    assert 'name="q"' in page and "Navn, medarbejdernummer, e-mail eller enhedskode" in page
    short = client.get(reverse("org:search"), {"q": "e"}).content.decode()
    assert "Skriv mindst 2 tegn." in short
    html = client.get(reverse("org:search"), {"q": "emma ansat"}).content.decode()
    assert reverse("org:person", args=[personas.employee.pk]) in html
    assert 'value="emma ansat"' in html


def test_people_who_have_left_only_when_asked_for_and_marked(client_as, personas):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Person.objects.filter(pk=personas.colleague.pk).update(end_date=yesterday)
    client = client_as("leader")
    assert "Kasper Kollega" not in suggest(client, "kasper").content.decode()
    without = client.get(reverse("org:search"), {"q": "kasper"}).content.decode()
    assert "Kasper Kollega" not in without and "Fratrådte medarbejdere er ikke med." in without
    html = client.get(reverse("org:search"), {"q": "kasper", "ended": "1"}).content.decode()
    assert 'Kasper Kollega</a> <span class="samtale-count">(fratrådt)</span>' in html
    assert 'id="id_ended" name="ended" value="1" checked' in html


def test_the_page_pages_and_keeps_the_query(client_as, personas):
    _grow(personas)
    for i in range(60):
        services.create_person(name=f"Solvej {i:02}", unit=personas.units["SOL"])
    client = client_as("admin")
    page = client.get(reverse("org:search"), {"q": "person 0"}).content.decode()
    assert 'Personer <span class="samtale-count">(60)</span>' in page
    assert "?q=person+0&amp;page=2" in page
    second = client.get(reverse("org:search"), {"q": "person 0", "page": "2"}).content.decode()
    assert "Person 059" in second and "Person 000" not in second
    # Units: the first ten with the people, then all of them on their own pages.
    units = client.get(reverse("org:search"), {"q": "afdeling"}).content.decode()
    assert 'Enheder <span class="samtale-count">(60)</span>' in units
    assert units.count(">Afdeling ") == 10
    assert "?q=afdeling&amp;kind=units" in units and "Vis alle 60 enheder" in units
    only = client.get(reverse("org:search"), {"q": "afdeling", "kind": "units"}).content.decode()
    assert only.count(">Afdeling ") == 50 and "Personer <span" not in only
    assert "?q=afdeling&amp;kind=units&amp;page=2" in only


# Queries: every request costs 2 before the view (the session, the user with the viewer;
# a login without a person, the administrator, one more).
# Then the list: the people (a second query when too few names have a word starting with
# the query: "erson" is inside words only), the units. The page: a count and a page of
# units, a count and a page of people.
PINNED = [
    ("hr", "org:search_suggestions", 5),
    ("leader", "org:search_suggestions", 5),
    ("admin", "org:search_suggestions", 6),
    ("hr", "org:search", 6),
    ("leader", "org:search", 6),
]


@pytest.mark.parametrize(("persona", "url_name", "pinned"), PINNED)
def test_queries_do_not_grow_with_size(client_as, personas, persona, url_name, pinned):
    def count() -> int:
        client.get(reverse(url_name), {"q": "erson"})  # warm up: the menu's rounds answer
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(url_name), {"q": "erson"})
        assert response.status_code == 200
        assert "Person" in response.content.decode().split("</form>")[-1]
        return len(ctx.captured_queries)

    client = client_as(persona)
    unit = services.create_unit(code="PER", name="Personalet", parent=personas.units["DN"])
    services.create_person(name="Person Først", unit=unit, manager=personas.leader)
    small = count()
    _grow(personas)
    large = count()
    assert small == large == pinned, f"{url_name} as {persona}: {small} small, {large} large"
