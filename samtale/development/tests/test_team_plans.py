"""A GRUS ends in the team's development plan: the leader writes it in the GRUS, the
team's members read it (and its leader, and those above the leader), and the team's next
GRUS shows it, like the person's plan in the next MUS."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.development import services
from samtale.development.models import DevelopmentPlan
from samtale.testing import factories
from samtale.testing.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def grus(personas):
    return factories.held("grus", team=personas.teams["stue"], days_ago=300)


@pytest.fixture
def team_goal(grus, personas):
    item = services.add_item(grus, by=actor(personas.leader), goal="Fælles pædagogisk sprog")
    services.add_activity(
        item, by=actor(personas.leader), kind="network", description="Faglige netværksmøder"
    )
    return item


def test_the_leader_writes_the_teams_plan_in_the_grus(team_goal, personas):
    plan = DevelopmentPlan.objects.get()
    assert plan.team == personas.teams["stue"] and plan.person is None
    assert team_goal.responsible_name() == "Stue Mariehønen, Lene Leder"


def test_the_members_do_not_write_it(grus, personas):
    for name in ("employee", "colleague", "hr", "chief"):
        with pytest.raises(ValidationError):
            services.add_item(grus, by=actor(personas.person(name)), goal="Mål")


def test_the_grus_page_shows_the_plan_to_its_participants(team_goal, grus, client_as):
    for persona in ("leader", "employee", "colleague"):
        page = client_as(persona).get(reverse("conversations:detail", args=[grus.pk]))
        assert "Fælles pædagogisk sprog" in page.content.decode()
    assert ReadLog.objects.filter(subject_id=grus.pk, reader_name="Emma Ansat").exists()


def test_the_forms_of_the_teams_plan_name_the_team(team_goal, client_as, personas):
    """The leader's forms for the team's goals and activities say whose plan it is (the
    team has no person to name)."""
    client = client_as("leader")
    team = personas.teams["stue"].name
    activity = team_goal.activity_rows.get()
    for url, said in (
        (reverse("development:add_item", args=[team_goal.plan.conversation_id]), ""),
        (reverse("development:change_item", args=[team_goal.pk]), ""),
        (reverse("development:add_activity", args=[team_goal.pk]), ""),
        (reverse("development:change_activity", args=[activity.pk]), ", målet “"),
    ):
        page = client.get(url).content.decode()
        assert f"Udviklingsplan for teamet {team}{said or '.'}" in page, url
        assert "Udviklingsplan for ." not in page and "Udviklingsplan for ," not in page


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("employee", True),
        ("colleague", True),
        ("leader", True),
        ("chief", True),
        ("hr", False),
        ("tr", False),
        ("amr", False),
        ("outsider", False),
        ("hr_elsewhere", False),
        ("board_chair", False),
    ],
)
def test_the_teams_plan_page(team_goal, personas, client_as, persona, sees):
    response = client_as(persona).get(
        reverse("development:team_plans", args=[personas.teams["stue"].pk])
    )
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert "Fælles pædagogisk sprog" in response.content.decode()
        assert "Faglige netværksmøder" in response.content.decode()


def test_the_next_grus_shows_the_teams_last_plan(team_goal, personas, client_as):
    this_year = factories.held("grus", team=personas.teams["stue"], days_ago=1)
    page = client_as("employee").get(reverse("conversations:detail", args=[this_year.pk]))
    content = page.content.decode()
    assert "Sidste udviklingsplan" in content and "Fælles pædagogisk sprog" in content


def test_the_grus_page_costs_no_more_than_before(
    team_goal, personas, client_as, django_assert_max_num_queries
):
    this_year = factories.held("grus", team=personas.teams["stue"], days_ago=1)
    services.add_item(this_year, by=actor(personas.leader), goal="Årets teammål")
    client = client_as("leader")
    url = reverse("conversations:detail", args=[this_year.pk])
    client.get(url)
    with django_assert_max_num_queries(18):  # the GRUS page's pin (conversations' test_pages)
        content = client.get(url).content.decode()
    assert "Årets teammål" in content and "Fælles pædagogisk sprog" in content


def test_the_team_plan_page_costs_the_same_with_more_plans(
    team_goal, personas, client_as, django_assert_max_num_queries
):
    client = client_as("employee")
    url = reverse("development:team_plans", args=[personas.teams["stue"].pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        grus = factories.held("grus", team=personas.teams["stue"], days_ago=100 - n)
        item = services.add_item(grus, by=actor(personas.leader), goal=f"Mål {n}")
        services.add_activity(item, by=actor(personas.leader), kind="course", description="K")
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_api_has_the_teams_plan(team_goal, grus, client_as, personas):
    data = client_as("employee").get(f"/api/v1/conversations/{grus.pk}").json()
    plan = data["development_plan"]
    assert plan["person"] is None and plan["team_id"] == personas.teams["stue"].pk
    assert plan["goals"][0]["goal"] == "Fælles pædagogisk sprog"


def test_hrs_export_has_the_teams_plan(team_goal, personas):
    import io

    from openpyxl import load_workbook

    from samtale.development import export

    out = io.BytesIO()
    export.write(actor(personas.hr), out)
    rows = list(load_workbook(io.BytesIO(out.getvalue()), read_only=True).worksheets[1].values)
    assert rows[1][0] == "Stue Mariehønen" and rows[1][1] is None
    assert rows[1][2] == "Børnehuset Solsikken" and rows[1][5] == "Faglige netværksmøder"
