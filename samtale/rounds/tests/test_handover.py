"""A person who changes leader mid-round: HR hands their conversation over to the new
nearest leader; the old leader's booked time is free again; all three are told; plans and
history follow the person by the rules that exist.

Emma (Solsikken, led by Lene) is in the round over Dagtilbud Nord; mid-round she is
moved under Morten (Mælkebøtten). Hanne is HR for Børn og Unge, so for Emma."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.access.viewer import acting_as
from samtale.conversations.models import Conversation, ConversationEvent, Participant
from samtale.core.models import OutgoingMail
from samtale.development import services as development_services
from samtale.org import services as org_services
from samtale.rounds import booking, handover, services
from samtale.rounds.booking import Offer
from samtale.rounds.models import RoundConversation, Slot
from samtale.testing import factories
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


def at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def dn(personas):
    hr = acting_as(personas.hr)
    round_ = factories.running_round(
        hr, [personas.units["DN"]], name="Dagtilbud Nord", began_days_ago=0
    )
    return services.announce(round_, by=hr, override_reason="Test")


def mus_of(person) -> Conversation:
    return Conversation.objects.select_related("leader").get(person=person, kind__code="mus")


@pytest.fixture
def moved(dn, personas):
    """Emma's MUS is held by Lene; Emma now has Morten as her nearest leader (and his
    unit)."""
    org_services.set_manager(personas.employee, personas.mae_leader)
    personas.employee.unit = personas.units["MAE"]
    personas.employee.save(update_fields=["unit"])
    return mus_of(personas.employee)


def test_the_list_shows_who_changed_leader(dn, moved, personas, client_as):
    [link] = handover.changed_leaders(acting_as(personas.hr), dn)
    assert link.conversation == moved
    assert link.conversation.leader == personas.leader
    assert link.conversation.person is not None
    assert link.conversation.person.manager == personas.mae_leader
    page = client_as("hr").get(reverse("rounds:changed_leaders", args=[dn.pk]))
    text = page.content.decode()
    assert "Skiftet leder i runden" in text and "Overdrag" in text
    assert "Emma Ansat" in text and "Lene Leder" in text and "Morten Mælkebøtte" in text
    # The round's page links to it for HR.
    detail = client_as("hr").get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert reverse("rounds:changed_leaders", args=[dn.pk]) in detail
    # HR of another area sees nobody of Hanne's, TR no link.
    assert handover.changed_leaders(acting_as(personas.hr_elsewhere), dn) == []
    tr_page = client_as("tr").get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert reverse("rounds:changed_leaders", args=[dn.pk]) not in tr_page


def test_the_list_costs_the_same_for_many(dn, personas, client_as, django_assert_num_queries):
    org_services.set_manager(personas.employee, personas.mae_leader)
    org_services.set_manager(personas.colleague, personas.mae_leader)
    client = client_as("hr")
    url = reverse("rounds:changed_leaders", args=[dn.pk])
    client.get(url)  # warm the session and the menu's caches
    with django_assert_num_queries(5) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        person = org_services.create_person(
            name=f"Ny {n}",
            email=f"ny{n}@eksempel.dk",
            employee_number=f"90{n}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        factories.planned("mus", person=person)  # joins the running round (join_round)
        assert RoundConversation.objects.get(conversation=mus_of(person)).round == dn
        org_services.set_manager(person, personas.mae_leader)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("/overdrag/") == 10


def test_hr_hands_over_a_planned_conversation(dn, moved, personas, mailoutbox):
    hr = acting_as(personas.hr)
    with pytest.raises(ValidationError):  # nothing to hand over for Kasper
        handover.hand_over(dn, mus_of(personas.colleague), by=hr)
    handover.hand_over(dn, moved, by=hr)
    conversation = mus_of(personas.employee)
    assert conversation.leader == personas.mae_leader and conversation.state == "planned"
    assert set(conversation.participants.values_list("person__name", "role")) == {
        ("Morten Mælkebøtte", "host"),
        ("Emma Ansat", "participant"),
    }
    event = conversation.events.get(action="hand_over")
    assert event.actor == personas.hr and event.note == "Lene Leder → Morten Mælkebøtte"
    # It counts where Emma is now.
    assert RoundConversation.objects.get(conversation=conversation).unit == personas.units["MAE"]
    assert handover.changed_leaders(hr, dn) == []
    with pytest.raises(ValidationError):  # done: twice changes nothing
        handover.hand_over(dn, conversation, by=hr)
    assert conversation.events.filter(action="hand_over").count() == 1


def _mails() -> dict[str, OutgoingMail]:
    return {m.to[0]: m for m in OutgoingMail.objects.order_by("pk")}


def test_a_booked_time_is_freed_and_cancelled_and_all_three_are_told(dn, personas):
    [slot, _other] = booking.offer(
        dn,
        by=acting_as(personas.leader),
        offers=[Offer(at(5, 9), 60, "Kontoret"), Offer(at(5, 10), 60, "Kontoret")],
    )
    booking.book(slot, by=acting_as(personas.employee))
    org_services.set_manager(personas.employee, personas.mae_leader)
    OutgoingMail.objects.all().delete()
    invited = mus_of(personas.employee)
    assert invited.state == "invited" and invited.sequence == 0

    handover.hand_over(dn, invited, by=acting_as(personas.hr))

    conversation = mus_of(personas.employee)
    assert conversation.state == "planned" and conversation.starts_at is None
    assert conversation.sequence == 1
    slot.refresh_from_db()
    assert slot.conversation is None and slot.booked_at is None
    mails = _mails()
    # Free again: Kasper may book Lene's time now.
    booking.book(slot, by=acting_as(personas.colleague))
    assert set(mails) >= {"leader@eksempel.dk", "employee@eksempel.dk", "mae.leader@eksempel.dk"}
    old, person, new = (
        mails["leader@eksempel.dk"],
        mails["employee@eksempel.dk"],
        mails["mae.leader@eksempel.dk"],
    )
    assert old.subject == "Overdraget: MUS med Emma Ansat afholdes nu af Morten Mælkebøtte"
    assert "Du deltager ikke længere i den." in old.text
    assert "er aflyst" in old.text and old.calendar_method == "CANCEL"
    assert new.subject == "Overdraget til dig: MUS med Emma Ansat"
    assert "fra Lene Leder" in new.text and new.calendar == ""
    assert "vælg et nyt tidspunkt, og invitér." in new.text
    assert person.subject == "Din MUS afholdes nu af Morten Mælkebøtte"
    assert "i stedet for Lene Leder" in person.text and person.calendar_method == "CANCEL"
    assert "Morten Mælkebøtte inviterer dig til et nyt" in person.text
    assert person.reply_to == ["mae.leader@eksempel.dk"]
    assert reverse("conversations:detail", args=[conversation.pk]) in new.text
    assert reverse("conversations:detail", args=[conversation.pk]) not in old.text
    cancel = icalendar.Calendar.from_ical(person.calendar).walk("VEVENT")[0]
    assert cancel["SEQUENCE"] == 1 and str(cancel["STATUS"]) == "CANCELLED"
    assert cancel.decoded("DTSTART") == at(5, 9)


def test_a_held_conversation_is_not_handed_over(dn, personas):
    hr = acting_as(personas.hr)
    conversation = mus_of(personas.employee)
    booking.assign(
        booking.offer(dn, by=acting_as(personas.leader), offers=[Offer(at(1, 9), 30, "K")])[0],
        by=acting_as(personas.leader),
        conversation=conversation,
    )
    Conversation.objects.filter(pk=conversation.pk).update(state="held")
    org_services.set_manager(personas.employee, personas.mae_leader)
    assert handover.changed_leaders(hr, dn) == []
    with pytest.raises(ValidationError):
        handover.hand_over(dn, mus_of(personas.employee), by=hr)
    assert mus_of(personas.employee).leader == personas.leader
    assert Slot.objects.get(round=dn).conversation_id == conversation.pk


@pytest.mark.parametrize(
    "name", ["hr_elsewhere", "leader", "mae_leader", "employee", "tr", "outsider", "chief"]
)
def test_nobody_else_hands_over(dn, moved, personas, name):
    with pytest.raises(PermissionDenied):
        handover.hand_over(dn, moved, by=acting_as(personas.person(name)))
    assert mus_of(personas.employee).leader == personas.leader


def test_hr_hands_over_only_the_people_of_its_own_scope(personas):
    """HR for Social og Sundhed in a round over the whole municipality: Emma (Børn og
    Unge) is not theirs."""
    org_services.grant_role(personas.hr, "hr", personas.units["K"])
    hr_all = acting_as(personas.hr)
    round_ = factories.running_round(
        hr_all, [personas.units["K"]], name="Kommunen", began_days_ago=0
    )
    round_ = services.announce(round_, by=hr_all, override_reason="Test")
    org_services.set_manager(personas.employee, personas.mae_leader)
    elsewhere = acting_as(personas.hr_elsewhere)
    assert handover.changed_leaders(elsewhere, round_) == []
    with pytest.raises(PermissionDenied):
        handover.hand_over(round_, mus_of(personas.employee), by=elsewhere)
    handover.hand_over(round_, mus_of(personas.employee), by=hr_all)
    assert mus_of(personas.employee).leader == personas.mae_leader


def test_plans_and_history_follow_the_person(dn, moved, personas, client_as):
    """The new leader sees Emma's last plan on the conversation handed over, as the
    leader of anyone who moved does; the old leader no longer sees that conversation;
    earlier conversations stay with their own participants."""
    last_year = factories.held("mus", person=personas.employee, leader=personas.leader)
    factories.move(last_year, timezone.now() - datetime.timedelta(days=365))
    development_services.add_item(
        last_year, by=acting_as(personas.leader), goal="Lære tegn til tale"
    )
    url = reverse("conversations:detail", args=[moved.pk])
    assert client_as("mae_leader").get(url).status_code == 404

    handover.hand_over(dn, moved, by=acting_as(personas.hr))

    page = client_as("mae_leader").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sidste udviklingsplan" in text and "Lære tegn til tale" in text
    assert ReadLog.objects.filter(
        subject_id=last_year.pk, reader=personas.user("mae_leader")
    ).exists()
    assert client_as("leader").get(url).status_code == 404
    assert client_as("employee").get(url).status_code == 200
    # Last year's conversation stays Lene's and Emma's.
    old = reverse("conversations:detail", args=[last_year.pk])
    assert client_as("leader").get(old).status_code == 200
    assert client_as("mae_leader").get(old).status_code == 404
    # Morten now holds it: he invites.
    assert "Vælg tidspunkt, og invitér" in text


# --- every persona on the page and the action ------------------------------------------


def fingerprint() -> tuple[Any, ...]:
    return (
        tuple(Conversation.objects.order_by("pk").values_list("pk", "leader_id", "state")),
        tuple(Participant.objects.order_by("pk").values_list("pk", "person_id")),
        tuple(Slot.objects.order_by("pk").values_list("pk", "conversation_id")),
        tuple(RoundConversation.objects.order_by("pk").values_list("pk", "unit_id")),
        ConversationEvent.objects.count(),
        OutgoingMail.objects.count(),
    )


HANDS_OVER = {"hr", "admin"}


class _Undo(Exception):
    pass


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_persona(dn, moved, client_as, method):
    page = reverse("rounds:changed_leaders", args=[dn.pk])
    action = reverse("rounds:hand_over", args=[dn.pk, moved.pk])
    for persona in LOGGED_IN:
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            before = fingerprint()
            response = client.get(page) if method == "get" else client.post(action)
            if persona in HANDS_OVER:
                assert response.status_code == (200 if method == "get" else 302), persona
                if method == "post":
                    assert response["Location"] == page
                    assert mus_of(moved.person).leader.name == "Morten Mælkebøtte"
            else:
                assert response.status_code == 404, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona} changed something"
            raise _Undo
    client = client_as("anonymous")
    before = fingerprint()
    response = client.get(page) if method == "get" else client.post(action)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert fingerprint() == before


def test_a_draft_has_no_such_page(personas, client_as):
    round_ = services.create_round(
        by=acting_as(personas.hr), name="Kladde", year=2030, units=[personas.units["DN"]]
    )
    url = reverse("rounds:changed_leaders", args=[round_.pk])
    assert client_as("hr").get(url).status_code == 404


def test_the_page_says_it_in_danish_after_handing_over(dn, moved, client_as):
    client = client_as("hr")
    response = client.post(reverse("rounds:hand_over", args=[dn.pk, moved.pk]), follow=True)
    text = response.content.decode()
    assert "Samtalen med Emma Ansat er overdraget til Morten Mælkebøtte." in text
    assert "Alle samtaler i runden afholdes af personens nærmeste leder." in text
