"""The production path of e-mail: the leader invites, the invitations wait in the
database queue (django-tasks-db), nothing is sent from the web request, and the worker
(``samtale db_worker``) delivers them through a real SMTP server on 127.0.0.1 with a
calendar invitation Outlook and Google accept."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.core.models import OutgoingMail
from samtale.testing.factories import actor, host

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# transaction=True: the worker reads the committed queue; serialized_rollback puts back
# what the migrations load (kinds, default forms) for the tests that come after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_delivers_the_invitations(personas, smtp_server):
    with override_settings(TASKS=DATABASE_TASKS, MAILERS=smtp_server.mailers_setting()):
        conversation = services.plan(
            kind=ConversationKind.objects.get(code="mus"),
            person=personas.employee,
            by=actor(personas.employee.manager),
        )
        day = timezone.localdate() + datetime.timedelta(days=7)
        services.invite(
            conversation,
            by=host(conversation),
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            location="Mødelokale Æblet",
        )
        # Committed and queued, one task per e-mail; the web request sent nothing.
        assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 2
        assert DBTaskResult.objects.ready().count() == 2
        assert smtp_server.received == []

        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "employee@eksempel.dk",
        "leader@eksempel.dk",
    ]
    message = next(
        r.message for r in smtp_server.received if r.rcpt_tos == ["employee@eksempel.dk"]
    )
    assert message["Subject"].startswith("MUS med Lene Leder ")
    assert message["Reply-To"] == "leader@eksempel.dk"
    assert message["Auto-Submitted"] == "auto-generated"
    calendar_part = next(
        p
        for p in message.walk()
        if p.get_content_type() == "text/calendar" and p.get_filename() is None
    )
    calendar = Calendar.from_ical(calendar_part.get_content())
    [event] = calendar.events
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"conversation-{conversation.uid}@samtale"
    assert str(event["LOCATION"]) == "Mødelokale Æblet"
    assert event.start == timezone.localtime(conversation.starts_at)
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert isinstance(event.start, datetime.datetime) and event.start.hour == 10
