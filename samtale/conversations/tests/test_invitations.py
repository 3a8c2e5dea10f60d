"""Invitations by e-mail with iCalendar: REQUEST with a stable UID, SEQUENCE raised on
each move, CANCEL on cancellation; once through a real SMTP server on 127.0.0.1."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def _calendar_of(message) -> icalendar.Calendar:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype.startswith("text/calendar"):
            return icalendar.Calendar.from_ical(content)
    raise AssertionError("no text/calendar part")


def _event(cal: icalendar.Calendar) -> icalendar.cal.Component:
    return next(iter(cal.walk("VEVENT")))


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
    first = mail.outbox[0]
    assert first.subject.startswith("Invitation: MUS")
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
    moved = _event(_calendar_of(mail.outbox[0]))
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert mail.outbox[0].subject.startswith("Flyttet") or "Moved" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(mus, by=host(mus), reason="Sygdom")
    cancelled = _calendar_of(mail.outbox[0])
    assert cancelled["METHOD"] == "CANCEL"
    assert str(_event(cancelled)["UID"]) == uid and _event(cancelled)["SEQUENCE"] == 2
    assert "Sygdom" in mail.outbox[0].body


def test_a_refused_step_sends_nothing(mus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.invite(
            mus, by=host(mus), starts_at=timezone.now() - datetime.timedelta(days=1), location="x"
        )
    assert mail.outbox == []


def test_invitation_through_a_real_smtp_server(
    mus, smtp_server, django_capture_on_commit_callbacks
):
    start = (timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    with (
        override_settings(MAILERS=smtp_server.mailers_setting()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invite(mus, by=host(mus), starts_at=start, video_url="https://video.example/x")
    received = smtp_server.messages
    assert len(received) == 2
    parts = [p for p in received[0].walk() if p.get_content_type() == "text/calendar"]
    assert parts, "the invitation has a text/calendar part"
    cal = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
    assert cal["METHOD"] == "REQUEST"
    assert _event(cal)["SEQUENCE"] == 0
