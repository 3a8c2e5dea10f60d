"""Follow-up conversations on request (opfølgende samtale): the employee, or the team
after a GRUS, asks for one after a held conversation; the leader must hold it within the
follow-up kind's ``follow_up_days`` of the request.

The leader is the request's (``FollowUpRequest.leader``): the original's leader when it
is made; a leader who leaves hands it to their successor (``hand_over``, called by
``followups.leaving``).

The state changes live here (``request_follow_up``, ``plan_follow_up``, ``withdraw``,
``hand_over``); the reads and the request's derived state in ``queries``, the reminders
to the leader in ``reminders``. Who may do what: ``samtale.conversations.policy``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.conversations import policy, services
from samtale.conversations.followups import emails
from samtale.conversations.followups.queries import waiting_q
from samtale.conversations.lifecycle import HELD_STATES
from samtale.conversations.models import (
    Conversation,
    ConversationKind,
    FollowUpRequest,
    Role,
    State,
)
from samtale.lib import workdays

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person

FOLLOW_UP_KIND = "opfoelgning"
DEFAULT_FOLLOW_UP_DAYS = 14
REASON_MAX_LENGTH = 2000


def follow_up_kind() -> ConversationKind:
    kind = ConversationKind.objects.filter(code=FOLLOW_UP_KIND).first()
    if kind is None:
        raise ValidationError(
            _("The kind of conversation for follow-ups is missing. Ask your administrator.")
        )
    return kind


# The days for a help text (the request form on the conversation page) are kept for a
# minute per process: a page needs no query for them. The process where HR saves a kind
# forgets them at once (ConversationsConfig.ready); deadlines always read the kind.
SHOWN_DAYS_KEY = "samtale:follow-up-days"
SHOWN_DAYS_SECONDS = 60


def follow_up_days_shown() -> int:
    """``follow_up_days`` for a help text: at most a minute old."""
    days: int | None = cache.get(SHOWN_DAYS_KEY)
    if days is None:
        days = follow_up_days()
        cache.set(SHOWN_DAYS_KEY, days, SHOWN_DAYS_SECONDS)
    return days


def forget_follow_up_days(**_ignored: object) -> None:
    """A kind changed (a ``post_save`` receiver)."""
    cache.delete(SHOWN_DAYS_KEY)


def follow_up_days(kind: ConversationKind | None = None) -> int:
    """How many days after the request the follow-up must be held: the follow-up kind's
    ``follow_up_days`` (14 as shipped; HR changes it on the kinds page)."""
    if kind is None:
        kind = ConversationKind.objects.filter(code=FOLLOW_UP_KIND).first()
    return (kind.follow_up_days if kind else None) or DEFAULT_FOLLOW_UP_DAYS


def deadline_for(
    requested_at: datetime.datetime, *, kind: ConversationKind | None = None
) -> datetime.date:
    """The request's Danish date plus ``follow_up_days``; on the next workday when that
    is a weekend or holiday."""
    day = timezone.localdate(requested_at) + datetime.timedelta(days=follow_up_days(kind))
    return workdays.on_or_after(day)


@transaction.atomic
def request_follow_up(conversation: Conversation, *, by: Viewer, reason: str) -> FollowUpRequest:
    """The actor (the employee, or a member of the team) asks for a follow-up of a held
    conversation. One waiting request per conversation at a time. The leader gets an
    e-mail."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    person = by.person
    if conversation.state not in HELD_STATES:
        raise ValidationError(
            _("A follow-up can be requested once the conversation has been held."),
            code="not_held",
        )
    if person is None or not policy.can_respond(by, conversation):
        raise ValidationError(
            _("Only the employee or the team the conversation was with can request a follow-up."),
            code="not_participant",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Write why you want a follow-up conversation."), code="no_reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("The reason can be at most %(n)s characters.") % {"n": REASON_MAX_LENGTH},
            code="too_long",
        )
    if conversation.follow_up_requests.filter(waiting_q()).exists():
        raise ValidationError(
            _(
                "A follow-up conversation has already been requested for this conversation. "
                "A new one can be requested when it has been held."
            ),
            code="already_requested",
        )
    now = timezone.now()
    request = FollowUpRequest(
        conversation=conversation,
        requested_by=person,
        leader_id=conversation.leader_id,
        reason=reason,
        requested_at=now,
        deadline=deadline_for(now),
    )
    request.full_clean()
    request.save()
    emails.send_requested(request)
    return request


@transaction.atomic
def plan_follow_up(request: FollowUpRequest, *, by: Viewer) -> Conversation:
    """Plan the follow-up conversation: kind "opfoelgning", with the person or team of
    the original, held by the request's leader, marked as its follow-up. The leader
    then chooses the time (the schedule page)."""
    request = (
        FollowUpRequest.objects.select_for_update(of=("self",))
        .select_related("conversation", "follow_up", "leader")
        .get(pk=request.pk)
    )
    services.allow(
        policy.can_plan_follow_up(by, request),
        _("The leader who holds the request plans the follow-up."),
    )
    if request.withdrawn_at is not None:
        raise ValidationError(_("The request has been withdrawn."), code="withdrawn")
    if request.follow_up is not None and request.follow_up.state != State.CANCELLED:
        raise ValidationError(
            _("The follow-up conversation is already planned."), code="already_planned"
        )
    conversation = services.plan_follow_up_conversation(
        request.conversation, kind=follow_up_kind(), by=by, leader=request.leader
    )
    request.follow_up = conversation
    request.save(update_fields=["follow_up"])
    return conversation


@transaction.atomic
def withdraw(request: FollowUpRequest, *, by: Viewer) -> FollowUpRequest:
    """The requester no longer wants the follow-up. A planned follow-up conversation is
    left to the leader (cancel it, or hold it anyway)."""
    request = FollowUpRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    services.allow(
        policy.can_withdraw_follow_up(by, request), _("Only the one who asked withdraws it.")
    )
    if request.withdrawn_at is not None:
        raise ValidationError(_("The request has already been withdrawn."), code="withdrawn")
    if not FollowUpRequest.objects.filter(waiting_q(), pk=request.pk).exists():
        raise ValidationError(_("The follow-up conversation has been held."), code="held")
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["withdrawn_at"])
    return request


@transaction.atomic
def hand_over(
    request: FollowUpRequest, *, to: Person, by: Viewer, allowed: bool
) -> FollowUpRequest:
    """A waiting request is held by ``to`` from now on, because its leader left
    (``samtale.conversations.followups.leaving`` says who may, and passes its answer as
    ``allowed``): they plan and hold the follow-up, read the reason and get the
    reminders; the old leader no longer does. A follow-up conversation already planned
    (and not cancelled) is the conversations' handover's: it moves with the leader's
    open conversations. ``to`` and the person who asked are told by mail."""
    services.allow(allowed, _("You may not hand this request over."))
    request = (
        FollowUpRequest.objects.select_for_update(of=("self",))
        .select_related("conversation__kind", "conversation__team", "requested_by", "leader")
        .get(pk=request.pk)
    )
    if not FollowUpRequest.objects.filter(waiting_q(), pk=request.pk).exists():
        raise ValidationError(_("The follow-up conversation has been held."), code="held")
    old = request.leader
    if to.pk == old.pk:
        raise ValidationError(_("%(name)s already holds the request.") % {"name": to.name})
    if request.conversation.participants.filter(person=to, role=Role.PARTICIPANT).exists():
        raise ValidationError(
            _("%(name)s takes part in the conversation and cannot hold its follow-up.")
            % {"name": to.name}
        )
    request.leader = to
    request.save(update_fields=["leader"])
    emails.send_handed_over(request, old_leader=old)
    return request
