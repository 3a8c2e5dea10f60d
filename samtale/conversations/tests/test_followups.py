"""Follow-up conversations on request: the employee (or the team) asks after a held
conversation, the leader must hold it within 14 days; reminders on day 7 and day 12,
each once; overdue requests listed for the leader and counted, without content, for HR."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.access.viewer import viewer_for
from samtale.conversations import services
from samtale.conversations.followups import emails as follow_up_emails
from samtale.conversations.followups import queries as follow_up_queries
from samtale.conversations.followups import reminders as follow_up_reminders
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.followups.queries import FollowUpState
from samtale.conversations.models import Conversation, ConversationKind, FollowUpRequest, State
from samtale.core.mail import render_mail
from samtale.core.models import SentReminder
from samtale.lib import workdays
from samtale.org import services as org_services
from samtale.testing import factories
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

REASON = "Jeg vil gerne tale om aftalen om kursus i konflikthåndtering igen."


def expect(allowed: set[str]) -> list[tuple[str, int]]:
    return [(name, 200 if name in allowed else 404) for name in LOGGED_IN]


def held(kind: str, *, person=None, team=None, leader=None) -> Conversation:
    return factories.held(kind, person=person, team=team, leader=leader)


def hold(conversation: Conversation) -> None:
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="Kontoret",
    )
    services.mark_held(conversation, by=host(conversation))


def requested_on(request: FollowUpRequest, day: datetime.date, hour: int = 10) -> FollowUpRequest:
    """Test setup: move the request back in time (and its deadline with it)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    FollowUpRequest.objects.filter(pk=request.pk).update(
        requested_at=at, deadline=follow_up_services.deadline_for(at)
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def mus(emmas_held_mus):
    return emmas_held_mus


@pytest.fixture
def request_(mus, personas):
    return follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason=REASON)


# --- who may request, when, and how often ----------------------------------------------


def test_deadline_is_the_kinds_days_after_the_danish_date_of_the_request_on_a_workday(
    mus, personas
):
    request = follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason=REASON)
    assert request.deadline == workdays.on_or_after(
        timezone.localdate() + datetime.timedelta(days=14)
    )
    # 23:30 UTC on 5 January is 00:30 on Wednesday 6 January in Copenhagen: 14 days on is
    # Wednesday 20 January.
    late = datetime.datetime(2027, 1, 5, 23, 30, tzinfo=datetime.UTC)
    assert follow_up_services.deadline_for(late) == datetime.date(2027, 1, 20)
    # The kind's follow_up_days is the organisation's to change: 10 days on is Saturday
    # 16 January, so the deadline is Monday 18 January.
    ConversationKind.objects.filter(code="opfoelgning").update(follow_up_days=10)
    assert follow_up_services.deadline_for(late) == datetime.date(2027, 1, 18)
    # A deadline on a public holiday moves too: requested Thursday 11 December 2025, 14
    # days on is Christmas Day, a Thursday; Boxing Day is a holiday too, so Monday 29th.
    ConversationKind.objects.filter(code="opfoelgning").update(follow_up_days=14)
    christmas = timezone.make_aware(datetime.datetime(2025, 12, 11, 10))
    assert follow_up_services.deadline_for(christmas) == datetime.date(2025, 12, 29)


def test_the_employee_requests_once_the_conversation_is_held(personas):
    kind = ConversationKind.objects.get(code="mus")
    conversation = services.plan(
        kind=kind, person=personas.employee, by=actor(personas.employee.manager)
    )
    with pytest.raises(ValidationError) as refused:
        follow_up_services.request_follow_up(conversation, by=actor(personas.employee), reason="x")
    assert refused.value.code == "not_held"
    hold(conversation)
    for other in (personas.leader, personas.colleague, personas.hr):
        with pytest.raises(ValidationError) as refused:
            follow_up_services.request_follow_up(conversation, by=actor(other), reason="x")
        assert refused.value.code == "not_participant"
    with pytest.raises(ValidationError) as refused:
        follow_up_services.request_follow_up(conversation, by=actor(personas.employee), reason="  ")
    assert refused.value.code == "no_reason"
    assert not FollowUpRequest.objects.exists()
    request = follow_up_services.request_follow_up(
        conversation, by=actor(personas.employee), reason=f"  {REASON}  "
    )
    assert request.reason == REASON and request.requested_by == personas.employee
    assert follow_up_queries.state_of(request) == FollowUpState.OPEN


def test_only_one_waiting_request_per_conversation(request_, mus, personas):
    with pytest.raises(ValidationError) as refused:
        follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason="Igen")
    assert refused.value.code == "already_requested"
    # Planned is still waiting.
    follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    with pytest.raises(ValidationError):
        follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason="Igen")
    # Held: a new request may follow.
    request_.refresh_from_db()
    hold(request_.follow_up)
    again = follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason="Igen")
    assert again.pk != request_.pk


def test_withdrawn_request_makes_room_for_a_new_one(request_, mus, personas):
    follow_up_services.withdraw(request_, by=actor(request_.requested_by))
    request_.refresh_from_db()
    assert follow_up_queries.state_of(request_) == FollowUpState.WITHDRAWN
    with pytest.raises(ValidationError):
        follow_up_services.withdraw(request_, by=actor(request_.requested_by))
    follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason="Alligevel")
    assert FollowUpRequest.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_any_member_of_the_team_may_request_after_grus(personas):
    grus = held("grus", team=personas.teams["stue"])
    request = follow_up_services.request_follow_up(
        grus, by=actor(personas.colleague), reason=REASON
    )
    with pytest.raises(ValidationError):
        follow_up_services.request_follow_up(grus, by=actor(personas.employee), reason=REASON)
    follow_up = follow_up_services.plan_follow_up(request, by=host(request.conversation))
    assert follow_up.team == personas.teams["stue"] and follow_up.person is None
    assert follow_up.leader == personas.leader and follow_up.follow_up_of == grus
    members = set(follow_up.participants.values_list("person__name", flat=True))
    assert members == {"Lene Leder", "Emma Ansat", "Kasper Kollega"}


def test_the_leader_is_told_by_mail_without_the_reason(
    mus, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = follow_up_services.request_follow_up(
            mus, by=actor(personas.employee), reason=REASON
        )
    assert [m.to for m in mail.outbox] == [["leader@eksempel.dk"]]
    message = mail.outbox[0]
    assert "Emma Ansat" in message.subject
    assert REASON not in message.body
    assert reverse("conversations:detail", args=[mus.pk]) in message.body
    assert str(request.deadline.year) in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert "Emma Ansat" in html and REASON not in html
    # A reply reaches the employee who asked, not the system's sender.
    assert message.reply_to == ["employee@eksempel.dk"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_after_grus_the_team_is_named_in_the_sentence(personas, django_capture_on_commit_callbacks):
    grus = held("grus", team=personas.teams["stue"])
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_services.request_follow_up(grus, by=actor(personas.colleague), reason=REASON)
    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.subject == (
        "Kasper Kollega beder om en opfølgende samtale efter GRUS med Stue Mariehønen"
    )
    sentence = "Kasper Kollega beder om en opfølgende samtale efter GRUS med Stue Mariehønen den "
    assert sentence in message.body and sentence in str(message.alternatives[0][0])
    assert "(Stue Mariehønen)" not in message.body
    assert message.reply_to == ["colleague@eksempel.dk"]


def test_plan_follow_up(request_, mus, personas):
    follow_up = follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    assert follow_up.kind.code == "opfoelgning" and follow_up.state == State.PLANNED
    assert follow_up.person == personas.employee and follow_up.leader == personas.leader
    assert follow_up.follow_up_of == mus
    request_.refresh_from_db()
    assert request_.follow_up == follow_up
    assert follow_up_queries.state_of(request_) == FollowUpState.SCHEDULED
    with pytest.raises(ValidationError) as refused:
        follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    assert refused.value.code == "already_planned"
    # Cancelled: the request is open again and can be planned anew.
    services.cancel(follow_up, by=host(follow_up))
    request_.refresh_from_db()
    assert follow_up_queries.state_of(request_) == FollowUpState.OPEN
    again = follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    assert again.pk != follow_up.pk
    hold(again)
    request_.refresh_from_db()
    assert follow_up_queries.state_of(request_) == FollowUpState.HELD


# --- reminders -------------------------------------------------------------------------

MONDAY = datetime.date(2027, 3, 1)


def reminders_on(day: datetime.date, capture) -> list[str]:
    mail.outbox.clear()
    with capture(execute=True):
        sent = follow_up_reminders.send_due_reminders(today=day)
    assert sent == len(mail.outbox)
    return [m.to[0] for m in mail.outbox]


def test_reminders_a_week_and_two_days_before_the_deadline_once_each(
    request_, personas, django_capture_on_commit_callbacks
):
    """Requested Monday 1 March: the deadline is Monday the 15th; reminded on Monday the
    8th (day 7) and, since the 13th is a Saturday, on Friday the 12th (day 11)."""
    requested_on(request_, MONDAY, hour=23)  # late in the day: still that day
    assert request_.deadline == MONDAY + datetime.timedelta(days=14)
    day = MONDAY.__add__
    capture = django_capture_on_commit_callbacks
    assert reminders_on(day(datetime.timedelta(days=6)), capture) == []
    assert reminders_on(day(datetime.timedelta(days=7)), capture) == ["leader@eksempel.dk"]
    assert REASON not in mail.outbox[0].body
    assert reminders_on(day(datetime.timedelta(days=7)), capture) == []  # ran twice
    assert reminders_on(day(datetime.timedelta(days=10)), capture) == []
    assert reminders_on(day(datetime.timedelta(days=11)), capture) == ["leader@eksempel.dk"]
    assert reminders_on(day(datetime.timedelta(days=12)), capture) == []
    assert reminders_on(day(datetime.timedelta(days=13)), capture) == []
    assert reminders_on(day(datetime.timedelta(days=30)), capture) == []
    # one record per reminder, as every reminder in Samtale
    assert set(SentReminder.objects.values_list("key", flat=True)) == {
        f"follow-up:{request_.pk}:before7",
        f"follow-up:{request_.pk}:before2",
    }


def test_reminders_follow_the_kinds_deadline(
    request_, personas, django_capture_on_commit_callbacks
):
    """A follow-up kind of 10 days: the deadline is Thursday 11 March, and the leader is
    reminded on day 3 (Thursday the 4th) and day 8 (Tuesday the 9th), never after it."""
    ConversationKind.objects.filter(code="opfoelgning").update(follow_up_days=10)
    requested_on(request_, MONDAY)
    assert request_.deadline == datetime.date(2027, 3, 11)
    capture = django_capture_on_commit_callbacks
    sent = {n: reminders_on(MONDAY + datetime.timedelta(days=n), capture) for n in range(0, 12)}
    assert [n for n, to in sent.items() if to] == [3, 8]
    # Five days from Monday the 15th is Saturday the 20th: the deadline is Monday the 22nd.
    # A week before it is the day of the request itself, so only the reminder two days
    # before goes, on Friday the 19th (the 20th is a Saturday).
    ConversationKind.objects.filter(code="opfoelgning").update(follow_up_days=5)
    requested_on(request_, MONDAY + datetime.timedelta(days=14))
    SentReminder.objects.all().delete()
    start = MONDAY + datetime.timedelta(days=14)
    sent = {n: reminders_on(start + datetime.timedelta(days=n), capture) for n in range(0, 8)}
    assert [n for n, to in sent.items() if to] == [4]


def test_a_late_run_sends_only_the_latest_reminder(request_, django_capture_on_commit_callbacks):
    requested_on(request_, MONDAY)
    capture = django_capture_on_commit_callbacks
    assert reminders_on(MONDAY + datetime.timedelta(days=13), capture) == ["leader@eksempel.dk"]
    assert reminders_on(MONDAY + datetime.timedelta(days=14), capture) == []


def test_no_reminders_once_held_or_withdrawn(
    request_, mus, personas, django_capture_on_commit_callbacks
):
    requested_on(request_, MONDAY)
    follow_up = follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    hold(follow_up)
    capture = django_capture_on_commit_callbacks
    assert reminders_on(MONDAY + datetime.timedelta(days=7), capture) == []
    assert reminders_on(MONDAY + datetime.timedelta(days=12), capture) == []
    colleague_mus = held("mus", person=personas.colleague)
    other = follow_up_services.request_follow_up(
        colleague_mus, by=actor(personas.colleague), reason="x"
    )
    requested_on(other, MONDAY)
    follow_up_services.withdraw(other, by=actor(other.requested_by))
    assert reminders_on(MONDAY + datetime.timedelta(days=7), capture) == []


def test_a_planned_follow_up_is_still_reminded_until_held(
    request_, django_capture_on_commit_callbacks
):
    requested_on(request_, MONDAY)
    follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    capture = django_capture_on_commit_callbacks
    assert reminders_on(MONDAY + datetime.timedelta(days=7), capture) == ["leader@eksempel.dk"]


def test_the_command_sends_what_is_due(request_, django_capture_on_commit_callbacks, capsys):
    # The deadline a week from today or the workday before: its 7-day reminder is due.
    deadline = workdays.on_or_before(timezone.localdate() + datetime.timedelta(days=7))
    requested_on(request_, deadline - datetime.timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("followup_reminders")
    assert capsys.readouterr().out == "1 påmindelse om opfølgende samtale er sendt.\n"
    assert [m.to[0] for m in mail.outbox] == ["leader@eksempel.dk"]
    call_command("followup_reminders", "--lang", "en")
    assert capsys.readouterr().out == "Sent 0 follow-up reminders.\n"


def reminder_on(request: FollowUpRequest, day: datetime.date, capture):
    mail.outbox.clear()
    with capture(execute=True):
        assert follow_up_emails.send_reminder(request, today=day) == 1
    [message] = mail.outbox
    return message


@pytest.mark.parametrize(
    ("days", "sentence"),
    [
        (0, "Emma Ansat bad i dag om en opfølgende samtale efter MUS."),
        (1, "Emma Ansat bad for 1 dag siden om en opfølgende samtale efter MUS."),
        (9, "Emma Ansat bad for 9 dage siden om en opfølgende samtale efter MUS."),
        (13, "Emma Ansat bad for 13 dage siden om en opfølgende samtale efter MUS."),
    ],
)
def test_the_reminder_says_how_many_days_ago_it_was_asked_for(
    request_, days, sentence, django_capture_on_commit_callbacks
):
    # Asked late in the evening: the days count from that Danish date.
    requested_on(request_, MONDAY, hour=23)
    message = reminder_on(
        request_, MONDAY + datetime.timedelta(days=days), django_capture_on_commit_callbacks
    )
    assert sentence in message.body and sentence in str(message.alternatives[0][0])
    assert message.subject == "Påmindelse: opfølgende samtale med Emma Ansat senest 15. marts"
    assert message.reply_to == ["employee@eksempel.dk"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_reminder_after_grus_names_the_team_in_the_sentence(
    personas, django_capture_on_commit_callbacks
):
    grus = held("grus", team=personas.teams["stue"])
    request = follow_up_services.request_follow_up(
        grus, by=actor(personas.colleague), reason=REASON
    )
    requested_on(request, MONDAY)
    capture = django_capture_on_commit_callbacks
    message = reminder_on(request, MONDAY + datetime.timedelta(days=8), capture)
    assert (
        "Kasper Kollega bad for 8 dage siden om en opfølgende samtale efter GRUS "
        "med Stue Mariehønen."
    ) in message.body
    assert "(Stue Mariehønen)" not in message.body
    assert message.subject.startswith("Påmindelse: opfølgende samtale med Stue Mariehønen ")
    assert message.reply_to == ["colleague@eksempel.dk"]
    # Singular and plural in English too.
    context = {
        **follow_up_emails._context(request),
        "name": "Lene Leder",
        "days_left": 5,
        "planned": False,
    }
    for days, sentence in (
        (1, "with Stue Mariehønen 1 day ago."),
        (8, "with Stue Mariehønen 8 days ago."),
        (0, "Kasper Kollega asked today for a follow-up of the Group development"),
    ):
        _subject, text, _html = render_mail(
            "followup-reminder", {**context, "days_passed": days}, language="en"
        )
        assert sentence in text


# --- overdue: the leader's list and HR's numbers ---------------------------------------


def test_overdue_listed_for_the_leader(request_, personas):
    today = timezone.localdate()
    assert list(follow_up_queries.overdue_for_leader(personas.leader)) == []
    assert list(follow_up_queries.open_for_leader(personas.leader)) == [request_]
    # The deadline was the last workday before today.
    last_workday = workdays.on_or_before(today - datetime.timedelta(days=1))
    requested_on(request_, last_workday - datetime.timedelta(days=14))
    assert request_.deadline == last_workday
    assert follow_up_queries.state_of(request_) == FollowUpState.OVERDUE
    assert list(follow_up_queries.overdue_for_leader(personas.leader)) == [request_]
    assert list(follow_up_queries.overdue_for_leader(personas.ege_leader)) == []
    # Planned but not held: still overdue.
    follow_up = follow_up_services.plan_follow_up(request_, by=host(request_.conversation))
    assert list(follow_up_queries.overdue_for_leader(personas.leader)) == [request_]
    hold(follow_up)
    assert list(follow_up_queries.overdue_for_leader(personas.leader)) == []
    assert list(follow_up_queries.open_for_leader(personas.leader)) == []


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr", (2, 1)),
        ("hr_elsewhere", (0, 0)),
        ("admin", (2, 1)),
        ("leader", (0, 0)),
        ("tr", (0, 0)),
        ("employee", (0, 0)),
    ],
)
def test_hr_counts_per_scope(request_, personas, persona, expected):
    requested_on(request_, timezone.localdate() - datetime.timedelta(days=20))
    grus = held("grus", team=personas.teams["stue"])
    follow_up_services.request_follow_up(grus, by=actor(personas.colleague), reason=REASON)
    counts = follow_up_queries.counts_for_hr(viewer_for(personas.user(persona)))
    assert (counts.open, counts.overdue) == expected


@pytest.mark.parametrize(
    ("persona", "shown"),
    [(p, p in {"hr", "admin"}) for p in LOGGED_IN],
)
def test_home_page_shows_hr_the_numbers_only(client_as, request_, personas, persona, shown):
    requested_on(request_, timezone.localdate() - datetime.timedelta(days=20))
    page = client_as(persona).get(reverse("home")).content.decode()
    assert ('data-count="overdue">1<' in page) is shown
    assert ('data-count="open">1<' in page) is shown
    assert REASON not in page
    assert ('id="followup-counts"' in page) is (persona in {"hr", "hr_elsewhere", "admin"})


# --- pages and actions per persona -----------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), expect({"employee"}))
def test_request_page_for_the_employee_only(client_as, mus, persona, status):
    response = client_as(persona).get(reverse("conversations:followup_request", args=[mus.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), expect({"employee"}))
def test_only_the_employee_sends_a_request(client_as, mus, persona, status):
    response = client_as(persona).post(
        reverse("conversations:followup_request", args=[mus.pk]), {"reason": REASON}
    )
    assert response.status_code == (302 if status == 200 else 404)
    assert FollowUpRequest.objects.exists() is (status == 200)
    if status == 200:
        assert response["Location"] == reverse("conversations:detail", args=[mus.pk])


def test_request_form_errors_change_nothing(client_as, mus):
    client = client_as("employee")
    url = reverse("conversations:followup_request", args=[mus.pk])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200 and 'class="form-error-message"' in page.content.decode()
    page = client.post(url, {"reason": "x" * 2001})
    assert page.status_code == 200 and 'class="form-error-message"' in page.content.decode()
    assert not FollowUpRequest.objects.exists()
    assert client.post(url, {"reason": REASON}).status_code == 302
    # The second request is refused with a message, and nothing more is made.
    assert client.get(url).status_code == 200
    page = client.post(url, {"reason": REASON})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    assert FollowUpRequest.objects.count() == 1


def test_the_form_waits_for_the_conversation_to_be_held(client_as, personas):
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    url = reverse("conversations:followup_request", args=[conversation.pk])
    client = client_as("employee")
    assert (
        url
        not in client.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()
    )
    assert client.get(url).status_code == 404
    hold(conversation)
    assert (
        url in client.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "sees_reason", "can_plan", "can_withdraw"),
    [("employee", True, False, True), ("leader", True, True, False)],
)
def test_conversation_page_shows_the_request_to_participants(
    client_as, request_, mus, persona, sees_reason, can_plan, can_withdraw
):
    page = client_as(persona).get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert (REASON in page) is sees_reason
    assert request_.deadline.strftime("%Y") in page
    assert 'data-state="open"' in page
    assert (reverse("conversations:followup_plan", args=[request_.pk]) in page) is can_plan
    assert (reverse("conversations:followup_withdraw", args=[request_.pk]) in page) is can_withdraw
    # The form is gone while a request waits.
    assert reverse("conversations:followup_request", args=[mus.pk]) not in page


def test_the_leaders_read_of_the_reason_is_logged(client_as, request_, mus):
    client_as("employee").get(reverse("conversations:detail", args=[mus.pk]))
    assert not ReadLog.objects.exists()  # the author's own read
    client_as("leader").get(reverse("conversations:detail", args=[mus.pk]))
    entry = ReadLog.objects.get()
    assert entry.reader_name == "Lene Leder" and entry.subject_id == mus.pk


@pytest.mark.parametrize(("persona", "status"), expect({"leader"}))
def test_only_the_leader_plans_the_follow_up(client_as, request_, persona, status):
    response = client_as(persona).post(reverse("conversations:followup_plan", args=[request_.pk]))
    if status == 404:
        assert response.status_code == 404
        assert not Conversation.objects.filter(kind__code="opfoelgning").exists()
        return
    follow_up = Conversation.objects.get(kind__code="opfoelgning")
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:schedule", args=[follow_up.pk])
    # The follow-up's page says by when it must be held.
    page = client_as("employee").get(reverse("conversations:detail", args=[follow_up.pk]))
    assert reverse("conversations:detail", args=[request_.conversation_id]) in page.content.decode()


@pytest.mark.parametrize(("persona", "status"), expect({"employee"}))
def test_only_the_requester_withdraws(client_as, request_, persona, status):
    response = client_as(persona).post(
        reverse("conversations:followup_withdraw", args=[request_.pk])
    )
    assert response.status_code == (302 if status == 200 else 404)
    request_.refresh_from_db()
    assert (request_.withdrawn_at is not None) is (status == 200)


@pytest.mark.parametrize(("persona", "status"), expect({"leader", "chief", "board_chair"}))
def test_the_leaders_list(client_as, request_, persona, status):
    response = client_as(persona).get(reverse("conversations:followups"))
    assert response.status_code == status
    if status == 200:
        listed = "Emma Ansat" in response.content.decode()
        assert listed is (persona == "leader")
        assert REASON not in response.content.decode()


def test_the_leaders_list_marks_overdue(client_as, request_, personas):
    last_workday = workdays.on_or_before(timezone.localdate() - datetime.timedelta(days=1))
    requested_on(request_, last_workday - datetime.timedelta(days=14))
    page = client_as("leader").get(reverse("conversations:followups")).content.decode()
    assert 'data-state="overdue"' in page and "badge-error" in page
    assert (
        reverse("conversations:followups")
        in client_as("leader").get(reverse("conversations:overview")).content.decode()
    )


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_my_conversations_lists_my_requests(client_as, request_, persona):
    page = client_as(persona).get(reverse("conversations:mine")).content.decode()
    assert ('data-state="open"' in page) is (persona == "employee")


@pytest.mark.parametrize(
    "url",
    [
        reverse("conversations:followups"),
        reverse("conversations:followup_request", args=[1]),
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", ["conversations:followup_plan", "conversations:followup_withdraw"])
def test_anonymous_cannot_act(client, request_, name):
    response = client.post(reverse(name, args=[request_.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert FollowUpRequest.objects.get().follow_up is None


def test_leaders_list_query_count_does_not_grow(client_as, personas, django_assert_max_num_queries):
    mus = ConversationKind.objects.get(code="mus")
    old = timezone.localdate() - datetime.timedelta(days=20)
    for i in range(60):
        person = org_services.create_person(
            name=f"Medarbejder {i:02}",
            employee_number=f"8{i:03}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        conversation = services.plan(kind=mus, person=person, by=actor(person.manager))
        hold(conversation)
        request = follow_up_services.request_follow_up(conversation, by=actor(person), reason="x")
        if i % 2:
            requested_on(request, old)
    client = client_as("leader")
    # session, user, viewer x2, count, the page of requests (with their conversations,
    # people, teams and follow-ups), the overdue count
    with django_assert_max_num_queries(7):
        page = client.get(reverse("conversations:followups"))
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("<tr data-state=") == 50
    assert content.count('data-state="overdue"') == 30
