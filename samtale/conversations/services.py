"""State changes of conversations. Views, commands, the demo and tests call these;
nobody else saves a conversation. Each step is checked by the lifecycle and recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.conversations import lifecycle
from samtale.conversations.models import (
    Conversation,
    ConversationEvent,
    ConversationKind,
    Participant,
    Participation,
    Role,
    State,
)
from samtale.org.models import Person, Team


def _record(
    conversation: Conversation, action: str, from_state: str, by: Any, note: str = ""
) -> None:
    ConversationEvent.objects.create(
        conversation=conversation,
        action=action,
        from_state=from_state,
        to_state=conversation.state,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note[:500],
    )


def _step(
    conversation: Conversation, step_name: str, by: Any, note: str = "", **changes: Any
) -> None:
    step = lifecycle.check(conversation.state, step_name)
    before = conversation.state
    for field, value in changes.items():
        setattr(conversation, field, value)
    conversation.state = step.target
    conversation.full_clean()
    conversation.save()
    _record(conversation, step_name, before, by, note)


@transaction.atomic
def plan(
    *,
    kind: ConversationKind,
    by: Any,
    person: Person | None = None,
    team: Team | None = None,
    leader: Person | None = None,
) -> Conversation:
    """Plan a conversation of ``kind``. The leader defaults to the person's nearest leader
    (for LUS: the leader's chief or board chair), or the team's leader for GRUS."""
    if kind.participation == Participation.TEAM_AND_LEADER:
        if team is None:
            raise ValidationError(_("Choose the team the conversation is with."))
        leader = leader or team.leader
        members = list(team.members.active())
    else:
        if person is None:
            raise ValidationError(_("Choose the person the conversation is with."))
        leader = leader or person.manager
        members = [person]
    if leader is None:
        raise ValidationError(_("Nobody is registered as leader, so nobody can hold it."))
    if person is not None and person.pk == leader.pk:
        raise ValidationError(_("A leader cannot hold a conversation with themself."))
    conversation = Conversation(
        kind=kind, leader=leader, person=person, team=team, duration=kind.default_duration
    )
    conversation.full_clean()
    conversation.save()
    Participant.objects.create(conversation=conversation, person=leader, role=Role.HOST)
    Participant.objects.bulk_create(
        Participant(conversation=conversation, person=member, role=Role.PARTICIPANT)
        for member in members
        if member.pk != leader.pk
    )
    _record(conversation, "plan", "", by)
    return conversation


def _check_time_and_place(
    starts_at: datetime.datetime, duration: int, location: str, video_url: str
) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The time must include a time zone."))
    if starts_at < timezone.now() - datetime.timedelta(minutes=5):
        raise ValidationError(_("The conversation cannot start in the past."))
    if not (location.strip() or video_url.strip()):
        raise ValidationError(_("Give a place or a video link."))
    if not 5 <= duration <= 8 * 60:
        raise ValidationError(_("The duration must be between 5 minutes and 8 hours."))


@transaction.atomic
def invite(
    conversation: Conversation,
    *,
    by: Any,
    starts_at: datetime.datetime,
    duration: int | None = None,
    location: str = "",
    video_url: str = "",
) -> Conversation:
    """Set date, time, place or video link and duration, and invite the participants."""
    duration = duration or conversation.duration
    _check_time_and_place(starts_at, duration, location, video_url)
    _step(
        conversation,
        "invite",
        by,
        starts_at=starts_at,
        duration=duration,
        location=location.strip(),
        video_url=video_url.strip(),
    )
    return conversation


@transaction.atomic
def reschedule(
    conversation: Conversation,
    *,
    by: Any,
    starts_at: datetime.datetime,
    duration: int | None = None,
    location: str = "",
    video_url: str = "",
) -> Conversation:
    """Move the conversation; calendars get the same invitation with a higher SEQUENCE."""
    duration = duration or conversation.duration
    _check_time_and_place(starts_at, duration, location, video_url)
    _step(
        conversation,
        "reschedule",
        by,
        starts_at=starts_at,
        duration=duration,
        location=location.strip(),
        video_url=video_url.strip(),
        sequence=conversation.sequence + 1,
    )
    return conversation


@transaction.atomic
def cancel(conversation: Conversation, *, by: Any, reason: str = "") -> Conversation:
    _step(conversation, "cancel", by, note=reason, sequence=conversation.sequence + 1)
    return conversation


@transaction.atomic
def mark_held(conversation: Conversation, *, by: Any) -> Conversation:
    _step(conversation, "hold", by)
    return conversation


__all__ = ["State", "cancel", "invite", "mark_held", "plan", "reschedule"]
