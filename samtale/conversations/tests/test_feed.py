"""A person's secret calendar feed: their conversations (and nobody else's), with the
invitation's UID, no content, at an address that works without login until revoked;
the page where they make, revoke and renew it."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samtale.access import feedtokens
from samtale.access.models import CalendarFeedToken
from samtale.conversations import services
from samtale.conversations.emails import calendar_event
from samtale.conversations.models import AgendaItem, Conversation, ConversationKind
from samtale.testing import factories, worlds
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


def _kind(code: str) -> ConversationKind:
    return ConversationKind.objects.get(code=code)


def _invited(days: float, *, person=None, team=None, kind="mus", location="Mødelokale Æblet"):
    return factories.invited(
        kind, person=person, team=team, starts_at=factories.soon(days), location=location
    )


def _move_to(conversation: Conversation, starts_at: datetime.datetime) -> None:
    # Services refuse a time in the past; history is made by moving the row itself.
    Conversation.objects.filter(pk=conversation.pk).update(starts_at=starts_at)
    conversation.refresh_from_db()


def _events(response) -> dict[str, icalendar.cal.Component]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _feed(client, person):
    token = feedtokens.create_token(person)
    client.logout()
    return client.get(reverse("conversations:feed", args=[token.token]))


@worlds.world(on="personas")
def feed_conversations(personas):
    """The employee's conversations in every state, and one of the colleague's
    (samtale.testing.worlds)."""
    mus = _invited(5, person=personas.employee)
    services.reschedule(
        mus,
        by=host(mus),
        starts_at=(timezone.now() + datetime.timedelta(days=6)).replace(microsecond=0),
        video_url="https://video.eksempel.dk/rum/42",
    )
    grus = _invited(10, team=personas.teams["stue"], kind="grus", location="Stuen")
    held = _invited(1, person=personas.employee, kind="en-til-en")
    services.mark_held(held, by=host(held))
    _move_to(held, timezone.now() - datetime.timedelta(days=60))
    services.write_summary(held, by=host(held), summary="HEMMELIGT REFERAT", agreements="AFTALE")
    services.share_summary(held, by=host(held))
    AgendaItem.objects.create(
        conversation=mus, proposed_by=personas.employee, text="HEMMELIGT TEMA"
    )
    old = _invited(1, person=personas.employee)
    services.mark_held(old, by=host(old))
    _move_to(old, timezone.now() - datetime.timedelta(days=400))
    cancelled = _invited(3, person=personas.employee)
    services.cancel(cancelled, by=host(cancelled), reason="Sygdom")
    planned = services.plan(
        kind=_kind("mus"), person=personas.employee, by=actor(personas.employee.manager)
    )
    colleagues = _invited(4, person=personas.colleague, location="Kaspers kontor")
    return {
        "mus": mus,
        "grus": grus,
        "held": held,
        "old": old,
        "cancelled": cancelled,
        "planned": planned,
        "colleagues": colleagues,
    }


@pytest.fixture
def world(feed_conversations):
    return feed_conversations


def test_the_feed_lists_the_persons_conversations_with_the_invitation_uid(client, personas, world):
    response = _feed(client, personas.employee)
    events = _events(response)
    shown = {world[name].pk for name in ("mus", "grus", "held")}
    expected = {calendar_event(c).uid for c in Conversation.objects.filter(pk__in=shown)}
    assert set(events) == expected  # not the old, cancelled, planned or colleague's ones

    mus = world["mus"]
    event = events[calendar_event(mus).uid]
    assert event["SEQUENCE"] == 1  # moved once, like the invitation
    assert event.decoded("DTSTART") == mus.starts_at
    assert event.decoded("DTEND") == mus.ends_at
    assert str(event["SUMMARY"]) == "MUS: Emma Ansat / Lene Leder"
    assert str(event["LOCATION"]) == "https://video.eksempel.dk/rum/42"
    assert "Emma Ansat" in str(event["DESCRIPTION"]) and "Lene Leder" in str(event["DESCRIPTION"])
    assert reverse("conversations:detail", args=[mus.pk]) in str(event["DESCRIPTION"])
    grus = events[calendar_event(world["grus"]).uid]
    assert "Kasper Kollega" in str(grus["DESCRIPTION"])  # the team's members
    assert str(grus["LOCATION"]) == "Stuen"


def test_the_feed_holds_no_content_and_nothing_of_others(client, personas, world):
    text = _feed(client, personas.employee).content.decode("utf-8")
    for secret in ("HEMMELIGT REFERAT", "AFTALE", "HEMMELIGT TEMA", "Kaspers kontor", "Sygdom"):
        assert secret not in text
    assert world["held"].kind.focus_da[:30] not in text  # not even the kind's description


def test_the_colleague_sees_only_their_own_and_the_shared_team_conversation(
    client, personas, world
):
    events = _events(_feed(client, personas.colleague))
    assert set(events) == {
        calendar_event(world["colleagues"]).uid,
        calendar_event(world["grus"]).uid,
    }


def test_unknown_revoked_and_renewed_tokens(client, personas, world):
    token = feedtokens.create_token(personas.employee)
    url = reverse("conversations:feed", args=[token.token])
    assert client.get(url).status_code == 200  # no login needed
    assert client.get(reverse("conversations:feed", args=["x" * 43])).status_code == 404
    new = feedtokens.renew_token(personas.employee)
    assert client.get(url).status_code == 404
    assert client.get(reverse("conversations:feed", args=[new.token])).status_code == 200
    feedtokens.revoke_tokens(personas.employee)
    assert client.get(reverse("conversations:feed", args=[new.token])).status_code == 404


def test_the_feed_stops_when_the_login_is_deactivated(client, personas, world):
    token = feedtokens.create_token(personas.employee)
    user = personas.user("employee")
    user.is_active = False
    user.save()
    assert client.get(reverse("conversations:feed", args=[token.token])).status_code == 404


def test_the_feed_costs_three_queries_however_many_conversations(
    client, personas, django_assert_num_queries
):
    for day in range(1, 31):
        _invited(day, person=personas.employee)
    _invited(2, team=personas.teams["stue"], kind="grus")
    token = feedtokens.create_token(personas.employee)
    url = reverse("conversations:feed", args=[token.token])
    # 1: the token with its person and login; 2: the conversations with kind, leader,
    # person and team; 3: their participants with their people.
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(_events(response)) == 31


def test_an_empty_feed_is_a_valid_calendar(client, personas):
    calendar = icalendar.Calendar.from_ical(_feed(client, personas.outsider).content)
    assert list(calendar.walk("VEVENT")) == []
    assert str(calendar["X-WR-CALNAME"]).endswith("Otto Udenfor")


# --- the page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [(name, 404 if name == "admin" else 200) for name in LOGGED_IN]
)
def test_feed_settings_for_every_person(client_as, persona, status):
    response = client_as(persona).get(reverse("conversations:feed_settings"))
    assert response.status_code == status


def test_feed_settings_needs_login(client):
    response = client.get(reverse("conversations:feed_settings"))
    assert response.status_code == 302 and "/login" in response["Location"]
    response = client.post(reverse("conversations:feed_settings"), {"action": "create"})
    assert response.status_code == 302 and not CalendarFeedToken.objects.exists()


def test_make_renew_and_revoke_the_address(client_as, personas):
    client = client_as("employee")
    url = reverse("conversations:feed_settings")
    page = client.get(url)
    assert not CalendarFeedToken.objects.exists()
    assert b"webcal://" not in page.content

    assert client.post(url, {"action": "create"}).status_code == 302
    first = CalendarFeedToken.objects.get(person=personas.employee, revoked_at__isnull=True)
    page = client.get(url).content.decode()
    feed_path = reverse("conversations:feed", args=[first.token])
    site = settings.SITE_URL.split("://", 1)[1]
    assert f"{settings.SITE_URL}{feed_path}" in page
    assert f"webcal://{site}{feed_path}" in page
    client.post(url, {"action": "create"})  # again: the same address
    assert CalendarFeedToken.objects.filter(person=personas.employee).count() == 1

    client.post(url, {"action": "renew"})
    second = CalendarFeedToken.objects.get(person=personas.employee, revoked_at__isnull=True)
    assert second.token != first.token
    page = client.get(url).content.decode()
    assert second.token in page and first.token not in page

    client.post(url, {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(revoked_at__isnull=True).exists()
    assert second.token not in client.get(url).content.decode()


def test_one_persons_page_never_shows_anothers_address(client_as, personas):
    theirs = feedtokens.create_token(personas.colleague)
    page = client_as("employee").get(reverse("conversations:feed_settings")).content.decode()
    assert theirs.token not in page


def test_calendar_programs_may_ask_with_head(client, personas):
    token = feedtokens.create_token(personas.employee)
    url = reverse("conversations:feed", args=[token.token])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
