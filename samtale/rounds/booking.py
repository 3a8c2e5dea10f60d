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

The offered times follow their conversations (``follow``, a receiver of
``samtale.conversations.signals.time_changed`` connected in ``RoundsConfig.ready``):
a cancelled conversation frees its time; a conversation moved to another of its
leader's free offered times takes that one and frees the old; moved anywhere else it
frees its time; a conversation the leader invites at one of their free offered times
takes it, so nobody else books it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samtale.conversations import leader_links as leader_links_
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


def _ends(starts_at: datetime.datetime, duration: int) -> datetime.datetime:
    return starts_at + datetime.timedelta(minutes=duration)


@transaction.atomic
def offer(round_: Round, *, by: Viewer, offers: Iterable[Offer]) -> list[Slot]:
    """The leader offers times for the round's conversations with their people; none of
    them may overlap another they offer in the round."""
    if round_.state != RoundState.ANNOUNCED or not leads_in(by, round_):
        raise PermissionDenied(_("Only a leader with conversations in the round offers times."))
    assert by.person is not None  # leads_in
    taken = list(
        Slot.objects.filter(round=round_, leader=by.person).values_list("starts_at", "duration")
    )
    made = []
    for one in offers:
        _check_offer(round_, one)
        ends = _ends(one.starts_at, one.duration)
        if any(start < ends and one.starts_at < _ends(start, d) for start, d in taken):
            raise ValidationError(
                _("%(time)s overlaps a time you already offer.")
                % {"time": date_format(timezone.localtime(one.starts_at), "DATETIME_FORMAT")}
            )
        taken.append((one.starts_at, one.duration))
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


def follow(sender: object, *, conversation: Conversation, step: str, **kwargs: object) -> None:
    """Keep the offered times true to the conversation's time (see the module's text).
    Runs inside the conversation's step, in its transaction: two queries."""
    held = Slot.objects.select_for_update().filter(conversation=conversation).first()
    if step != "cancel" and held is not None and held.starts_at == conversation.starts_at:
        return
    if held is not None:
        held.conversation = None
        held.booked_at = None
        held.save(update_fields=["conversation", "booked_at"])
    if step == "cancel" or conversation.starts_at is None:
        return
    match = (
        Slot.objects.select_for_update(of=("self",))
        .filter(
            round__conversation_links__conversation=conversation,
            leader_id=conversation.leader_id,
            starts_at=conversation.starts_at,
            conversation__isnull=True,
        )
        .first()
    )
    if match is not None:
        _take(match, conversation)


def leader_links(viewer: Viewer) -> list[leader_links_.Link]:
    """The leader's overview links to their offered times in every announced round they
    hold conversations in (one query)."""
    if viewer.person is None:
        return []
    rounds = Round.objects.filter(
        state=RoundState.ANNOUNCED, conversation_links__conversation__leader=viewer.person
    ).distinct()
    return [
        leader_links_.Link(
            text=_("Offer times in %(round)s") % {"round": round_.name},
            url=reverse("rounds:times", args=[round_.pk]),
        )
        for round_ in rounds.order_by("-starts_on", "pk")
    ]
