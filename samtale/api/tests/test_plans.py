"""Development plans in the API: the plan agreed in the conversation and the last plan it
follows up on, for the participants only, each read by anyone but its author logged."""

import pytest

from samtale.access.models import ReadLog
from samtale.api.tests.helpers import detail_url
from samtale.conversations import services as conversation_services
from samtale.conversations.models import ConversationKind
from samtale.development import services
from samtale.development.tests.test_plans import held
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db


def test_the_plan_and_last_years_plan(client_as, personas):
    last_year = held("mus", personas.employee, days_ago=365)
    services.add_item(last_year, by=actor(personas.leader), goal="Lære tegn til tale")
    this_year = held("mus", personas.employee)
    services.add_item(this_year, by=actor(personas.leader), goal="Lede morgenmøderne")

    shown = client_as("employee").get(detail_url(this_year)).json()
    assert [g["goal"] for g in shown["development_plan"]["goals"]] == ["Lede morgenmøderne"]
    assert shown["development_plan"]["person"]["name"] == personas.employee.name
    previous = shown["previous_development_plan"]
    assert previous["conversation_id"] == last_year.pk
    assert previous["goals"][0]["goal"] == "Lære tegn til tale"
    assert previous["goals"][0]["status"] == "planned"
    reads = set(
        ReadLog.objects.filter(reader=personas.user("employee"), what="Udviklingsplan").values_list(
            "subject_id", flat=True
        )
    )
    assert reads == {last_year.pk, this_year.pk}

    # The leader wrote both: no read logged for her.
    client_as("leader").get(detail_url(this_year))
    assert not ReadLog.objects.filter(reader=personas.user("leader")).exists()


@pytest.mark.parametrize(
    "persona", [p for p in PERSONA_NAMES if p not in ("employee", "leader", "anonymous")]
)
def test_nobody_else_gets_a_plan(client_as, personas, persona):
    conversation = held("mus", personas.employee)
    services.add_item(conversation, by=actor(personas.leader), goal="Hemmeligt mål 4711")
    response = client_as(persona).get(detail_url(conversation))
    assert response.status_code == 404
    assert b"4711" not in response.content


def test_an_en_til_en_has_no_plan(client_as, personas):
    mus = held("mus", personas.employee, days_ago=30)
    services.add_item(mus, by=actor(personas.leader), goal="Mål")
    en_til_en = conversation_services.plan(
        kind=ConversationKind.objects.get(code="en-til-en"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    shown = client_as("leader").get(detail_url(en_til_en)).json()
    assert shown["development_plan"] is None and shown["previous_development_plan"] is None
