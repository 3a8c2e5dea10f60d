"""Booking's pages (issue 10 §5): the leader offers times, sees who booked them, takes a
free one back and gives one to a conversation without a time; the employee books one of
their leader's free times (first come: a time just taken sends them back to the list
with a message); a booked time follows its conversation when it is cancelled or moved.

The round: Dagtilbud Nord, announced today for 60 days. Lene Leder holds MUS with Emma,
Kasper, Tina (TR) and Anders (AMR) and GRUS with Stue Mariehønen; Christian Chef holds
Lene's LUS; Morten Mælkebøtte holds Mette's MUS and Birgit Bestyrelse Morten's LUS.
Lene offers two times, Morten one.
"""

from __future__ import annotations

import datetime
import email
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation, ConversationEvent
from samtale.rounds import booking, services
from samtale.rounds.booking import Offer
from samtale.rounds.models import Round, Slot
from samtale.testing import factories
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

TAKEN = "Tiden er desværre lige blevet booket af en anden. Vælg en anden."
# Besides the personas every matrix has: another leader and that leader's employee in the
# round, and a leader outside it.
EVERYONE = (*LOGGED_IN, "mae_leader", "mae_employee", "ege_leader")


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class World:
    round: Round
    lenes: list[Slot]
    mortens: Slot
    personas: Any

    def mus(self, name: str) -> Conversation:
        return Conversation.objects.get(person=self.personas.person(name), kind__code="mus")


@pytest.fixture
def world(personas) -> World:
    hr = acting_as(personas.hr)
    round_ = factories.running_round(
        hr, [personas.units["DN"]], name="Dagtilbud Nord", began_days_ago=0
    )
    round_ = services.announce(round_, by=hr, override_reason="Test")
    lenes = booking.offer(
        round_,
        by=acting_as(personas.leader),
        offers=[Offer(at(3, 9), 60, "Kontoret"), Offer(at(3, 10), 60, "Kontoret")],
    )
    [mortens] = booking.offer(
        round_, by=acting_as(personas.mae_leader), offers=[Offer(at(4, 9), 45, "Stuen")]
    )
    return World(Round.objects.get(pk=round_.pk), lenes, mortens, personas)


def url(name: str, w: World, *more: Any) -> str:
    return reverse(name, args=[w.round.pk, *more])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- who may do what: allowed, or 404 and nothing changed ------------------------------------


def fingerprint() -> tuple[Any, ...]:
    return (
        tuple(
            Slot.objects.order_by("pk").values_list(
                "pk", "leader_id", "starts_at", "duration", "location", "conversation_id"
            )
        ),
        tuple(Conversation.objects.order_by("pk").values_list("pk", "state", "starts_at")),
        ConversationEvent.objects.count(),
    )


LEADERS_IN_THE_ROUND = frozenset({"leader", "chief", "board_chair", "mae_leader"})
LENES_PEOPLE = frozenset({"employee", "colleague", "tr", "amr"})


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] = lambda w: {}


OFFER = {
    "count": "2",
    "duration": "30",
    "pause": "0",
    "location": "Mødelokalet",
    "video_url": "",
}

CASES = [
    # the leader's page: every leader holding conversations in the round has their own
    Case("the offered times", "get", lambda w: url("rounds:times", w), LEADERS_IN_THE_ROUND),
    Case(
        "offer times",
        "post",
        lambda w: url("rounds:times", w),
        LEADERS_IN_THE_ROUND,
        lambda w: OFFER | {"date": at(5, 0).date().isoformat(), "first": "13:00"},
    ),
    # only the leader who offered it
    Case(
        "take back a free time",
        "post",
        lambda w: url("rounds:withdraw", w, w.lenes[1].pk),
        frozenset({"leader"}),
    ),
    Case(
        "give a time",
        "post",
        lambda w: url("rounds:assign", w),
        frozenset({"leader"}),
        lambda w: {"slot": w.lenes[1].pk, "conversation": w.mus("colleague").pk},
    ),
    # the employee's side: whoever has a conversation in the round waiting for a time
    Case(
        "the free times",
        "get",
        lambda w: url("rounds:choose", w),
        frozenset({*LENES_PEOPLE, "mae_employee", "leader", "mae_leader"}),  # + their LUS
    ),
    # only the offering leader's own people
    Case(
        "book a time",
        "post",
        lambda w: url("rounds:book", w, w.lenes[0].pk),
        frozenset(LENES_PEOPLE),
    ),
]


class _Undo(Exception):
    pass


@pytest.mark.parametrize("case_", CASES, ids=[f"{c.method} {c.name}" for c in CASES])
def test_every_persona(case_, world, client_as):
    for persona in EVERYONE:
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            before = fingerprint()
            target = case_.url(world)
            if case_.method == "get":
                response = client.get(target)
            else:
                response = client.post(target, case_.data(world))
            if persona in case_.allowed:
                assert response.status_code in (200, 302), f"{persona}: {response.status_code}"
                if case_.method == "post":
                    assert response.status_code == 302, persona
                    assert fingerprint() != before, f"{persona}: nothing changed"
            else:
                assert response.status_code == 404, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona} changed something"
            raise _Undo
    response = client_as("anonymous").get(case_.url(world))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_nothing_to_book_or_offer_before_the_round_is_announced(client_as, personas):
    hr = acting_as(personas.hr)
    draft = services.create_round(by=hr, name="Kladde", year=2030, units=[personas.units["DN"]])
    for persona, name in (("leader", "rounds:times"), ("employee", "rounds:choose")):
        assert client_as(persona).get(reverse(name, args=[draft.pk])).status_code == 404


# --- the leader ---------------------------------------------------------------------------


def test_the_leader_offers_several_times_at_once(client_as, world):
    client = client_as("leader")
    day = at(6, 0).date()
    response = client.post(
        url("rounds:times", world),
        {
            "date": day.isoformat(),
            "first": "09:00",
            "count": "4",
            "duration": "45",
            "pause": "15",
            "location": "",
            "video_url": "https://møde.eksempel.dk/lene",
        },
    )
    assert response.status_code == 302
    made = Slot.objects.filter(leader=world.personas.leader, starts_at__date=day)
    assert [timezone.localtime(s.starts_at).time() for s in made] == [
        datetime.time(9),
        datetime.time(10),
        datetime.time(11),
        datetime.time(12),
    ]
    assert {(s.duration, s.location, s.round_id) for s in made} == {(45, "", world.round.pk)}
    assert all(s.video_url.startswith("https://") for s in made)
    assert "Du tilbyder 4 nye tider." in " ".join(messages_of(client.get(response["Location"])))


@pytest.mark.parametrize(
    "change, error",
    [
        ({"first": "22:00", "count": "5"}, "samme dag"),  # past midnight
        ({"first": "09:30"}, "overlapper"),  # Lene's 9.00 and 10.00 on day 3
        ({"location": ""}, "Angiv et sted eller et videolink"),
        ({"date": at(90, 0).date().isoformat()}, "inden for runden"),
    ],
)
def test_times_that_cannot_be_offered_are_refused_on_the_form(client_as, world, change, error):
    before = fingerprint()
    data = OFFER | {"date": at(3, 0).date().isoformat(), "first": "09:30"} | change
    if change.get("first") == "22:00":
        data["date"] = at(7, 0).date().isoformat()
    response = client_as("leader").post(url("rounds:times", world), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert fingerprint() == before


def test_the_leader_sees_who_booked_their_own_times_only(client_as, world):
    booking.book(world.lenes[0], by=acting_as(world.personas.employee))
    booking.book(world.mortens, by=acting_as(world.personas.mae_employee))
    lene = client_as("leader").get(url("rounds:times", world)).content.decode()
    assert "Emma Ansat" in lene and "Mette" not in lene
    assert "Ledig" in lene  # 10.00 is still free
    morten = client_as("mae_leader").get(url("rounds:times", world)).content.decode()
    assert "Mette Mælkebøtte-Ansat" in morten and "Emma Ansat" not in morten
    # Christian holds Lene's LUS in the round: his own page, nobody else's times
    christian = client_as("chief").get(url("rounds:times", world)).content.decode()
    assert "Emma Ansat" not in christian and "Kontoret" not in christian


def test_the_leader_takes_back_a_free_time_but_not_a_booked_one(client_as, world):
    booking.book(world.lenes[0], by=acting_as(world.personas.employee))
    client = client_as("leader")
    response = client.post(url("rounds:withdraw", world, world.lenes[0].pk), follow=True)
    assert "Tiden er booket" in " ".join(messages_of(response))
    assert Slot.objects.filter(pk=world.lenes[0].pk, conversation__isnull=False).exists()
    client.post(url("rounds:withdraw", world, world.lenes[1].pk))
    assert not Slot.objects.filter(pk=world.lenes[1].pk).exists()


def test_the_leader_gives_the_rest_a_time(
    client_as, world, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("leader")
    page = client.get(url("rounds:times", world)).content.decode()
    # the select offers the conversations still without a time: MUS and GRUS
    for name in ("Emma Ansat", "Kasper Kollega", "Tina Tillid", "Stue Mariehønen"):
        assert name in page
    grus = Conversation.objects.get(team=world.personas.teams["stue"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("rounds:assign", world), {"slot": world.lenes[1].pk, "conversation": grus.pk}
        )
    assert response.status_code == 302
    grus.refresh_from_db()
    assert grus.state == "invited" and grus.starts_at == at(3, 10)
    assert Slot.objects.get(pk=world.lenes[1].pk).conversation == grus
    assert {m.to[0] for m in mail.outbox} >= {"employee@eksempel.dk", "leader@eksempel.dk"}
    # Lene's own LUS is Christian's to give a time to, not hers
    lus = Conversation.objects.get(person=world.personas.leader, kind__code="lus")
    response = client.post(
        url("rounds:assign", world), {"slot": world.lenes[0].pk, "conversation": lus.pk}
    )
    assert Slot.objects.get(pk=world.lenes[0].pk).conversation is None
    lus.refresh_from_db()
    assert lus.state == "planned"


# --- the employee ---------------------------------------------------------------------------


def test_the_employee_books_from_the_conversation_page_and_both_get_the_invitation(
    client_as, world, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("employee")
    mus = world.mus("employee")
    page = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Din leder tilbyder 2 ledige tider" in page
    assert url("rounds:choose", world) in page
    free = client.get(url("rounds:choose", world)).content.decode()
    assert "Kontoret" in free and "Stuen" not in free  # Lene's times, not Morten's
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("rounds:book", world, world.lenes[1].pk))
    assert response["Location"] == reverse("conversations:detail", args=[mus.pk])
    mus.refresh_from_db()
    assert mus.state == "invited" and mus.starts_at == at(3, 10)
    assert mus.location == "Kontoret" and mus.duration == 60
    assert Slot.objects.get(pk=world.lenes[1].pk).conversation == mus
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@eksempel.dk", "leader@eksempel.dk"]
    for message in mail.outbox:
        parsed = email.message_from_bytes(message.message().as_bytes())
        [ics] = [p for p in parsed.walk() if p.get_filename() == "invite.ics"]
        payload = ics.get_payload(decode=True)
        assert isinstance(payload, bytes)
        event = icalendar.Calendar.from_ical(payload).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == at(3, 10)
        assert str(event.get("LOCATION")) == "Kontoret"
    # booked: the conversation page shows its time, and no way to book another
    page = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Book tid" not in page
    assert client.get(url("rounds:choose", world)).status_code == 404


def test_a_time_just_taken_sends_the_employee_back_to_the_list(client_as, world):
    booking.book(world.lenes[0], by=acting_as(world.personas.colleague))
    client = client_as("employee")
    response = client.post(url("rounds:book", world, world.lenes[0].pk), follow=True)
    assert response.redirect_chain[-1][0] == url("rounds:choose", world)
    assert TAKEN in messages_of(response)
    assert world.mus("employee").state == "planned"
    assert "Kontoret" in response.content.decode()  # 10.00 is still there to book


def test_booking_twice_lands_on_the_conversation(client_as, world):
    client = client_as("employee")
    client.post(url("rounds:book", world, world.lenes[0].pk))
    again = client.post(url("rounds:book", world, world.lenes[0].pk))
    assert again.status_code == 302
    assert again["Location"] == reverse("conversations:detail", args=[world.mus("employee").pk])


def test_the_round_pages_and_the_leaders_overview_lead_to_booking(client_as, world):
    employee = client_as("employee").get(url("rounds:information", world)).content.decode()
    assert url("rounds:choose", world) in employee and url("rounds:times", world) not in employee
    leader = client_as("leader")
    info = leader.get(url("rounds:information", world)).content.decode()
    assert url("rounds:times", world) in info
    assert (
        url("rounds:times", world) in leader.get(reverse("conversations:overview")).content.decode()
    )
    # and on a planned conversation of the round, to the offered times
    mus = world.mus("employee")
    assert (
        url("rounds:times", world)
        in leader.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    )
    hr = client_as("hr").get(reverse("rounds:detail", args=[world.round.pk])).content.decode()
    assert url("rounds:times", world) not in hr and url("rounds:choose", world) not in hr
    outsider = client_as("ege_leader").get(reverse("conversations:overview")).content.decode()
    assert url("rounds:times", world) not in outsider


# --- a booked time follows its conversation ---------------------------------------------


def test_a_cancelled_conversation_frees_its_time(world):
    lene = acting_as(world.personas.leader)
    booking.book(world.lenes[0], by=acting_as(world.personas.employee))
    conversation_services.cancel(world.mus("employee"), by=lene, reason="Syg")
    assert Slot.objects.get(pk=world.lenes[0].pk).conversation is None
    booking.book(world.lenes[0], by=acting_as(world.personas.colleague))  # free for others
    assert Slot.objects.get(pk=world.lenes[0].pk).conversation == world.mus("colleague")


def test_a_moved_conversation_takes_the_offered_time_it_moves_to_or_frees_its_own(world):
    lene = acting_as(world.personas.leader)
    booking.book(world.lenes[0], by=acting_as(world.personas.employee))
    mus = world.mus("employee")
    # to Lene's other free time: the booking moves with it
    conversation_services.reschedule(mus, by=lene, starts_at=at(3, 10), location="Kontoret")
    assert Slot.objects.get(pk=world.lenes[0].pk).conversation is None
    assert Slot.objects.get(pk=world.lenes[1].pk).conversation == mus
    # only the place changes: it keeps its time
    conversation_services.reschedule(mus, by=lene, starts_at=at(3, 10), location="Haven")
    assert Slot.objects.get(pk=world.lenes[1].pk).conversation == mus
    # to a time Lene did not offer: both her times are free again
    conversation_services.reschedule(mus, by=lene, starts_at=at(5, 14), location="Kontoret")
    assert not Slot.objects.filter(round=world.round, conversation__isnull=False).exists()


def test_a_conversation_the_leader_invites_at_an_offered_time_takes_it(world):
    lene = acting_as(world.personas.leader)
    mus = world.mus("colleague")
    conversation_services.invite(mus, by=lene, starts_at=at(3, 9), location="Kontoret")
    assert Slot.objects.get(pk=world.lenes[0].pk).conversation == mus
    with pytest.raises(Exception, match="booket"):
        booking.book(world.lenes[0], by=acting_as(world.personas.employee))


# --- query counts -----------------------------------------------------------------------


def _count(client, target: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries.captured_queries)


def test_the_leaders_times_page_costs_the_same_however_many_times_and_bookings(client_as, world):
    client = client_as("leader")
    target = url("rounds:times", world)
    client.get(target)  # warm up
    few = _count(client, target)
    lene = acting_as(world.personas.leader)
    more = booking.offer(
        world.round, by=lene, offers=[Offer(at(8, h), 30, "Kontoret") for h in range(8, 15)]
    )
    for name, slot in zip(("employee", "colleague", "tr"), more, strict=False):
        booking.book(slot, by=acting_as(world.personas.person(name)))
    booking.assign(more[4], by=lene, conversation=Conversation.objects.get(team__isnull=False))
    # session, the user with the viewer, the round, its units, leads_in, the times with
    # their bookings, the conversations without a time, MUS's default duration (the
    # give-a-time form chooses among the times and conversations already read)
    assert _count(client, target) == few == 8


def test_the_employees_free_times_cost_the_same_however_many(client_as, world):
    client = client_as("employee")
    target = url("rounds:choose", world)
    client.get(target)
    few = _count(client, target)
    booking.offer(
        world.round,
        by=acting_as(world.personas.leader),
        offers=[Offer(at(9, h), 30, "Kontoret") for h in range(8, 16)],
    )
    # session, the user with the viewer, the round, its units, the conversations waiting
    # for a time (with kind and leader), their leaders' free times
    assert _count(client, target) == few == 6
