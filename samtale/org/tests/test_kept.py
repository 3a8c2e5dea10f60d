"""The home, unit, person and team pages keep their lists in the cache
(``samtale.org.kept``):
a kept page is the page as it would be made anew, a viewer never gets another viewer's
lists, and every change that alters a list shows on the next page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.org import services
from samtale.org.models import Role

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return _TOKEN.sub("", answer.content.decode())  # the forms' token differs per request


def _urls(personas) -> list[str]:
    return [
        reverse("home"),
        reverse("org:unit", args=[personas.units["SOL"].pk]),
        reverse("org:unit", args=[personas.units["DN"].pk]),
        reverse("org:unit", args=[personas.units["DN"].pk]) + "?page=2",
        reverse("org:person", args=[personas.leader.pk]),
        reverse("org:person", args=[personas.employee.pk]),
        reverse("org:team", args=[personas.teams["stue"].pk]),
    ]


@pytest.mark.parametrize("persona", ["employee", "leader", "chief", "hr", "tr", "admin"])
def test_a_kept_page_is_the_page_made_anew(client_as, personas, persona):
    client = client_as(persona)
    for url in _urls(personas):
        if client.get(url).status_code == 404:
            continue  # not this persona's to see
        kept = _page(client, url)  # the first made and kept it
        caches["pages"].clear()
        assert _page(client, url) == kept, (persona, url)


def test_a_viewer_never_gets_another_viewers_lists(client_as, personas):
    """HR sees both of Dagtilbud Nord's houses; the chief, who leads only Solsikken's
    people, not Mælkebøtten, also after HR's page was kept (and the other way round)."""
    dn = reverse("org:unit", args=[personas.units["DN"].pk])
    assert "Mælkebøtten" in _page(client_as("hr"), dn)
    assert "Mælkebøtten" not in _page(client_as("chief"), dn)
    assert "Mælkebøtten" in _page(client_as("hr"), dn)


def test_a_role_granted_shows_its_lists_at_once(client_as, personas):
    mae = reverse("org:unit", args=[personas.units["MAE"].pk])
    client = client_as("tr")
    assert client.get(mae).status_code == 404
    services.grant_role(personas.people["tr"], Role.TR, personas.units["MAE"])
    assert "Morten Mælkebøtte" in _page(client, mae)


def test_a_new_member_shows_on_the_team_page_at_once(client_as, personas):
    team = personas.teams["stue"]
    url = reverse("org:team", args=[team.pk])
    client = client_as("leader")
    assert "Ny Kollega" not in _page(client, url)
    newcomer = services.create_person(
        name="Ny Kollega", unit=personas.units["SOL"], manager=personas.leader
    )
    team.members.add(newcomer)
    assert "Ny Kollega" in _page(client, url)
    newcomer.job_title = "Pædagogmedhjælper"
    newcomer.save()
    assert "Pædagogmedhjælper" in _page(client, url)


def test_a_new_leader_shows_on_both_leaders_pages_at_once(client_as, personas):
    """Kasper moves from Lene to the chief: gone from Lene's "Leads", on the chief's."""
    client = client_as("hr")
    lene = reverse("org:person", args=[personas.leader.pk])
    chief = reverse("org:person", args=[personas.chief.pk])
    assert personas.colleague.name in _page(client, lene)
    before = _page(client, chief)
    services.set_manager(personas.colleague, personas.chief)
    assert personas.colleague.name not in _page(client, lene)
    assert _page(client, chief) != before
    assert personas.colleague.name in _page(client, chief)


def test_a_new_report_shows_on_the_leaders_home_at_once(client_as, personas):
    client = client_as("leader")
    home = reverse("home")
    assert "Nyansat Person" not in _page(client, home)
    services.create_person(
        name="Nyansat Person", unit=personas.units["SOL"], manager=personas.leader
    )
    assert "Nyansat Person" in _page(client, home)


@pytest.mark.parametrize(
    ("name", "args", "most"),
    [
        # session, the user with their viewer, the organisation's version
        ("home", lambda p: [], 3),
        # session, the user with their viewer, the team, the organisation's version
        ("org:team", lambda p: [p.teams["stue"].pk], 4),
        # session, viewer, the version, the unit (whether the viewer may open it, its
        # count and lists kept)
        ("org:unit", lambda p: [p.units["SOL"].pk], 4),
        # session, viewer, the person, the version (whether their unit may be opened
        # kept), their latest changes of leader (to HR), whether they are erased (the
        # erasure link)
        ("org:person", lambda p: [p.leader.pk], 6),
    ],
)
def test_a_kept_page_asks_no_query_for_its_lists(client_as, personas, name, args, most):
    client = client_as("leader" if name == "home" else "hr")
    url = reverse(name, args=args(personas))
    client.get(url)
    with CaptureQueriesContext(connection) as asked:
        assert client.get(url).status_code == 200
    assert len(asked.captured_queries) <= most, [q["sql"][:90] for q in asked.captured_queries]


def test_the_next_day_a_kept_list_is_made_anew(client_as, personas, monkeypatch):
    """Who is active changes at midnight: a person whose last day is today is on the
    unit's list today and gone from it tomorrow, though nothing else changed."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    person = services.create_person(
        name="Sidste Dag", unit=personas.units["SOL"], manager=personas.leader
    )
    person.end_date = today
    person.save()
    client = client_as("leader")
    url = reverse("org:unit", args=[personas.units["SOL"].pk])
    assert "Sidste Dag" in _page(client, url)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=1))
    assert "Sidste Dag" not in _page(client, url)
