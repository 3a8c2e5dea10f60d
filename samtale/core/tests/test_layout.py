"""The layout around every page (templates/base.html): its menu, search box, head and
footer are rendered once per process for each menu and language (samtale.lib.reuse),
and every page shows what a fresh rendering would."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from samtale.lib import reuse
from samtale.org import services
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code in (200, 404)
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", [*LOGGED_IN, "anonymous"])
@override_settings(REUSE_CHECK=False)
def test_every_persona_gets_the_page_a_fresh_rendering_gives(client_as, name, language):
    client = client_as(name)
    urls = [reverse("login")] if name == "anonymous" else [reverse("home"), "/no-such-page/"]
    for url in urls:
        reuse.forget()
        fresh = page(client, url, language)
        for _ in range(2):
            assert page(client, url, language) == fresh


@override_settings(REUSE_CHECK=False)
def test_the_menu_is_rendered_once_for_everyone_with_the_same_menu(client_as):
    reuse.forget()
    first = client_as("employee").get(reverse("home"))
    assert "includes/main_menu.html" in [t.name for t in first.templates]
    again = client_as("colleague").get(reverse("home"))  # another person, the same menu
    assert "includes/main_menu.html" not in [t.name for t in again.templates]
    assert "Kasper" in again.content.decode()
    assert "Emma" not in again.content.decode()


@override_settings(REUSE_CHECK=False)
def test_a_new_role_shows_in_the_menu_on_the_next_request(client_as, personas):
    client = client_as("employee")
    client.cookies["django_language"] = "en"
    forms = reverse("questionnaires:list")
    assert forms not in client.get(reverse("home")).content.decode()
    services.grant_role(personas.employee, "hr", personas.units["K"])
    assert forms in client.get(reverse("home")).content.decode()


def test_the_menu_marks_my_people_only_on_my_people(client_as):
    """ "Mine medarbejdere" is the current item on the leader's overview of their people,
    not on the competence overview, whose page has the same name in another app."""
    client = client_as("leader")
    mine = 'aria-current="page"><span>Mine medarbejdere</span>'
    assert mine in client.get(reverse("conversations:overview")).content.decode()
    competences = client.get(reverse("competences:overview"))
    assert competences.status_code == 200
    assert mine not in competences.content.decode()
