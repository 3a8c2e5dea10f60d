"""A leader who leaves hands their waiting follow-up requests to the successor
(``samtale.conversations.followups.leaving``, through ``samtale.org.leaving``): the
request was made after a conversation that is usually closed, so it does not move with
the open conversations; it moves on its own, and from then on the successor plans and
holds the follow-up, reads the reason (logged) and gets the reminders; the leader who
left does none of it."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.access.viewer import acting_as
from samtale.conversations import policy, services
from samtale.conversations.followups import queries as follow_up_queries
from samtale.conversations.followups import reminders as follow_up_reminders
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation, ConversationKind, FollowUpRequest, State
from samtale.conversations.todo import Step
from samtale.org import leaving
from samtale.org import services as org_services
from samtale.org.models import Person, Team
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

REASON = "Jeg vil gerne tale om aftalen om kursus i konflikthåndtering igen."


def _ending(person: Person, days: int = 14) -> Person:
    Person.objects.filter(pk=person.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=days)
    )
    person.refresh_from_db()
    return person


def _closed_mus(person: Person) -> Conversation:
    """A MUS held, its summary accepted and closed: history, which no handover moves."""
    conversation = factories.accepted(factories.held("mus", person=person))
    services.close(conversation, by=host(conversation))
    conversation.refresh_from_db()
    return conversation


def _requested_on(request: FollowUpRequest, day: datetime.date) -> FollowUpRequest:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    FollowUpRequest.objects.filter(pk=request.pk).update(
        requested_at=at, deadline=follow_up_services.deadline_for(at)
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def original(personas) -> Conversation:
    return _closed_mus(personas.employee)


@pytest.fixture
def request_(original, personas) -> FollowUpRequest:
    return follow_up_services.request_follow_up(
        original, by=actor(personas.employee), reason=REASON
    )


@pytest.fixture
def successor(personas) -> Person:
    person = org_services.create_person(
        name="Sofie Souschef",
        email="sofie@eksempel.dk",
        employee_number="2001",
        unit=personas.units["SOL"],
        manager=personas.chief,
    )
    org_services.ensure_user(person, password=None)
    person.refresh_from_db()
    return person


def _as(client_as, person: Person):
    """A test client logged in as ``person`` (not a persona)."""
    client = client_as("anonymous")
    client.force_login(person.user)
    return client


def _hand_over(personas, successor: Person):
    leaver = _ending(personas.leader)
    return leaving.hand_over(leaver, successor, by=acting_as(personas.hr), reason="Ny leder")


def test_the_handover_moves_a_waiting_request(request_, original, personas, successor):
    # a withdrawn request and one whose follow-up was held stay where they were
    other = _closed_mus(personas.colleague)
    withdrawn = follow_up_services.request_follow_up(
        other, by=actor(personas.colleague), reason="x"
    )
    follow_up_services.withdraw(withdrawn, by=actor(personas.colleague))
    assert list(follow_up_queries.open_for_leader(personas.leader)) == [request_]
    handover = _hand_over(personas, successor)
    request_.refresh_from_db()
    withdrawn.refresh_from_db()
    assert request_.leader_id == successor.pk
    assert withdrawn.leader_id == personas.leader.pk
    original.refresh_from_db()
    assert original.leader_id == personas.leader.pk  # the closed original is history
    assert list(follow_up_queries.open_for_leader(successor)) == [request_]
    assert list(follow_up_queries.open_for_leader(personas.leader)) == []
    assert handover.moved["follow_ups"] == 1


def test_the_successor_plans_the_follow_up_and_the_leaver_cannot(request_, personas, successor):
    _hand_over(personas, successor)
    request_.refresh_from_db()
    assert not policy.can_plan_follow_up(acting_as(personas.leader), request_)
    with pytest.raises(PermissionDenied):
        follow_up_services.plan_follow_up(request_, by=acting_as(personas.leader))
    assert policy.can_plan_follow_up(acting_as(successor), request_)
    follow_up = follow_up_services.plan_follow_up(request_, by=acting_as(successor))
    assert follow_up.leader_id == successor.pk and follow_up.person_id == personas.employee.pk
    assert follow_up.follow_up_of_id == request_.conversation_id
    assert policy.can_schedule(acting_as(successor), follow_up)
    assert not policy.is_participant(acting_as(personas.leader), follow_up)


def test_on_the_pages_the_successor_plans_and_the_leaver_gets_404(
    client_as, request_, personas, successor
):
    _hand_over(personas, successor)
    url = reverse("conversations:followup_plan", args=[request_.pk])
    assert client_as("leader").post(url).status_code == 404
    assert not Conversation.objects.filter(kind__code="opfoelgning").exists()
    client = _as(client_as, successor)
    response = client.post(url)
    follow_up = Conversation.objects.get(kind__code="opfoelgning")
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:schedule", args=[follow_up.pk])


def test_the_reminder_goes_to_the_successor(
    request_, personas, successor, django_capture_on_commit_callbacks
):
    _hand_over(personas, successor)
    request_ = _requested_on(request_, datetime.date(2027, 3, 1))  # a Monday
    first_reminder, _days_before = follow_up_reminders.reminder_days(request_)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = follow_up_reminders.send_due_reminders(today=first_reminder)
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["sofie@eksempel.dk"]]
    assert "Sofie Souschef" in mail.outbox[0].body
    assert REASON not in mail.outbox[0].body


def test_hrs_to_do_counts_a_leaver_who_only_holds_a_waiting_request(request_, personas, successor):
    leaver = _ending(personas.leader)
    for person in Person.objects.filter(manager=leaver):
        org_services.set_manager(person, personas.chief)
    Team.objects.filter(leader=leaver).update(leader=personas.chief)
    assert list(leaving.leaving_leaders(acting_as(personas.hr))) == [leaver]
    assert leaving.needs_handover(leaver)
    leaving.hand_over(leaver, successor, by=acting_as(personas.hr), reason="Ny leder")
    assert not leaving.needs_handover(leaver)
    assert not leaving.leaving_leaders(acting_as(personas.hr)).exists()


def test_a_successor_who_asked_themself_hands_it_to_the_leavers_leader(request_, personas):
    """Emma asked for the follow-up and is chosen as successor: she cannot hold her own
    follow-up, so the leader's own leader does."""
    _hand_over(personas, personas.employee)
    request_.refresh_from_db()
    assert request_.leader_id == personas.chief.pk


def test_no_one_to_take_it_refuses_the_handover(request_, personas):
    Person.objects.filter(pk=personas.leader.pk).update(manager=None)
    personas.leader.refresh_from_db()
    with pytest.raises(ValidationError, match=personas.employee.name):
        _hand_over(personas, personas.employee)
    request_.refresh_from_db()
    assert request_.leader_id == personas.leader.pk


def test_the_successor_and_the_requester_are_told(
    request_, personas, successor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _hand_over(personas, successor)
    to_successor = [m for m in mail.outbox if m.to == ["sofie@eksempel.dk"]]
    to_requester = [m for m in mail.outbox if m.to == ["employee@eksempel.dk"]]
    detail = reverse("conversations:followup_detail", args=[request_.pk])
    told = next(m for m in to_successor if "opfølgende samtale" in m.subject)
    assert "Emma Ansat" in told.subject and detail in told.body
    assert "Lene Leder" in told.body and REASON not in told.body
    assert told.reply_to == ["employee@eksempel.dk"]
    asked = next(m for m in to_requester if "opfølgende samtale" in m.subject)
    assert "Sofie Souschef" in asked.body and REASON not in asked.body


def test_the_successor_reads_the_reason_logged_and_the_leaver_no_more(
    client_as, request_, original, personas, successor
):
    url = reverse("conversations:followup_detail", args=[request_.pk])
    assert _as(client_as, successor).get(url).status_code == 404  # not theirs yet
    _hand_over(personas, successor)
    ReadLog.objects.all().delete()
    page = _as(client_as, successor).get(url)
    assert page.status_code == 200 and REASON in page.content.decode()
    assert reverse("conversations:followup_plan", args=[request_.pk]) in page.content.decode()
    entry = ReadLog.objects.get()
    assert entry.reader_name == "Sofie Souschef" and entry.subject_id == original.pk
    # not the rest of the closed original: that stays with its participants
    detail = reverse("conversations:detail", args=[original.pk])
    assert _as(client_as, successor).get(detail).status_code == 404
    # the leader who left takes part in the original, but no longer holds the request
    leaver_page = client_as("leader").get(detail).content.decode()
    assert REASON not in leaver_page
    assert client_as("leader").get(url).status_code == 404
    # the one who asked still reads it, and sees who did
    assert REASON in client_as("employee").get(detail).content.decode()
    assert client_as("employee").get(url).status_code == 200
    reads = client_as("employee").get(reverse("conversations:reads")).content.decode()
    assert "Sofie Souschef" in reads


def test_the_successors_list_and_to_do_lead_to_the_request(
    client_as, request_, personas, successor
):
    _hand_over(personas, successor)
    detail = reverse("conversations:followup_detail", args=[request_.pk])
    listed = _as(client_as, successor).get(reverse("conversations:followups")).content.decode()
    assert "Emma Ansat" in listed and detail in listed
    mine = _as(client_as, successor).get(reverse("conversations:mine"))
    steps = [item for item in mine.context["waiting"] if item.step == Step.PLAN_FOLLOW_UP]
    assert [item.url for item in steps] == [detail]
    leavers_list = client_as("leader").get(reverse("conversations:followups"))
    assert "Emma Ansat" not in leavers_list.content.decode()


def _list_queries(client) -> int:
    client.get(reverse("conversations:followups"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("conversations:followups"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_leaders_list_costs_the_same_queries_after_a_handover(client_as, personas, successor):
    mus = ConversationKind.objects.get(code="mus")
    for i in range(6):
        person = org_services.create_person(
            name=f"Medarbejder {i:02}",
            employee_number=f"8{i:03}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        conversation = factories.held("mus", person=person)
        assert conversation.kind == mus
        follow_up_services.request_follow_up(conversation, by=actor(person), reason="x")
    before = _list_queries(client_as("leader"))
    _hand_over(personas, successor)
    assert follow_up_queries.open_for_leader(successor).count() == 6
    assert _list_queries(_as(client_as, successor)) == before
    # and the follow-up planned by the successor is theirs to hold
    request = follow_up_queries.open_for_leader(successor).first()
    assert request is not None
    follow_up = follow_up_services.plan_follow_up(request, by=acting_as(successor))
    assert follow_up.state == State.PLANNED


def test_a_successor_who_leads_nobody_still_finds_the_requests(
    client_as, request_, personas, successor
):
    """The leaver's people had gone to another leader before the handover (an import, say),
    so the successor leads nobody: the follow-ups handed to them are still on their list
    and in their "Mine samtaler", and the request's page leads back to the list."""
    Person.objects.filter(manager=personas.leader).update(manager=personas.chief)
    _hand_over(personas, successor)
    assert not Person.objects.filter(manager=successor).exists()
    client = _as(client_as, successor)
    detail = reverse("conversations:followup_detail", args=[request_.pk])
    listed = client.get(reverse("conversations:followups"))
    assert listed.status_code == 200
    assert "Emma Ansat" in listed.content.decode() and detail in listed.content.decode()
    mine = client.get(reverse("conversations:mine"))
    steps = [item for item in mine.context["waiting"] if item.step == Step.PLAN_FOLLOW_UP]
    assert [item.url for item in steps] == [detail]
    page = client.get(detail).content.decode()
    assert reverse("conversations:followups") in page
    # someone who leads nobody and holds nothing has no list
    assert client_as("employee").get(reverse("conversations:followups")).status_code == 404
