"""Invitations by e-mail with iCalendar: REQUEST with a stable UID, SEQUENCE raised on
each move, CANCEL on cancellation; the leader's own copy as PUBLISH with the same UID
and SEQUENCE; subjects that name the other side; replies to the leader; the automatic
headers; once through a real SMTP server on 127.0.0.1."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from samtale.conversations import emails, services
from samtale.conversations.models import ConversationKind
from samtale.core.mail import render_mail
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

DK = ZoneInfo("Europe/Copenhagen")
START = datetime.datetime(2031, 12, 16, 10, 0, tzinfo=DK)  # a Tuesday
LATER = datetime.datetime(2031, 12, 17, 13, 0, tzinfo=DK)  # the Wednesday after


def _calendar_of(message) -> icalendar.Calendar:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype.startswith("text/calendar"):
            return icalendar.Calendar.from_ical(content)
    raise AssertionError("no text/calendar part")


def _calendar_mimetype(message) -> str:
    return next(m for _c, m in message.alternatives if m.startswith("text/calendar"))


def _html(message) -> str:
    return next(str(c) for c, m in message.alternatives if m == "text/html")


def _event(cal: icalendar.Calendar) -> icalendar.cal.Component:
    return next(iter(cal.walk("VEVENT")))


def _attendees(event) -> list[str]:
    found = event.get("ATTENDEE", [])
    return [str(a) for a in (found if isinstance(found, list) else [found])]


def _to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


@pytest.fixture
def mus(personas):
    return services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )


def test_invite_move_cancel(mus, personas, django_capture_on_commit_callbacks):
    start = (timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(mus, by=host(mus), starts_at=start, location="Mødelokale Æblet")
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@eksempel.dk", "leader@eksempel.dk"]
    first = _to("employee@eksempel.dk")
    assert first.subject.startswith("MUS med Lene Leder ")
    cal = _calendar_of(first)
    event = _event(cal)
    assert cal["METHOD"] == "REQUEST"
    assert event["LOCATION"] == "Mødelokale Æblet"
    assert event.decoded("DTSTART") == start
    assert any(tz["TZID"] == "Europe/Copenhagen" for tz in cal.walk("VTIMEZONE"))
    uid = str(event["UID"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(
            mus, by=host(mus), starts_at=start + datetime.timedelta(days=1), location="Kontoret"
        )
    moved = _event(_calendar_of(_to("employee@eksempel.dk")))
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert _to("employee@eksempel.dk").subject.startswith("Flyttet: MUS med Lene Leder ")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(mus, by=host(mus), reason="Sygdom")
    cancelled = _calendar_of(_to("employee@eksempel.dk"))
    assert cancelled["METHOD"] == "CANCEL"
    assert str(_event(cancelled)["UID"]) == uid and _event(cancelled)["SEQUENCE"] == 2
    assert "Sygdom" in _to("employee@eksempel.dk").body


def test_the_employee_is_invited_and_the_leader_gets_the_organisers_copy(
    mus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(mus, by=host(mus), starts_at=START, location="Mødelokale Æblet")
    employee, leader = _to("employee@eksempel.dk"), _to("leader@eksempel.dk")

    # Each subject names the other side and the Danish day and time.
    assert employee.subject == "MUS med Lene Leder 16. december kl. 10.00"
    assert leader.subject == "MUS med Emma Ansat 16. december kl. 10.00"
    # A reply from the employee reaches the leader; every mail is a machine's.
    assert employee.reply_to == ["leader@eksempel.dk"]
    assert leader.reply_to == []
    for message in (employee, leader):
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert message.extra_headers["X-Auto-Response-Suppress"] == "OOF, AutoReply"

    assert "Du er inviteret til en samtale:" in employee.body
    assert "Invitationen til din kalender er vedhæftet." in employee.body
    for text in (leader.body, _html(leader)):
        assert "Du har indkaldt Emma Ansat til MUS. Her er din bekræftelse:" in text
        assert "inviteret" not in text
    assert "Kalenderfilen til din egen kalender er vedhæftet." in leader.body
    assert "Du er inviteret til en samtale:" in _html(employee)

    # The employee's calendar gets an invitation to answer; the leader's calendar the
    # same event (UID, SEQUENCE) as its organiser's, with nobody to invite.
    invitation, own_copy = _calendar_of(employee), _calendar_of(leader)
    assert invitation["METHOD"] == "REQUEST"
    assert _calendar_mimetype(employee) == "text/calendar; method=REQUEST"
    assert own_copy["METHOD"] == "PUBLISH"
    assert _calendar_mimetype(leader) == "text/calendar; method=PUBLISH"
    invited, published = _event(invitation), _event(own_copy)
    assert str(published["UID"]) == str(invited["UID"])
    assert published["SEQUENCE"] == invited["SEQUENCE"] == 0
    assert published.decoded("DTSTART") == invited.decoded("DTSTART") == START
    assert str(invited["ORGANIZER"]) == str(published["ORGANIZER"]) == "mailto:leader@eksempel.dk"
    assert _attendees(invited) == ["mailto:employee@eksempel.dk"]
    assert _attendees(published) == []


def test_the_moved_mail_gives_the_old_and_the_new_time(mus, django_capture_on_commit_callbacks):
    services.invite(mus, by=host(mus), starts_at=START, location="Mødelokale Æblet")
    uid = f"conversation-{mus.uid}@samtale"
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(mus, by=host(mus), starts_at=LATER, location="Kontoret")
    employee, leader = _to("employee@eksempel.dk"), _to("leader@eksempel.dk")

    assert employee.subject == "Flyttet: MUS med Lene Leder 17. december kl. 13.00"
    assert leader.subject == "Flyttet: MUS med Emma Ansat 17. december kl. 13.00"
    moved = (
        "Lene Leder har flyttet samtalen fra tirsdag 16. december 2031 kl. 10.00 "
        "til onsdag 17. december 2031 kl. 13.00."
    )
    assert moved in employee.body and moved in _html(employee)
    own = (
        "Du har flyttet samtalen med Emma Ansat fra tirsdag 16. december 2031 kl. 10.00 "
        "til onsdag 17. december 2031 kl. 13.00."
    )
    assert own in leader.body and own in _html(leader)
    assert employee.reply_to == ["leader@eksempel.dk"]

    # Both calendars update the same event: the invitation and the organiser's copy.
    for message, method in ((employee, "REQUEST"), (leader, "PUBLISH")):
        calendar = _calendar_of(message)
        assert calendar["METHOD"] == method
        assert str(_event(calendar)["UID"]) == uid and _event(calendar)["SEQUENCE"] == 1
        assert _event(calendar).decoded("DTSTART") == LATER


def test_a_new_place_at_the_same_time_is_no_move_in_time(mus, django_capture_on_commit_callbacks):
    services.invite(mus, by=host(mus), starts_at=START, location="Mødelokale Æblet")
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(mus, by=host(mus), starts_at=START, location="Kontoret")
    employee, leader = _to("employee@eksempel.dk"), _to("leader@eksempel.dk")
    assert "Samtalen er flyttet. Nyt tidspunkt og sted:" in employee.body
    assert "Du har flyttet samtalen med Emma Ansat. Nyt tidspunkt og sted:" in leader.body
    assert " fra " not in employee.body and "Kontoret" in employee.body


def test_the_cancellation_to_the_employee_and_the_leader(mus, django_capture_on_commit_callbacks):
    services.invite(mus, by=host(mus), starts_at=START, location="Mødelokale Æblet")
    services.reschedule(mus, by=host(mus), starts_at=LATER, location="Kontoret")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(mus, by=host(mus), reason="Sygdom")
    employee, leader = _to("employee@eksempel.dk"), _to("leader@eksempel.dk")

    assert employee.subject == "Aflyst: MUS med Lene Leder 17. december kl. 13.00"
    assert leader.subject == "Aflyst: MUS med Emma Ansat 17. december kl. 13.00"
    assert "Samtalen er aflyst: MUS, onsdag 17. december 2031, 13.00." in employee.body
    assert "Du har aflyst MUS med Emma Ansat onsdag 17. december 2031 kl. 13.00." in leader.body
    assert "Samtalen er aflyst" not in leader.body
    assert employee.reply_to == ["leader@eksempel.dk"] and leader.reply_to == []
    assert employee.extra_headers["Auto-Submitted"] == "auto-generated"
    for message in (employee, leader):
        calendar = _calendar_of(message)
        assert calendar["METHOD"] == "CANCEL"
        assert str(_event(calendar)["UID"]) == f"conversation-{mus.uid}@samtale"
        assert _event(calendar)["SEQUENCE"] == 2


def test_grus_subjects_name_the_team_for_the_leader_and_the_leader_for_the_team(
    personas, django_capture_on_commit_callbacks
):
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(grus, by=host(grus), starts_at=START, location="Stuen")
    assert _to("leader@eksempel.dk").subject == "GRUS med Stue Mariehønen 16. december kl. 10.00"
    assert "Du har indkaldt Stue Mariehønen til GRUS." in _to("leader@eksempel.dk").body
    for member in ("employee@eksempel.dk", "colleague@eksempel.dk"):
        assert _to(member).subject == "GRUS med Lene Leder 16. december kl. 10.00"
        assert _to(member).reply_to == ["leader@eksempel.dk"]
        assert sorted(_attendees(_event(_calendar_of(_to(member))))) == [
            "mailto:colleague@eksempel.dk",
            "mailto:employee@eksempel.dk",
        ]


def test_lus_with_a_board_chair(personas, django_capture_on_commit_callbacks):
    lus = services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.mae_leader,
        by=actor(personas.mae_leader.manager),
    )
    assert lus.leader == personas.board_chair
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(lus, by=host(lus), starts_at=START, video_url="https://video.example/lus")
    chair, leader = _to("board.chair@eksempel.dk"), _to("mae.leader@eksempel.dk")
    assert leader.subject == "LUS med Birgit Bestyrelse 16. december kl. 10.00"
    assert leader.reply_to == ["board.chair@eksempel.dk"]
    assert chair.subject == "LUS med Morten Mælkebøtte 16. december kl. 10.00"
    assert "Du har indkaldt Morten Mælkebøtte til LUS." in chair.body
    assert _calendar_of(chair)["METHOD"] == "PUBLISH"


def test_in_english(mus, personas):
    services.invite(mus, by=host(mus), starts_at=START, location="Mødelokale Æblet")
    services.reschedule(mus, by=host(mus), starts_at=LATER, location="Kontoret")
    context = {"moved": True, "previous_start": START}
    subject, text, html = render_mail(
        "conversation-invitation",
        {**emails.participant_context(mus, personas.employee), **context},
        language="en",
    )
    assert subject == (
        "Moved: Employee development conversation (MUS) with Lene Leder on 17 December at 13:00"
    )
    assert "Lene Leder has moved the conversation from Tuesday 16 December 2031 at 10:00" in text
    assert '<html lang="en">' in html
    subject, text, _html_part = render_mail(
        "conversation-invitation",
        {**emails.participant_context(mus, personas.leader), "moved": False},
        language="en",
    )
    assert subject == (
        "Employee development conversation (MUS) with Emma Ansat on 17 December at 13:00"
    )
    assert (
        "You have invited Emma Ansat to the Employee development conversation (MUS). "
        "This is your confirmation:"
    ) in text


def test_a_refused_step_sends_nothing(mus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.invite(
            mus, by=host(mus), starts_at=timezone.now() - datetime.timedelta(days=1), location="x"
        )
    assert mail.outbox == []


def test_invitation_through_a_real_smtp_server(
    mus, smtp_server, django_capture_on_commit_callbacks
):
    with (
        override_settings(MAILERS=smtp_server.mailers_setting()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invite(mus, by=host(mus), starts_at=START, video_url="https://video.example/x")
    received = {r.rcpt_tos[0]: r.message for r in smtp_server.received}
    assert sorted(received) == ["employee@eksempel.dk", "leader@eksempel.dk"]
    employee, leader = received["employee@eksempel.dk"], received["leader@eksempel.dk"]

    assert employee["Subject"] == "MUS med Lene Leder 16. december kl. 10.00"
    assert employee["Reply-To"] == "leader@eksempel.dk"
    assert leader["Reply-To"] is None
    for message in (employee, leader):
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["X-Auto-Response-Suppress"] == "OOF, AutoReply"

    for message, method in ((employee, "REQUEST"), (leader, "PUBLISH")):
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert parts, "the invitation has a text/calendar part"
        assert all(p.get_param("method") == method for p in parts)
        cal = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
        assert cal["METHOD"] == method
        assert _event(cal)["SEQUENCE"] == 0


def test_an_invitation_tells_someone_who_never_logged_in_how_to_get_in(
    mus, personas, django_capture_on_commit_callbacks, settings
):
    start = (timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    leader = personas.user("leader")
    leader.last_login = timezone.now()
    leader.save(update_fields=["last_login"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(mus, by=host(mus), starts_at=start, location="Mødelokale Æblet")
    first_time = _to("employee@eksempel.dk")
    assert "Sådan logger du ind første gang" in first_time.body
    assert "/password/reset/" in first_time.body and "employee@eksempel.dk" in first_time.body
    assert "Sådan logger du ind første gang" in _html(first_time)
    assert "Sådan logger du ind" not in _to("leader@eksempel.dk").body  # has logged in before

    # With single sign-on the way in is its button, no password to choose.
    mail.outbox.clear()
    settings.SAMTALE_OIDC_ISSUER = "https://login.eksempel.dk"
    settings.SAMTALE_OIDC_BUTTON = "Log ind med Eksempel-login"
    with django_capture_on_commit_callbacks(execute=True):
        later = start + datetime.timedelta(days=1)
        services.reschedule(mus, by=host(mus), starts_at=later, location="Mødelokale Æblet")
    moved = _to("employee@eksempel.dk")
    assert "vælg “Log ind med Eksempel-login”" in moved.body and "/login/" in moved.body
    assert "/password/reset/" not in moved.body
