"""The access matrix: every persona on every endpoint. Participants get 200, everyone
else 404 (as if the conversation did not exist), anonymous 401 with a JSON reason and
never a redirect to the login page."""

import pytest

from samtale.access.viewer import viewer_for
from samtale.api.tests.helpers import LIST, ME, detail_url
from samtale.conversations.models import Conversation
from samtale.testing.personas import LOGGED_IN, PERSONA_NAMES

pytestmark = pytest.mark.django_db

MUS_PARTICIPANTS = {"employee", "leader"}
GRUS_PARTICIPANTS = {"employee", "colleague", "leader"}


def _expected(persona: str, participants: set[str]) -> int:
    if persona == "anonymous":
        return 401
    return 200 if persona in participants else 404


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_persona_on_every_endpoint(api_get, conversations, persona):
    cases = {
        ME: 401 if persona == "anonymous" else 200,
        LIST: 401 if persona == "anonymous" else 200,
        detail_url(conversations.mus): _expected(persona, MUS_PARTICIPANTS),
        detail_url(conversations.grus): _expected(persona, GRUS_PARTICIPANTS),
    }
    for url, status in cases.items():
        response = api_get(persona, url)
        assert response.status_code == status, (persona, url, response.content)
        assert response["Content-Type"].startswith("application/json")
        if status != 200:
            assert isinstance(response.json()["detail"], str) and response.json()["detail"]


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_the_list_is_exactly_the_conversations_the_viewer_takes_part_in(
    api_get, conversations, personas, persona
):
    listed = api_get(persona, LIST).json()
    expected = set(
        Conversation.objects.visible_to(viewer_for(personas.user(persona))).values_list(
            "pk", flat=True
        )
    )
    assert {item["id"] for item in listed["items"]} == expected
    assert listed["count"] == len(expected)
    participants = {
        conversations.mus.pk: MUS_PARTICIPANTS,
        conversations.grus.pk: GRUS_PARTICIPANTS,
    }
    assert expected == {pk for pk, who in participants.items() if persona in who}


def test_anonymous_gets_json_401_not_the_login_page(client, conversations):
    for url in (ME, LIST, detail_url(conversations.mus), detail_url(conversations.mus) + "x"):
        response = client.get(url)
        assert response.status_code in (401, 422), url
        assert "Location" not in response
        assert response["Content-Type"].startswith("application/json")
    assert client.get(ME).json()["detail"]


def test_me(api_get, personas):
    employee = api_get("employee", ME).json()
    assert employee == {
        "person": {
            "id": personas.employee.pk,
            "name": "Emma Ansat",
            "email": "employee@eksempel.dk",
            "unit": "Børnehuset Solsikken",
        },
        "leads_anyone": False,
        "is_hr": False,
        "is_admin": False,
    }
    assert api_get("leader", ME).json()["leads_anyone"] is True
    assert api_get("hr", ME).json()["is_hr"] is True
    assert api_get("board_chair", ME).json()["person"]["unit"] is None
    admin = api_get("admin", ME).json()
    assert admin["person"] is None and admin["is_admin"] is True


def test_an_inactive_user_is_refused(client, personas):
    user = personas.user("employee")
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(ME).status_code == 401
