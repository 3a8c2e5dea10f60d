"""Booking: the leader and the employee agree the time (issue 10 §5).

A leader with 25 people does not pick 25 times alone. For an announced round the leader
offers times (date, time, duration, place or video link); each of their people whose
conversation in the round is planned and has no time yet books one, first come; the
leader gives the rest a time themself (``assign``). Booking invites as the leader's own
invitation does (iCalendar to both), through ``conversations.services.book``.

Double booking cannot happen: a booking locks the offered time's row and the
conversation's, so two people asking for the same time at once are served one after the
other and the second is told it is taken; a conversation holds at most one time (a
unique constraint besides). These are the only functions that change offered times.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samtale.conversations import services as conversation_services
from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation
from samtale.rounds.models import Round, RoundConversation, RoundState, Slot

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


@dataclass(frozen=True)
class Offer:
    starts_at: datetime.datetime
    duration: int
    location: str = ""
    video_url: str = ""


def leads_in(viewer: Viewer, round_: Round) -> bool:
    """The viewer holds conversations of the round (one query)."""
    return (
        viewer.person is not None
        and RoundConversation.objects.filter(
            round=round_, conversation__leader=viewer.person
        ).exists()
    )


def _check_offer(round_: Round, offer: Offer) -> None:
    """A time a conversation could be invited to (``conversations.services``' own check),
    within the round."""
    conversation_services.check_time_and_place(
        offer.starts_at, offer.duration, offer.location, offer.video_url
    )
    day = timezone.localdate(offer.starts_at)
    last = round_.held_by or round_.ends_on
    if not round_.starts_on <= day <= last:
        raise ValidationError(
            _("Offer times within the round: %(first)s to %(last)s.")
            % {"first": date_format(round_.starts_on), "last": date_format(last)}
        )


@transaction.atomic
def offer(round_: Round, *, by: Viewer, offers: Iterable[Offer]) -> list[Slot]:
    """The leader offers times for the round's conversations with their people."""
    if round_.state != RoundState.ANNOUNCED or not leads_in(by, round_):
        raise PermissionDenied(_("Only a leader with conversations in the round offers times."))
    assert by.person is not None  # leads_in
    made = []
    for one in offers:
        _check_offer(round_, one)
        slot = Slot(
            round=round_,
            leader=by.person,
            starts_at=one.starts_at,
            duration=one.duration,
            location=one.location.strip(),
            video_url=one.video_url.strip(),
        )
        slot.full_clean(exclude=["conversation"])
        slot.save()
        made.append(slot)
    return made


@transaction.atomic
def withdraw(slot: Slot, *, by: Viewer) -> None:
    """The leader takes back a time nobody has booked."""
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if by.person is None or slot.leader_id != by.person.pk:
        raise PermissionDenied(_("Only the leader who offered the time takes it back."))
    if slot.conversation_id is not None:
        raise ValidationError(_("The time is booked: move or cancel the conversation instead."))
    slot.delete()


def bookable_conversation(viewer: Viewer, slot: Slot) -> Conversation | None:
    """The viewer's conversation of the round that this time is for: with the leader who
    offers it, planned, no time yet."""
    if viewer.person is None:
        return None
    return (
        Conversation.objects.filter(
            round_link__round_id=slot.round_id,
            leader_id=slot.leader_id,
            person=viewer.person,
            state=State.PLANNED,
        )
        .select_related("kind", "leader", "person")
        .first()
    )


def _take(slot: Slot, conversation: Conversation) -> None:
    slot.conversation = conversation
    slot.booked_at = timezone.now()
    slot.save(update_fields=["conversation", "booked_at"])


@transaction.atomic
def book(slot: Slot, *, by: Viewer) -> Slot:
    """The employee books the offered time: first come, first served."""
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if slot.conversation_id is not None:
        raise ValidationError(_("Somebody else has just booked this time. Choose another."))
    conversation = bookable_conversation(by, slot)
    if conversation is None:
        raise PermissionDenied(_("This time is not offered for a conversation of yours."))
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    conversation_services.book(
        conversation,
        by=by,
        starts_at=slot.starts_at,
        duration=slot.duration,
        location=slot.location,
        video_url=slot.video_url,
    )
    _take(slot, conversation)
    return slot


@transaction.atomic
def assign(slot: Slot, *, by: Viewer, conversation: Conversation) -> Slot:
    """The leader gives one of the round's conversations an offered time (for those who
    did not book, and for GRUS)."""
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if by.person is None or slot.leader_id != by.person.pk:
        raise PermissionDenied(_("Only the leader who offered the time gives it."))
    if slot.conversation_id is not None:
        raise ValidationError(_("Somebody else has just booked this time. Choose another."))
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if (
        conversation.leader_id != slot.leader_id
        or not RoundConversation.objects.filter(
            round_id=slot.round_id, conversation=conversation
        ).exists()
    ):
        raise ValidationError(_("The conversation is not one of yours in this round."))
    conversation_services.invite(
        conversation,
        by=by,
        starts_at=slot.starts_at,
        duration=slot.duration,
        location=slot.location,
        video_url=slot.video_url,
    )
    _take(slot, conversation)
    return slot
