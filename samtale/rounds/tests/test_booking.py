"""The leader offers times; each of their people books one, first come; the leader gives
the rest a time. Two people asking for the same time at once: one gets it."""

from __future__ import annotations

import datetime
import threading

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations.models import Conversation
from samtale.rounds import booking, services
from samtale.rounds.booking import Offer
from samtale.rounds.models import Slot
from samtale.testing import factories


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def sol(personas):
    hr = acting_as(personas.hr)
    round_ = factories.running_round(
        hr, [personas.units["SOL"]], name="Solsikken", began_days_ago=0
    )
    return services.announce(round_, by=hr, override_reason="Test")


@pytest.fixture
def slots(sol, personas):
    return booking.offer(
        sol,
        by=acting_as(personas.leader),
        offers=[Offer(at(3, 9), 60, "Kontoret"), Offer(at(3, 10), 60, "Kontoret")],
    )


def mus_of(person) -> Conversation:
    return Conversation.objects.get(person=person, kind__code="mus")


def test_an_employee_books_an_offered_time_and_both_are_invited(
    slots, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(slots[0], by=acting_as(personas.employee))
    conversation = mus_of(personas.employee)
    assert conversation.state == "invited"
    assert conversation.starts_at == at(3, 9) and conversation.location == "Kontoret"
    assert Slot.objects.get(pk=slots[0].pk).conversation == conversation
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@eksempel.dk", "leader@eksempel.dk"]
    for message in mail.outbox:
        parts = getattr(message, "alternatives", [])
        [calendar] = [str(c) for c, kind in parts if kind.startswith("text/calendar")]
        vevent = icalendar.Calendar.from_ical(calendar).walk("VEVENT")[0]
        assert vevent.decoded("DTSTART") == at(3, 9)
    event = conversation.events.get(action="invite")
    assert event.actor == personas.employee


def test_a_booked_time_is_taken_and_one_conversation_books_once(slots, personas):
    booking.book(slots[0], by=acting_as(personas.employee))
    with pytest.raises(ValidationError):
        booking.book(slots[0], by=acting_as(personas.colleague))
    with pytest.raises(PermissionDenied):  # Emma's MUS has its time now
        booking.book(slots[1], by=acting_as(personas.employee))
    assert Slot.objects.get(pk=slots[1].pk).conversation is None


@pytest.mark.parametrize("name", ["outsider", "hr", "chief", "mae_employee"])
def test_only_the_leaders_own_people_in_the_round_book(slots, personas, name):
    with pytest.raises(PermissionDenied):
        booking.book(slots[0], by=acting_as(personas.person(name)))
    assert Slot.objects.get(pk=slots[0].pk).conversation is None


def test_offers(sol, personas):
    leader = acting_as(personas.leader)
    with pytest.raises(ValidationError):
        booking.offer(sol, by=leader, offers=[Offer(at(-1, 9), 60, "Kontoret")])
    with pytest.raises(ValidationError):
        booking.offer(sol, by=leader, offers=[Offer(at(90, 9), 60, "Kontoret")])
    with pytest.raises(ValidationError):
        booking.offer(sol, by=leader, offers=[Offer(at(3, 9), 60)])
    with pytest.raises(PermissionDenied):
        booking.offer(sol, by=acting_as(personas.ege_leader), offers=[Offer(at(3, 9), 60, "X")])
    [slot] = booking.offer(sol, by=leader, offers=[Offer(at(3, 9), 60, "Kontoret")])
    with pytest.raises(ValidationError):
        booking.offer(sol, by=leader, offers=[Offer(at(3, 9), 60, "Kontoret")])
    with pytest.raises(PermissionDenied):
        booking.withdraw(slot, by=acting_as(personas.employee))
    booking.withdraw(slot, by=leader)
    assert not Slot.objects.exists()


def test_the_leader_gives_the_rest_a_time(slots, personas):
    leader = acting_as(personas.leader)
    grus = Conversation.objects.get(team=personas.teams["stue"])
    booking.assign(slots[1], by=leader, conversation=grus)
    grus.refresh_from_db()
    assert grus.state == "invited" and grus.starts_at == at(3, 10)
    with pytest.raises(PermissionDenied):
        booking.assign(
            slots[0], by=acting_as(personas.employee), conversation=mus_of(personas.employee)
        )
    other = Conversation.objects.get(person=personas.leader, kind__code="lus")  # Lene's own LUS
    with pytest.raises(ValidationError):
        booking.assign(slots[0], by=leader, conversation=other)


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_same_time_at_once(personas, sol, slots):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent transactions need PostgreSQL (the SQLite suite runs in one connection)"
        )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def attempt(name: str) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            booking.book(Slot.objects.get(pk=slots[0].pk), by=acting_as(personas.person(name)))
            outcomes[name] = "booked"
        except ValidationError:
            outcomes[name] = "taken"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in ("employee", "colleague")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["booked", "taken"]
    booked = Slot.objects.get(pk=slots[0].pk).conversation
    assert booked is not None and booked.state == "invited"
    assert Conversation.objects.filter(kind__code="mus", state="invited").count() == 1
