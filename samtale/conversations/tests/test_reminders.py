"""Reminders SAMTALE_REMINDER_DAYS days before a conversation (on the workday before, when
that day is a weekend or holiday): every participant once per (conversation, sequence,
day); a moved conversation gets fresh ones; a cancelled or held one none. Days are fixed
dates (``today=``), far enough ahead for the services."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.conversations.reminders import send_due_reminders
from samtale.core.models import OutgoingMail, SentReminder
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

DK = ZoneInfo("Europe/Copenhagen")
START = datetime.datetime(2031, 3, 10, 10, 0, tzinfo=DK)  # a Monday
WEEK_BEFORE = datetime.date(2031, 3, 3)
# The day before is Sunday the 9th: the reminder goes on Friday the 7th.
DAY_BEFORE = datetime.date(2031, 3, 7)


@pytest.fixture(autouse=True)
def days(settings):
    settings.SAMTALE_REMINDER_DAYS = [7, 1]


def _conversation(personas, *, code="mus", start=START, **who):
    if not who:
        who = {"person": personas.employee}
    conversation = factories.planned(code, **who)
    services.invite(
        conversation, by=host(conversation), starts_at=start, location="Mødelokale Æblet"
    )
    OutgoingMail.objects.all().delete()  # the invitations
    return conversation


def _recipients() -> list[str]:
    return sorted(address for m in OutgoingMail.objects.all() for address in m.to)


def test_every_participant_once_on_each_reminder_day(personas):
    conversation = _conversation(personas)
    assert send_due_reminders(today=WEEK_BEFORE - datetime.timedelta(days=1)) == 0
    assert send_due_reminders(today=WEEK_BEFORE) == 2
    assert _recipients() == ["employee@eksempel.dk", "leader@eksempel.dk"]
    assert send_due_reminders(today=WEEK_BEFORE) == 0  # the same day again: nothing more
    for day in range(4, 7):
        assert send_due_reminders(today=datetime.date(2031, 3, day)) == 0
    assert send_due_reminders(today=DAY_BEFORE) == 2
    for day in (8, 9, 10):  # not at the weekend, nor on the day itself
        assert send_due_reminders(today=datetime.date(2031, 3, day)) == 0
    assert OutgoingMail.objects.count() == 4
    assert (
        SentReminder.objects.filter(key__startswith=f"conversation:{conversation.pk}:").count() == 2
    )


def test_the_mail_says_when_and_where_and_links_to_the_page(
    personas, django_capture_on_commit_callbacks
):
    conversation = _conversation(personas)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=DAY_BEFORE)
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["employee@eksempel.dk"])
    leaders = next(m for m in mail.outbox if m.to == ["leader@eksempel.dk"])
    # The subject names the other side; a reply from the employee reaches the leader.
    assert message.subject == "Påmindelse: MUS med Lene Leder 10. marts kl. 10.00"
    assert leaders.subject == "Påmindelse: MUS med Emma Ansat 10. marts kl. 10.00"
    assert message.reply_to == ["leader@eksempel.dk"] and leaders.reply_to == []
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Mødelokale Æblet" in message.body
    assert "10.00" in message.body
    assert f"/samtaler/{conversation.pk}/" in message.body
    alternatives = getattr(message, "alternatives", [])
    assert not any(mimetype.startswith("text/calendar") for _content, mimetype in alternatives)


def test_a_moved_conversation_gets_fresh_reminders(personas):
    conversation = _conversation(personas)
    assert send_due_reminders(today=WEEK_BEFORE) == 2
    # Moved the same day to later that day: a new sequence, so a new reminder.
    services.reschedule(
        conversation, by=host(conversation), starts_at=START.replace(hour=14), location="Kontoret"
    )
    OutgoingMail.objects.all().delete()
    assert send_due_reminders(today=WEEK_BEFORE) == 2
    assert all("Kontoret" in m.text for m in OutgoingMail.objects.all())
    # Moved a week later: reminded a week before the new day, not before the old one.
    services.reschedule(
        conversation,
        by=host(conversation),
        starts_at=START + datetime.timedelta(days=7),
        location="Kontoret",
    )
    assert send_due_reminders(today=DAY_BEFORE) == 0
    assert send_due_reminders(today=DAY_BEFORE + datetime.timedelta(days=7)) == 2


def test_no_reminders_for_cancelled_held_or_planned(personas):
    cancelled = _conversation(personas)
    services.cancel(cancelled, by=host(cancelled))
    held = _conversation(personas, person=personas.colleague)
    services.mark_held(held, by=host(held))
    services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.tr,
        by=actor(personas.tr.manager),
    )
    OutgoingMail.objects.all().delete()
    assert send_due_reminders(today=WEEK_BEFORE) == 0
    assert send_due_reminders(today=DAY_BEFORE) == 0
    assert not OutgoingMail.objects.exists()


def test_a_grus_reminds_every_member_and_the_leader(personas):
    _conversation(personas, code="grus", team=personas.teams["stue"])
    assert send_due_reminders(today=DAY_BEFORE) == 3
    assert _recipients() == [
        "colleague@eksempel.dk",
        "employee@eksempel.dk",
        "leader@eksempel.dk",
    ]
    subjects = {m.to[0]: m.subject for m in OutgoingMail.objects.all()}
    assert (
        subjects["leader@eksempel.dk"] == "Påmindelse: GRUS med Stue Mariehønen 10. marts kl. 10.00"
    )
    assert subjects["employee@eksempel.dk"] == "Påmindelse: GRUS med Lene Leder 10. marts kl. 10.00"


def test_days_are_danish_days(personas):
    # 00:30 on Wednesday the 12th, Danish time, is Tuesday evening in UTC: still reminded
    # the Danish day before, Tuesday the 11th, not Monday.
    _conversation(personas, start=datetime.datetime(2031, 3, 12, 0, 30, tzinfo=DK))
    assert send_due_reminders(today=datetime.date(2031, 3, 10)) == 0
    assert send_due_reminders(today=datetime.date(2031, 3, 11)) == 2


def test_reminder_days_come_from_the_setting(personas, settings):
    settings.SAMTALE_REMINDER_DAYS = [2]
    _conversation(personas, start=datetime.datetime(2031, 3, 13, 10, tzinfo=DK))  # Thursday
    assert send_due_reminders(today=datetime.date(2031, 3, 6)) == 0  # a week before
    assert send_due_reminders(today=datetime.date(2031, 3, 12)) == 0  # the day before
    assert send_due_reminders(today=datetime.date(2031, 3, 11)) == 2


def test_a_reminder_that_falls_on_a_holiday_goes_the_workday_before(personas, settings):
    """Tuesday after Easter 2031 (15 April): the day before is Easter Monday, and before
    it come Easter Sunday, the weekend, Good Friday and Maundy Thursday; so the reminder
    goes on Wednesday the 9th."""
    settings.SAMTALE_REMINDER_DAYS = [1]
    _conversation(personas, start=datetime.datetime(2031, 4, 15, 9, tzinfo=DK))
    for day in (10, 11, 12, 13, 14):
        assert send_due_reminders(today=datetime.date(2031, 4, day)) == 0
    assert send_due_reminders(today=datetime.date(2031, 4, 9)) == 2


def test_the_command_in_danish_and_in_english(personas):
    _conversation(personas)
    out = StringIO()
    call_command("conversation_reminders", "--date", "2031-03-03", stdout=out)
    assert out.getvalue() == "2 påmindelser er lagt i kø til afsendelse.\n"
    out = StringIO()
    call_command("conversation_reminders", "--date", "2031-03-03", "--lang", "en", stdout=out)
    assert out.getvalue() == "Queued 0 reminder e-mails.\n"
    with pytest.raises(CommandError, match=r"^--date 3/3: skriv datoen som ÅÅÅÅ-MM-DD\.$"):
        call_command("conversation_reminders", "--date", "3/3")
    with pytest.raises(CommandError, match=r"^--date 3/3: write the date as YYYY-MM-DD\.$"):
        call_command("conversation_reminders", "--date", "3/3", "--lang", "en")
