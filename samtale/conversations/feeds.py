"""A person's conversations as a calendar to subscribe to, at a secret address.

``/samtaler/kalender/<token>.ics`` needs no login: the token is the key
(``samtale.access.models.CalendarFeedToken``; unknown or revoked answers 404). The feed
lists the conversations the person takes part in that have a time and are not cancelled
(invited, moved, held, accepted, closed) from the last 12 months on. Cancelled ones are
left out: the calendar program removes them on its next refresh (the participants also got
the CANCEL by e-mail).

Each event has the UID of the e-mail invitation (``emails.calendar_event``), so a
calendar that has both shows it once. An event tells only the kind, who, the leader,
time, place or video link and the page's address: never the conversation's content
(no preparation, agenda, summary), since a feed address ends up in calendar programs and
on phones.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samtale.access import feedtokens
from samtale.access.http import ViewerRequest
from samtale.conversations import lifecycle
from samtale.conversations.models import Conversation, Participant
from samtale.lib import ics
from samtale.org.models import Person

LANGUAGE = "da"  # as the invitations: Danish first
HISTORY = datetime.timedelta(days=365)
# Every conversation with a time that is not cancelled.
FEED_STATES = lifecycle.TIMED_STATES


def event_uid(conversation: Conversation) -> str:
    """The UID of the conversation's invitation (``emails.calendar_event(c).uid``)."""
    return f"conversation-{conversation.uid}@samtale"


def page_url(conversation: Conversation) -> str:
    return settings.SITE_URL + reverse("conversations:detail", args=[conversation.pk])


def feed_url(token: str, *, webcal: bool = False) -> str:
    url = settings.SITE_URL + reverse("conversations:feed", args=[token])
    if webcal:
        url = "webcal://" + url.split("://", 1)[-1]
    return url


def feed_conversations(person: Person, *, now: datetime.datetime | None = None) -> list[Any]:
    """The conversations in the person's feed, earliest first, with their participants:
    two queries (the conversations with kind, leader, person and team; the participants
    with their people)."""
    since = (now or timezone.now()) - HISTORY
    participants = Participant.objects.select_related("person").order_by("role", "person__name")
    return list(
        Conversation.objects.involving(person)
        .filter(state__in=FEED_STATES, starts_at__isnull=False, starts_at__gte=since)
        .for_list()
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by("starts_at", "pk")
    )


def feed_event(conversation: Conversation) -> ics.CalendarEvent:
    """The event for one conversation: who, when, where, and the page's address only."""
    assert conversation.starts_at is not None and conversation.ends_at is not None
    who = conversation.with_whom
    names = ", ".join(p.person.name for p in conversation.participants.all())
    url = page_url(conversation)
    return ics.CalendarEvent(
        uid=event_uid(conversation),
        sequence=conversation.sequence,
        start=conversation.starts_at,
        end=conversation.ends_at,
        summary=f"{conversation.kind.name_da}: {who} / {conversation.leader.name}",
        description=_("Participants: %(names)s") % {"names": names} + f"\n\n{url}",
        location=conversation.location or conversation.video_url,
        url=conversation.video_url or url,
    )


def person_feed(person: Person, *, now: datetime.datetime | None = None) -> bytes:
    """The person's feed as iCalendar."""
    with translation.override(LANGUAGE):
        events = [feed_event(c) for c in feed_conversations(person, now=now)]
        name = _("Conversations: %(name)s") % {"name": person.name}
    return ics.feed(events, name)


# --- pages -----------------------------------------------------------------------------


@login_not_required
@require_safe
def feed(request: ViewerRequest, token: str) -> HttpResponse:
    """The feed itself: the token is the key (no login). Three queries: the token with
    its person, the conversations, their participants."""
    person = feedtokens.person_for_token(token)
    if person is None:
        raise Http404
    response = HttpResponse(person_feed(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samtaler.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def feed_settings(request: ViewerRequest) -> HttpResponse:
    """The person's secret feed address: create it, or revoke it (and make a new one)."""
    viewer = request.viewer
    person = viewer.person
    if person is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create":
            feedtokens.create_token(person)
            messages.success(request, _("Your calendar address is ready."))
        elif action == "renew":
            feedtokens.renew_token(person)
            messages.success(
                request,
                _(
                    "You have a new calendar address. The old one no longer works: "
                    "subscribe again with the new one."
                ),
            )
        elif action == "revoke":
            feedtokens.revoke_tokens(person)
            messages.success(request, _("Your calendar address no longer works."))
        return redirect("conversations:feed_settings")
    token = feedtokens.active_token(person)
    return render(
        request,
        "conversations/feed_settings.html",
        {
            "token": token,
            "https_url": feed_url(token.token) if token else "",
            "webcal_url": feed_url(token.token, webcal=True) if token else "",
        },
    )
