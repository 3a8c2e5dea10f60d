"""Query counts are pinned: the list costs the same at 5 or 50 conversations, the detail
the same with 2 or 12 team members who have shared their preparations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samtale.api.tests.helpers import LIST, answer, detail_url, planned, share
from samtale.conversations import services
from samtale.org import services as org_services
from samtale.testing import factories
from samtale.testing.factories import actor, host, soon

pytestmark = pytest.mark.django_db


def _more_conversations(personas, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        person = org_services.create_person(
            name=f"Medarbejder {i:02}",
            employee_number=f"8{i:03}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        planned("mus", person=person)


def test_the_list_costs_the_same_at_5_and_50_conversations(
    client_as, personas, django_assert_max_num_queries
):
    _more_conversations(personas, 5)
    client = client_as("leader")
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).json()["count"] == 5
    _more_conversations(personas, 45, start=5)
    # session, the user with their person and role grants (the viewer), the key of what
    # is kept (the organisation's version, the tokens: samtale.conversations.kept), the
    # ids of their conversations (their number is the count), the page (with kind,
    # leader, person and team joined in)
    with django_assert_max_num_queries(6):
        listed = client.get(LIST).json()
    assert listed["count"] == 50 and len(listed["items"]) == 50
    assert len(few.captured_queries) == 6
    # with a state: the same six (the count is of that state)
    with django_assert_max_num_queries(6):
        invited = client.get(LIST, {"state": "invited"}).json()
    assert invited["count"] == 50 and len(invited["items"]) == 50
    # asked again: kept, the session, the viewer and the key only
    with django_assert_max_num_queries(4):
        assert client.get(LIST, {"state": "invited"}).json() == invited


def test_a_state_is_counted_among_the_conversations_in_it(client_as, personas):
    _more_conversations(personas, 7)
    client = client_as("leader")
    everything = client.get(LIST, {"limit": 100}).json()
    invited = client.get(LIST, {"state": "invited", "limit": 2}).json()
    held = client.get(LIST, {"state": "held"}).json()
    assert everything["count"] == len(everything["items"]) >= 7
    assert invited["count"] == sum(c["state"] == "invited" for c in everything["items"]) >= 7
    assert len(invited["items"]) == 2
    assert held["count"] == sum(c["state"] == "held" for c in everything["items"])


def _grus_with_members(personas, members: int):
    team = org_services.create_team(
        name=f"Team med {members}",
        unit=personas.units["SOL"],
        leader=personas.leader,
        members=[
            org_services.create_person(
                name=f"Medlem {members}-{i:02}",
                employee_number=f"9{members:02}{i:02}",
                unit=personas.units["SOL"],
                manager=personas.leader,
            )
            for i in range(members)
        ]
        + [personas.employee],
    )
    grus = planned("grus", team=team)
    for participant in grus.participants.select_related("person"):
        person = participant.person
        share(answer(grus, person, f"Forberedt af {person.name}"))
    share(answer(grus, None, "Teamets forberedelse"))
    for i in range(members):
        services.propose_theme(grus, by=actor(personas.employee), text=f"Tema {i}")
    services.mark_held(grus, by=host(grus))
    services.write_summary(grus, by=host(grus), summary="Referat")
    services.share_summary(grus, by=host(grus))
    for participant in grus.participants.filter(role="participant").select_related("person"):
        services.respond_to_summary(grus, by=actor(participant.person), accept=True)
    return grus


def test_the_detail_costs_the_same_with_2_and_12_members(
    client_as, personas, django_assert_max_num_queries
):
    small, large = _grus_with_members(personas, 1), _grus_with_members(personas, 11)
    client = client_as("employee")
    client.get(detail_url(small))  # the published form is read once per process
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(detail_url(small)).json()["preparations"]) == 4
    # session, the user with their person and role grants (the viewer), the
    # conversation with its participants, agenda, preparations, the answers of every
    # readable preparation, summary versions, their answers, the person's development
    # plans (the round's panel comes with the conversation), and one insert of all
    # read-log rows (each preparation, the summary).
    with django_assert_max_num_queries(10):
        shown = client.get(detail_url(large)).json()
    assert len(shown["preparations"]) == 14
    assert len(few.captured_queries) <= 10


def test_a_kept_list_shows_a_change_at_once(client_as, personas):
    """Kept under the viewer's conversations (samtale.conversations.kept): a new
    conversation and a new time show on the next request, for both participants."""
    leader, employee = client_as("leader"), client_as("employee")
    before = {client: client.get(LIST).json()["count"] for client in (leader, employee)}
    mus = factories.planned("mus", person=personas.employee)
    for client in (leader, employee):
        assert client.get(LIST).json()["count"] == before[client] + 1
    services.invite(mus, by=host(mus), starts_at=soon(), location="Kontoret")
    for client in (leader, employee):
        rows = {row["id"]: row for row in client.get(LIST, {"limit": 100}).json()["items"]}
        assert rows[mus.pk]["state"] == "invited"
        assert rows[mus.pk]["location"] == "Kontoret"
