"""One function per e-mail about a conversation. Each queues its mail in the caller's
transaction (samtale.core.mail), so a state change and its mail commit or roll back
together, and a failed send is retried, never lost."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from samtale.conversations.models import Conversation
from samtale.core.mail import queue_mail, render_mail
from samtale.lib import ics

LANGUAGE = "da"  # Danish first; people have no language preference yet


def _page_url(conversation: Conversation) -> str:
    return settings.SITE_URL + reverse("conversations:detail", args=[conversation.pk])


def calendar_event(conversation: Conversation, *, cancelled: bool = False) -> ics.CalendarEvent:
    assert conversation.starts_at is not None and conversation.ends_at is not None
    who = conversation.team.name if conversation.team else conversation.person.name  # type: ignore[union-attr]
    participants = list(conversation.participants.select_related("person"))
    return ics.CalendarEvent(
        uid=f"conversation-{conversation.uid}@samtale",
        sequence=conversation.sequence,
        start=conversation.starts_at,
        end=conversation.ends_at,
        summary=f"{conversation.kind.name_da}: {who} / {conversation.leader.name}",
        description=f"{conversation.kind.focus_da}\n\n{_page_url(conversation)}",
        location=conversation.location or conversation.video_url,
        url=conversation.video_url or _page_url(conversation),
        organizer=(conversation.leader.name, conversation.leader.email)
        if conversation.leader.email
        else None,
        attendees=[
            (p.person.name, p.person.email)
            for p in participants
            if p.person.email and p.person_id != conversation.leader_id
        ],
        status="CANCELLED" if cancelled else "CONFIRMED",
    )


def _recipients(conversation: Conversation) -> list[tuple[str, str]]:
    return [
        (p.person.name, p.person.email)
        for p in conversation.participants.select_related("person").order_by("person__name")
        if p.person.email
    ]


def send_invitation(conversation: Conversation, *, moved: bool = False) -> int:
    """The invitation (or the moved invitation, same UID, higher SEQUENCE) to every
    participant, with an iCalendar REQUEST. Returns the number of mails queued."""
    calendar = ics.invitation(calendar_event(conversation), "REQUEST")
    sent = 0
    for name, email in _recipients(conversation):
        subject, text, html = render_mail(
            "conversation-invitation",
            {
                "conversation": conversation,
                "name": name,
                "moved": moved,
                "url": _page_url(conversation),
            },
            language=LANGUAGE,
        )
        queue_mail(to=[email], subject=subject, text=text, html=html, calendar=calendar)
        sent += 1
    return sent


def send_cancellation(conversation: Conversation, *, reason: str = "") -> int:
    """The cancellation with an iCalendar CANCEL (same UID, higher SEQUENCE)."""
    if conversation.starts_at is None:
        return 0  # never in anybody's calendar
    calendar = ics.invitation(calendar_event(conversation, cancelled=True), "CANCEL")
    sent = 0
    for name, email in _recipients(conversation):
        subject, text, html = render_mail(
            "conversation-cancelled",
            {"conversation": conversation, "name": name, "reason": reason},
            language=LANGUAGE,
        )
        queue_mail(to=[email], subject=subject, text=text, html=html, calendar=calendar)
        sent += 1
    return sent


def send_asked_for(conversation: Conversation) -> int:
    """Tell the leader that an employee has asked for a conversation."""
    leader = conversation.leader
    if not leader.email:
        return 0
    subject, text, html = render_mail(
        "conversation-asked-for",
        {"conversation": conversation, "name": leader.name, "url": _page_url(conversation)},
        language=LANGUAGE,
    )
    queue_mail(to=[leader.email], subject=subject, text=text, html=html)
    return 1
