"""Bad input gets a 4xx with a JSON reason in the reader's language, never a 500; the
list's filter and pagination work as documented."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from samtale.api.tests.helpers import LIST, ME, detail_url, planned
from samtale.conversations import services
from samtale.conversations.models import State
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/conversations/abc", 422),
        ("/api/v1/conversations/0", 422),
        ("/api/v1/conversations/-1", 422),
        ("/api/v1/conversations/1.5", 422),
        ("/api/v1/conversations/99999999999999999999999", 422),
        ("/api/v1/conversations/999999", 404),
        ("/api/v1/conversations?state=nonsense", 422),
        ("/api/v1/conversations?state=", 422),
        ("/api/v1/conversations?limit=-1", 422),
        ("/api/v1/conversations?limit=0", 422),
        ("/api/v1/conversations?limit=101", 422),
        ("/api/v1/conversations?limit=abc", 422),
        ("/api/v1/conversations?offset=-1", 422),
        ("/api/v1/conversations?offset=99999999999999999999999", 422),
        ("/api/v1/conversations/", 404),
        ("/api/v1/nothing/here", 404),
        ("/api/v1/", 404),
    ],
)
def test_bad_input_gets_a_json_reason(client_as, url, status):
    client = client_as("employee")
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_an_invalid_parameter_is_named(client_as):
    body = client_as("employee").get(LIST + "?limit=-1&state=nonsense").json()
    assert body["detail"] == "Ugyldig værdi for: limit, state."
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "limit"), ("query", "state")}


def test_reasons_are_danish_or_english_as_chosen(client, client_as):
    assert client.get(ME).json() == {"detail": "Log ind i Samtale for at bruge API'et."}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(ME).json() == {"detail": "Log in to Samtale to use the API."}
    employee = client_as("employee")
    assert employee.get("/api/v1/conversations/999999").json() == {"detail": "Ikke fundet."}


def test_writing_is_not_offered(client_as, personas):
    mus = planned("mus", person=personas.employee)
    client = client_as("employee")
    for url in (ME, LIST, detail_url(mus)):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_the_list_filters_by_state_and_pages_newest_first(client_as, personas):
    invited = [planned("mus", person=personas.employee) for _ in range(3)]
    later = invited[0]
    services.reschedule(
        later,
        by=host(later),
        starts_at=timezone.now() + datetime.timedelta(days=30),
        location="Kontoret",
    )
    services.cancel(invited[1], by=host(invited[1]))
    unscheduled = services.plan(
        kind=invited[0].kind, person=personas.employee, by=actor(personas.employee.manager)
    )  # no time yet
    client = client_as("employee")
    everything = client.get(LIST).json()
    assert [c["id"] for c in everything["items"]] == [
        unscheduled.pk,
        later.pk,
        invited[2].pk,
        invited[1].pk,
    ]
    assert everything["count"] == 4
    page = client.get(LIST + "?limit=2&offset=1").json()
    assert [c["id"] for c in page["items"]] == [later.pk, invited[2].pk]
    assert page["count"] == 4
    cancelled = client.get(LIST + "?state=cancelled").json()
    assert [c["id"] for c in cancelled["items"]] == [invited[1].pk]
    assert cancelled["items"][0]["state"] == State.CANCELLED
    assert cancelled["items"][0]["state_name"] == "Aflyst"
    item = client.get(LIST + "?state=rescheduled").json()["items"][0]
    assert item["kind"] == {"code": "mus", "name": "MUS"}
    assert item["leader"] == {"id": personas.leader.pk, "name": "Lene Leder"}
    assert item["person"] == {"id": personas.employee.pk, "name": "Emma Ansat"}
    assert item["team"] is None
    assert item["location"] == "Kontoret" and item["duration"] == later.duration
    starts = datetime.datetime.fromisoformat(item["starts_at"])
    assert starts.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
    ends = datetime.datetime.fromisoformat(item["ends_at"])
    assert ends - starts == datetime.timedelta(minutes=later.duration)
    assert "summary" not in item and "preparations" not in item
