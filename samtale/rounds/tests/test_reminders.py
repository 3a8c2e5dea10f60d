"""Reminders in an announced round: leaders who neither offer times nor invite, people who
do not book an offered time, people who do not prepare. Each once, on workdays, counted
back from the round's deadline or the conversation; one query per kind, however many
people."""

from __future__ import annotations

import datetime
import threading

import pytest
from dateutil.easter import easter
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation
from samtale.core.models import OutgoingMail, SentReminder
from samtale.lib import workdays
from samtale.org import services as org_services
from samtale.rounds import booking, reminders, services
from samtale.rounds.booking import Offer
from samtale.rounds.models import Round
from samtale.testing import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def announce(personas, *, invitations_by: datetime.date | None) -> Round:
    """Solsikken's round, announced today: MUS for Emma, Kasper, Tina and Anders with
    Lene, GRUS for Stue Mariehønen, LUS for Lene with Christian."""
    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = services.create_round(
        by=hr,
        name="Solsikken",
        year=today.year,
        units=[personas.units["SOL"]],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    if invitations_by is not None:
        services.change_round(round_, by=hr, invitations_by=invitations_by)
    round_ = services.announce(round_, by=hr, override_reason="Test")
    # the announcement's own mails (test_launching reads them): here only the reminders
    OutgoingMail.objects.all().delete()
    return round_


def sent(**filters) -> dict[str, OutgoingMail]:
    return {m.to[0]: m for m in OutgoingMail.objects.filter(**filters).order_by("pk")}


def deadline_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def reminder_day(deadline: datetime.date, before: int) -> datetime.date:
    return workdays.on_or_before(deadline - datetime.timedelta(days=before))


# --- leaders who neither offer times nor invite ------------------------------------------


def test_leaders_without_times_are_reminded_a_week_before_and_on_the_deadline(personas, settings):
    settings.SAMTALE_ROUND_REMINDER_DAYS = [7, 0]
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    week_before = reminder_day(deadline, 7)

    assert reminders.send_due_reminders(week_before - DAY) == 0
    reminders.send_due_reminders(week_before)
    mails = sent()
    # Lene: four MUS and the GRUS without a time; Christian: Lene's LUS.
    assert set(mails) == {"leader@eksempel.dk", "chief@eksempel.dk"}
    lene = mails["leader@eksempel.dk"]
    assert lene.subject == (
        f"Påmindelse: indkald til Solsikken senest {deadline.day}. {_month(deadline)}"
    )
    assert "5 af dine samtaler i Solsikken har endnu ikke et tidspunkt." in lene.text
    assert "Indkaldelserne skal være sendt senest" in lene.text
    assert "Tilbyd tider, som dine medarbejdere kan booke" in lene.text
    assert "/samtaler/mine-medarbejdere/" in lene.text
    assert f"/runder/{round_.pk}/information/" in lene.html
    assert "1 af dine samtaler i Solsikken har endnu ikke et tidspunkt." in (
        mails["chief@eksempel.dk"].text
    )
    # Once only, however often the job runs.
    assert reminders.send_due_reminders(week_before) == 0
    assert reminders.send_due_reminders(week_before + DAY) == 0
    # And again on the deadline itself.
    on_the_day = reminder_day(deadline, 0)
    assert reminders.send_due_reminders(on_the_day) == 2
    assert reminders.send_due_reminders(on_the_day) == 0
    assert SentReminder.objects.filter(key__startswith=f"round:{round_.pk}:offer:").count() == 4


def _month(day: datetime.date) -> str:
    from django.utils import formats, translation

    with translation.override("da"):
        return formats.date_format(day, "F")


def test_a_leader_with_free_times_is_not_reminded_but_the_grus_still_waits(personas):
    deadline = deadline_in(20)
    announce(personas, invitations_by=deadline)
    booking.offer(
        Round.objects.get(), by=acting_as(personas.leader), offers=[Offer(at(3, 9), 60, "K")]
    )
    grus = Conversation.objects.get(team=personas.teams["stue"])
    conversation_services.cancel(grus, by=acting_as(personas.leader))
    reminders.send_due_reminders(reminder_day(deadline, 7))
    assert "leader@eksempel.dk" not in sent(subject__startswith="Påmindelse: indkald")


def test_a_team_conversation_reminds_its_leader_even_with_free_times(personas):
    deadline = deadline_in(20)
    announce(personas, invitations_by=deadline)
    booking.offer(
        Round.objects.get(), by=acting_as(personas.leader), offers=[Offer(at(3, 9), 60, "K")]
    )
    reminders.send_due_reminders(reminder_day(deadline, 7))
    lene = sent()["leader@eksempel.dk"]
    assert "1 af dine samtaler i Solsikken har endnu ikke et tidspunkt." in lene.text


def test_a_leader_who_has_invited_everyone_is_not_reminded(personas):
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    lene = acting_as(personas.leader)
    for n, conversation in enumerate(
        Conversation.objects.filter(leader=personas.leader, round_link__round=round_)
    ):
        conversation_services.invite(conversation, by=lene, starts_at=at(4, 8 + n), location="K")
    OutgoingMail.objects.all().delete()
    reminders.send_due_reminders(reminder_day(deadline, 7))
    assert set(sent(subject__startswith="Påmindelse: indkald")) == {"chief@eksempel.dk"}


def test_no_deadline_no_offer_or_booking_reminders(personas):
    announce(personas, invitations_by=None)
    OutgoingMail.objects.all().delete()
    for days in range(0, 60, 3):
        reminders.send_due_reminders(timezone.localdate() + datetime.timedelta(days=days))
    assert not OutgoingMail.objects.exists()


def test_weekends_and_holidays_move_the_reminder_to_the_workday_before(personas, settings):
    """An Easter five years ahead: the deadline on the Monday after Easter Monday, a
    week before it falls on Easter Monday; Langfredag and Skærtorsdag are days off too,
    so the reminder goes out on the Wednesday before Easter."""
    settings.SAMTALE_ROUND_REMINDER_DAYS = [7]
    round_ = announce(personas, invitations_by=None)
    sunday = easter(timezone.localdate().year + 5)
    deadline = sunday + datetime.timedelta(days=8)
    Round.objects.filter(pk=round_.pk).update(invitations_by=deadline)
    wednesday = sunday - datetime.timedelta(days=4)
    assert wednesday.weekday() == 2
    for day in (wednesday - DAY,):
        assert reminders.send_due_reminders(day) == 0
    assert reminders.send_due_reminders(wednesday) == 2
    for day in range(5):  # Skærtorsdag to Easter Monday: nothing more
        assert reminders.send_due_reminders(wednesday + (day + 1) * DAY) == 0


def test_a_deadline_on_a_saturday_reminds_on_friday(personas, settings):
    settings.SAMTALE_ROUND_REMINDER_DAYS = [0]
    round_ = announce(personas, invitations_by=None)
    saturday = deadline_in(14)
    while saturday.weekday() != 5 or not workdays.is_workday(saturday - DAY):
        saturday += DAY
    Round.objects.filter(pk=round_.pk).update(invitations_by=saturday)
    assert reminders.send_due_reminders(saturday - 2 * DAY) == 0
    assert reminders.send_due_reminders(saturday - DAY) == 2
    assert reminders.send_due_reminders(saturday) == 0


def test_a_missed_run_sends_the_latest_once_and_nothing_after_the_grace(personas, settings):
    settings.SAMTALE_ROUND_REMINDER_DAYS = [7, 0]
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    # The job did not run for weeks: the next run sends the deadline's reminder only.
    assert reminders.send_due_reminders(deadline + 2 * DAY) == 2
    assert "Indkaldelserne skulle have været sendt senest" in sent()["leader@eksempel.dk"].text
    assert reminders.send_due_reminders(deadline + 3 * DAY) == 0
    keys = set(SentReminder.objects.values_list("key", flat=True))
    assert f"round:{round_.pk}:offer:{personas.leader.pk}:before7" in keys  # passed
    SentReminder.objects.all().delete()
    assert reminders.send_due_reminders(deadline + (reminders.GRACE_DAYS + 1) * DAY) == 0


def test_no_reminder_on_or_before_the_day_the_round_was_announced(personas, settings):
    settings.SAMTALE_ROUND_REMINDER_DAYS = [7, 0]
    deadline = deadline_in(3)  # the week-before reminder lies before the announcement
    announce(personas, invitations_by=deadline)
    OutgoingMail.objects.all().delete()
    assert reminders.send_due_reminders(timezone.localdate()) == 0
    assert reminders.send_due_reminders(reminder_day(deadline, 0)) == 2


def test_a_closed_round_reminds_nobody(personas):
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    services.close(round_, by=acting_as(personas.hr))
    assert reminders.send_due_reminders(reminder_day(deadline, 7)) == 0


# --- people who do not book -------------------------------------------------------------


def test_people_who_have_not_booked_an_offered_time_are_reminded(personas):
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    [slot, _other] = booking.offer(
        round_,
        by=acting_as(personas.leader),
        offers=[Offer(at(3, 9), 30, "Kontoret"), Offer(at(3, 10), 30, "Kontoret")],
    )
    booking.book(slot, by=acting_as(personas.employee))
    OutgoingMail.objects.all().delete()
    day = reminder_day(deadline, 7)
    reminders.send_due_reminders(day)
    mails = sent(subject__startswith="Påmindelse: book")
    # Emma has booked; Kasper, Tina and Anders have not. Lene (LUS with Christian) is
    # offered no time by Christian.
    assert set(mails) == {"colleague@eksempel.dk", "tr@eksempel.dk", "amr@eksempel.dk"}
    kasper = mails["colleague@eksempel.dk"]
    assert kasper.subject == "Påmindelse: book et tidspunkt til din MUS med Lene Leder"
    assert "Lene Leder tilbyder tider til din MUS i Solsikken" in kasper.text
    assert "Book en tid senest" in kasper.text
    assert kasper.reply_to == ["leader@eksempel.dk"]
    # straight to the leader's free times
    assert f"/runder/{round_.pk}/book/" in kasper.text
    assert reminders.send_due_reminders(day) == 0


def test_nobody_is_asked_to_book_a_time_in_the_past_or_a_taken_one(personas):
    deadline = deadline_in(20)
    round_ = announce(personas, invitations_by=deadline)
    [slot] = booking.offer(
        round_, by=acting_as(personas.leader), offers=[Offer(at(3, 9), 30, "Kontoret")]
    )
    booking.book(slot, by=acting_as(personas.employee))
    OutgoingMail.objects.all().delete()
    reminders.send_due_reminders(reminder_day(deadline, 7))
    assert not sent(subject__startswith="Påmindelse: book")
    # Lene has no free time left: she is reminded to offer more or invite.
    assert "leader@eksempel.dk" in sent(subject__startswith="Påmindelse: indkald")


# --- people who do not prepare ----------------------------------------------------------


def test_people_invited_are_reminded_to_prepare_until_they_share(personas, settings):
    settings.SAMTALE_PREPARATION_REMINDER_DAYS = [3]
    round_ = announce(personas, invitations_by=None)
    lene = acting_as(personas.leader)
    emma = Conversation.objects.get(person=personas.employee, kind__code="mus")
    kasper = Conversation.objects.get(person=personas.colleague, kind__code="mus")
    starts = at(10, 10)
    conversation_services.invite(emma, by=lene, starts_at=starts, location="Kontoret")
    conversation_services.invite(kasper, by=lene, starts_at=starts, location="Kontoret")
    preparation = conversation_services.preparation_of(kasper, by=acting_as(personas.colleague))
    conversation_services.share_preparation(preparation, by=acting_as(personas.colleague))
    OutgoingMail.objects.all().delete()
    day = workdays.on_or_before(timezone.localdate() + datetime.timedelta(days=7))

    assert reminders.send_due_reminders(day - DAY) == 0
    assert reminders.send_due_reminders(day) == 1
    [mail] = OutgoingMail.objects.all()
    assert mail.to == ["employee@eksempel.dk"]
    assert mail.subject == (
        f"Påmindelse: forbered dig til din MUS den {starts.day}. {_month(starts)}"
    )
    assert "Din MUS med Lene Leder er den " in mail.text
    assert " kl. 10.00, og du har ikke delt" in mail.text
    assert f"/samtaler/{emma.pk}/forberedelse/" in mail.text
    assert mail.reply_to == ["leader@eksempel.dk"]
    assert reminders.send_due_reminders(day) == 0
    assert reminders.send_due_reminders(day + DAY) == 0
    assert SentReminder.objects.filter(key=f"round:{round_.pk}:prepare:{emma.pk}:before3").exists()


def test_a_conversation_outside_a_round_gets_no_round_reminder(personas, settings):
    settings.SAMTALE_PREPARATION_REMINDER_DAYS = [3]
    factories.invited("mus", person=personas.outsider, starts_at=at(10, 10))
    day = workdays.on_or_before(timezone.localdate() + datetime.timedelta(days=7))
    OutgoingMail.objects.all().delete()
    assert reminders.send_due_reminders(day) == 0


# --- the cost -----------------------------------------------------------------------------


def test_the_queries_do_not_grow_with_the_people(personas, settings, django_assert_num_queries):
    """Solsikken with 30 more people: 34 to book, 2 leaders to remind, 5 to prepare, in a
    fixed number of queries."""
    settings.SAMTALE_ROUND_REMINDER_DAYS = [7]
    settings.SAMTALE_PREPARATION_REMINDER_DAYS = [3]
    for n in range(30):
        org_services.create_person(
            name=f"Medarbejder {n:02}",
            email=f"m{n}@eksempel.dk",
            employee_number=f"80{n:02}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
    deadline = deadline_in(14)
    round_ = announce(personas, invitations_by=deadline)
    lene = acting_as(personas.leader)
    booking.offer(round_, by=lene, offers=[Offer(at(12, 9), 30, "Kontoret")])
    for n, conversation in enumerate(
        Conversation.objects.filter(
            round_link__round=round_, leader=personas.leader, person__isnull=False
        ).order_by("pk")[:5]
    ):
        starts_at = at(10, 8) + datetime.timedelta(minutes=30 * n)
        conversation_services.invite(conversation, by=lene, starts_at=starts_at, location="K")
    OutgoingMail.objects.all().delete()
    day = reminder_day(deadline, 7)
    assert day == workdays.on_or_before(timezone.localdate() + datetime.timedelta(days=7))
    with django_assert_num_queries(15):
        count = reminders.send_due_reminders(day)
    assert count == OutgoingMail.objects.count() == 29 + 2 + 5


def test_the_command(personas, capsys):
    deadline = deadline_in(20)
    announce(personas, invitations_by=deadline)
    call_command("round_reminders", "--today", reminder_day(deadline, 7).isoformat())
    assert "Sendte 2 påmindelser om runder." in capsys.readouterr().out
    with pytest.raises(Exception, match="ÅÅÅÅ-MM-DD"):
        call_command("round_reminders", "--today", "i morgen")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(personas):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent transactions need PostgreSQL (the SQLite suite runs in one connection)"
        )
    deadline = deadline_in(20)
    announce(personas, invitations_by=deadline)
    OutgoingMail.objects.all().delete()
    day = reminder_day(deadline, 7)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            counts.append(reminders.send_due_reminders(day))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(counts) == [0, 2]
    assert OutgoingMail.objects.count() == 2
