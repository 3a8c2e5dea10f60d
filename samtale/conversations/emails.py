"""One function per e-mail about a conversation. Each queues its mail in the caller's
transaction (samtale.core.mail), so a state change and its mail commit or roll back
together, and a failed send is retried, never lost.

Each participant gets their own mail: its subject names the other side of the
conversation (for the leader who holds it the employee or the team, for everyone else
the leader), the leader gets their own copy ("you have invited ...") rather than an
invitation, and a reply from anyone else reaches the leader (Reply-To), not the
system's sender address.

A higher layer may add a link to a conversation's invitation (the round adds its
information page): ``add_invitation_link`` from its ``AppConfig.ready``, as the panels
do (``samtale.conversations.panels``); conversations never import the apps above them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samtale.access.first_login import how_to_log_in
from samtale.conversations.models import Conversation
from samtale.core.mail import queue_mail, render_mail
from samtale.lib import ics
from samtale.org.models import Person

LANGUAGE = "da"  # Danish first; people have no language preference yet

# (text, absolute URL) of a link in an invitation.
InvitationLink = tuple[str, str]
_invitation_links: dict[str, Callable[[Conversation], InvitationLink | None]] = {}


def add_invitation_link(name: str, link: Callable[[Conversation], InvitationLink | None]) -> None:
    """Add (or replace, by name) a link to the invitations of the conversations ``link``
    answers for (None: no link for this one). ``link`` is called once per invitation, in
    the invitation's language; call this from an ``AppConfig.ready``."""
    _invitation_links[name] = link


def invitation_links(conversation: Conversation) -> list[InvitationLink]:
    """The links the higher layers add to the conversation's invitation, by name."""
    with translation.override(LANGUAGE):
        found = [_invitation_links[name](conversation) for name in sorted(_invitation_links)]
    return [link for link in found if link is not None]


def _page_url(conversation: Conversation) -> str:
    return settings.SITE_URL + reverse("conversations:detail", args=[conversation.pk])


def calendar_event(conversation: Conversation, *, cancelled: bool = False) -> ics.CalendarEvent:
    assert conversation.starts_at is not None and conversation.ends_at is not None
    who = conversation.with_whom
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


def is_host(conversation: Conversation, person: Person) -> bool:
    return person.pk == conversation.leader_id


def other_side(conversation: Conversation, person: Person) -> str:
    """Whom ``person`` holds the conversation with, as the subject names them: for the
    leader who holds it the team or the employee, for everyone else the leader."""
    if not is_host(conversation, person):
        return conversation.leader.name
    if conversation.team_id and conversation.team:
        return conversation.team.name
    return conversation.person.name if conversation.person else ""


def reply_to_leader(conversation: Conversation, person: Person) -> list[str]:
    """A reply to a mail about the conversation goes to the leader who holds it (not to
    the leader themselves, and not when they have no e-mail address)."""
    leader = conversation.leader
    if is_host(conversation, person) or not leader.email:
        return []
    return [leader.email]


def participant_context(conversation: Conversation, person: Person) -> dict[str, Any]:
    """What every mail about the conversation to ``person`` needs."""
    return {
        "conversation": conversation,
        "name": person.name,
        "is_host": is_host(conversation, person),
        "other": other_side(conversation, person),
        "url": _page_url(conversation),
    }


def recipients(conversation: Conversation) -> list[Person]:
    """The participants with an e-mail address, by name."""
    return [
        p.person
        for p in conversation.participants.select_related("person__user").order_by("person__name")
        if p.person.email
    ]


def send_invitation(
    conversation: Conversation,
    *,
    moved: bool = False,
    previous_start: datetime.datetime | None = None,
) -> int:
    """The invitation (or the moved invitation, same UID, higher SEQUENCE) to every
    participant; a moved one says from when to when (``previous_start``). Returns the
    number of mails queued.

    The participants get an iCalendar REQUEST. The leader gets their own copy as
    PUBLISH: they are the event's ORGANIZER, and Outlook, handed a REQUEST from its own
    organiser, answers "as the meeting organizer, you do not need to respond" and may
    not put it in the calendar at all; a REQUEST that lists the leader as an ATTENDEE
    as well would have them invite themselves. PUBLISH (RFC 5546, 3.2.1) is the event
    without attendees, for the organiser's calendar to file; it has the participants'
    UID and SEQUENCE, so a later move (another PUBLISH, higher SEQUENCE) updates the same
    event and the cancellation (CANCEL) removes it.
    """
    event = calendar_event(conversation)
    invitation = ics.invitation(event, "REQUEST")
    own_copy = ics.invitation(event, "PUBLISH")
    if previous_start == conversation.starts_at:
        previous_start = None  # the same time: only the place or the duration changed
    links = invitation_links(conversation)
    sent = 0
    for person in recipients(conversation):
        context = participant_context(conversation, person)
        subject, text, html = render_mail(
            "conversation-invitation",
            {
                **context,
                "moved": moved,
                "previous_start": previous_start,
                "links": links,
                "first_login": how_to_log_in(person),
            },
            language=LANGUAGE,
        )
        queue_mail(
            to=[person.email],
            subject=subject,
            text=text,
            html=html,
            calendar=own_copy if context["is_host"] else invitation,
            reply_to=reply_to_leader(conversation, person),
        )
        sent += 1
    return sent


def cancellation_calendar(conversation: Conversation) -> bytes:
    """The iCalendar CANCEL of the conversation's time (its UID, its current SEQUENCE),
    for everyone who has it in their calendar."""
    return ics.invitation(calendar_event(conversation, cancelled=True), "CANCEL")


def send_cancellation(conversation: Conversation, *, reason: str = "") -> int:
    """The cancellation with an iCalendar CANCEL (same UID, higher SEQUENCE), to the
    leader too: CANCEL is also how an organiser withdraws the event they published to
    their own calendar (RFC 5546, 3.2.1)."""
    if conversation.starts_at is None:
        return 0  # never in anybody's calendar
    calendar = cancellation_calendar(conversation)
    sent = 0
    for person in recipients(conversation):
        subject, text, html = render_mail(
            "conversation-cancelled",
            {**participant_context(conversation, person), "reason": reason},
            language=LANGUAGE,
        )
        queue_mail(
            to=[person.email],
            subject=subject,
            text=text,
            html=html,
            calendar=calendar,
            reply_to=reply_to_leader(conversation, person),
        )
        sent += 1
    return sent


def send_asked_for(conversation: Conversation) -> int:
    """Tell the leader that an employee has asked for a conversation; a reply goes to
    the employee."""
    leader = conversation.leader
    if not leader.email:
        return 0
    subject, text, html = render_mail(
        "conversation-asked-for",
        {"conversation": conversation, "name": leader.name, "url": _page_url(conversation)},
        language=LANGUAGE,
    )
    asker = conversation.person
    queue_mail(
        to=[leader.email],
        subject=subject,
        text=text,
        html=html,
        reply_to=[asker.email] if asker and asker.email else [],
    )
    return 1


def send_handed_over(
    conversation: Conversation,
    *,
    old_leader: Person,
    previous_start: datetime.datetime | None,
    cancellation: bytes | None,
) -> int:
    """Tell the old leader, the new one (now the host) and the participants that another
    leader holds the conversation. A time it had is cancelled: the old leader and the
    participants get the cancellation (``cancellation``) for their calendars; the new
    leader, who never had it, does not. A reply goes to the new leader."""
    people = recipients(conversation)
    if old_leader.email:
        people.append(old_leader)
    sent = 0
    for person in people:
        is_old = person.pk == old_leader.pk
        context = participant_context(conversation, person)
        subject, text, html = render_mail(
            "conversation-handed-over",
            {
                **context,
                "is_old_leader": is_old,
                "old_leader": old_leader,
                "previous_start": previous_start,
                "who": conversation.with_whom,
            },
            language=LANGUAGE,
        )
        queue_mail(
            to=[person.email],
            subject=subject,
            text=text,
            html=html,
            calendar=cancellation if cancellation and not context["is_host"] else None,
            reply_to=reply_to_leader(conversation, person),
        )
        sent += 1
    return sent
