"""Follow-up conversations on request (opfølgende samtale): the employee, or the team
after a GRUS, asks for one after a held conversation; the leader must hold it within the
follow-up kind's ``follow_up_days`` (14) of the request.

State changes (``request_follow_up``, ``plan_follow_up``, ``withdraw``,
``send_due_reminders``) and the reads of requests live here. A request's state is
derived from its follow-up conversation and its deadline, never stored:

- withdrawn: the requester withdrew it;
- held: its follow-up conversation has been held (or its summary accepted, or closed);
- overdue: not held and the deadline has passed;
- scheduled: a follow-up conversation is planned or invited;
- open: waiting for the leader to plan it (also when a planned follow-up was cancelled).

The rules of who may do what stand in ``samtale.conversations.policy``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.conversations import followup_emails, services
from samtale.conversations.models import (
    Conversation,
    ConversationKind,
    FollowUpRequest,
    Role,
    State,
)
from samtale.conversations.policy import HELD_STATES
from samtale.org.policy import subtree_q

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person

FOLLOW_UP_KIND = "opfoelgning"
DEFAULT_FOLLOW_UP_DAYS = 14
REASON_MAX_LENGTH = 2000
# Reminders to the leader: this many days after the request.
REMINDER_DAYS = (7, 12)
# A follow-up conversation in one of these states is on its way.
PLANNED_STATES = frozenset({State.PLANNED, State.INVITED, State.RESCHEDULED})


class FollowUpState:
    OPEN = "open"
    SCHEDULED = "scheduled"
    HELD = "held"
    OVERDUE = "overdue"
    WITHDRAWN = "withdrawn"

    LABELS = {
        OPEN: gettext_lazy("Waiting to be planned"),
        SCHEDULED: gettext_lazy("Planned"),
        HELD: gettext_lazy("Held"),
        OVERDUE: gettext_lazy("Overdue"),
        WITHDRAWN: gettext_lazy("Withdrawn"),
    }


def state_of(request: FollowUpRequest, today: datetime.date | None = None) -> str:
    """The request's state (a ``FollowUpState``). Reads ``request.follow_up``: select it."""
    if request.withdrawn_at is not None:
        return FollowUpState.WITHDRAWN
    follow_up = request.follow_up
    if follow_up is not None and follow_up.state in HELD_STATES:
        return FollowUpState.HELD
    if request.deadline < (today or timezone.localdate()):
        return FollowUpState.OVERDUE
    if follow_up is not None and follow_up.state in PLANNED_STATES:
        return FollowUpState.SCHEDULED
    return FollowUpState.OPEN


def state_label(request: FollowUpRequest, today: datetime.date | None = None) -> str:
    return str(FollowUpState.LABELS[state_of(request, today)])


# --- reads -----------------------------------------------------------------------------


def waiting_q() -> Q:
    """Requests still waiting for their follow-up to be held (open, scheduled, overdue)."""
    return Q(withdrawn_at__isnull=True) & ~Q(follow_up__state__in=HELD_STATES)


def overdue_q(today: datetime.date | None = None) -> Q:
    return waiting_q() & Q(deadline__lt=today or timezone.localdate())


def _for_list(requests: QuerySet[FollowUpRequest]) -> QuerySet[FollowUpRequest]:
    return requests.select_related(
        "requested_by",
        "follow_up",
        "conversation__kind",
        "conversation__person",
        "conversation__team",
    )


def open_for_leader(person: Person) -> QuerySet[FollowUpRequest]:
    """Every request waiting for ``person`` as the leader who held the original, overdue
    ones included; earliest deadline first."""
    return _for_list(
        FollowUpRequest.objects.filter(waiting_q(), conversation__leader=person)
    ).order_by("deadline", "pk")


def overdue_for_leader(
    person: Person, today: datetime.date | None = None
) -> QuerySet[FollowUpRequest]:
    return open_for_leader(person).filter(overdue_q(today))


def waiting_for_participant(person: Person) -> QuerySet[FollowUpRequest]:
    """The requests about conversations ``person`` took part in (not as the leader) that
    are still waiting: what "Mine samtaler" shows."""
    return _for_list(
        FollowUpRequest.objects.filter(
            waiting_q(),
            conversation__participants__person=person,
            conversation__participants__role=Role.PARTICIPANT,
        )
    ).order_by("deadline", "pk")


def about_conversation(conversation: Conversation) -> list[FollowUpRequest]:
    """The requests made after this conversation (withdrawn ones left out) and the ones
    this conversation is the follow-up for, newest first. Content: for participants."""
    return list(
        FollowUpRequest.objects.filter(
            Q(conversation=conversation) | Q(follow_up=conversation),
            withdrawn_at__isnull=True,
        )
        .select_related("requested_by", "follow_up", "conversation__kind")
        .order_by("-requested_at", "-pk")
    )


@dataclass(frozen=True)
class FollowUpCounts:
    """Numbers only: never who asked, or why."""

    open: int
    overdue: int


def counts_for_hr(viewer: Viewer, today: datetime.date | None = None) -> FollowUpCounts:
    """How many requests wait (``open``, overdue ones included) and how many of them are
    overdue, in the units of the viewer's HR scope (the whole organisation for an
    administrator): one query."""
    if viewer.is_admin:
        scope = Q()
    else:
        paths = viewer.hr_paths
        if not paths:
            return FollowUpCounts(open=0, overdue=0)
        scope = subtree_q("conversation__person__unit__path", paths) | subtree_q(
            "conversation__team__unit__path", paths
        )
    counts = (
        FollowUpRequest.objects.filter(waiting_q())
        .filter(scope)
        .aggregate(
            open=Count("pk", distinct=True),
            overdue=Count(
                "pk", filter=Q(deadline__lt=today or timezone.localdate()), distinct=True
            ),
        )
    )
    return FollowUpCounts(open=counts["open"] or 0, overdue=counts["overdue"] or 0)


# --- state changes ---------------------------------------------------------------------


def follow_up_kind() -> ConversationKind:
    kind = ConversationKind.objects.filter(code=FOLLOW_UP_KIND).first()
    if kind is None:
        raise ValidationError(
            _("The kind of conversation for follow-ups is missing. Ask your administrator.")
        )
    return kind


def deadline_for(requested_at: datetime.datetime) -> datetime.date:
    """The request's Danish date plus the follow-up kind's ``follow_up_days`` (14)."""
    kind = ConversationKind.objects.filter(code=FOLLOW_UP_KIND).first()
    days = (kind.follow_up_days if kind else None) or DEFAULT_FOLLOW_UP_DAYS
    return timezone.localdate(requested_at) + datetime.timedelta(days=days)


@transaction.atomic
def request_follow_up(
    conversation: Conversation, *, person: Person, by: Any, reason: str
) -> FollowUpRequest:
    """``person`` (the employee, or a member of the team) asks for a follow-up of a held
    conversation. One waiting request per conversation at a time. The leader gets an
    e-mail."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.state not in HELD_STATES:
        raise ValidationError(
            _("A follow-up can be requested once the conversation has been held."),
            code="not_held",
        )
    if (
        conversation.leader_id == person.pk
        or not conversation.participants.filter(person=person, role=Role.PARTICIPANT).exists()
    ):
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
        reason=reason,
        requested_at=now,
        deadline=deadline_for(now),
    )
    request.full_clean()
    request.save()
    followup_emails.send_requested(request)
    return request


@transaction.atomic
def plan_follow_up(request: FollowUpRequest, *, by: Any) -> Conversation:
    """Plan the follow-up conversation: kind "opfoelgning", with the person or team of
    the original, held by the original's leader, marked as its follow-up. The leader
    then chooses the time (the schedule page)."""
    request = (
        FollowUpRequest.objects.select_for_update(of=("self",))
        .select_related("conversation", "follow_up")
        .get(pk=request.pk)
    )
    if request.withdrawn_at is not None:
        raise ValidationError(_("The request has been withdrawn."), code="withdrawn")
    if request.follow_up is not None and request.follow_up.state != State.CANCELLED:
        raise ValidationError(
            _("The follow-up conversation is already planned."), code="already_planned"
        )
    original = request.conversation
    conversation = services.plan(
        kind=follow_up_kind(),
        by=by,
        person=original.person,
        team=original.team if original.person_id is None else None,
        leader=original.leader,
    )
    conversation.follow_up_of = original
    conversation.save(update_fields=["follow_up_of", "updated_at"])
    request.follow_up = conversation
    request.save(update_fields=["follow_up"])
    return conversation


@transaction.atomic
def withdraw(request: FollowUpRequest, *, by: Any) -> FollowUpRequest:
    """The requester no longer wants the follow-up. A planned follow-up conversation is
    left to the leader (cancel it, or hold it anyway)."""
    request = FollowUpRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.withdrawn_at is not None:
        raise ValidationError(_("The request has already been withdrawn."), code="withdrawn")
    if not FollowUpRequest.objects.filter(waiting_q(), pk=request.pk).exists():
        raise ValidationError(_("The follow-up conversation has been held."), code="held")
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["withdrawn_at"])
    return request


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, Danish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def send_due_reminders(today: datetime.date | None = None) -> int:
    """Remind the leader of each waiting request on day 7 and day 12 after the request
    (Danish dates), each once. When both are due (the job did not run for a while) only
    the day-12 reminder goes. Nothing for withdrawn requests or held follow-ups.
    Returns the number of reminders sent. Run it daily (``samtale followup_reminders``)."""
    today = today or timezone.localdate()
    first, second = REMINDER_DAYS
    # Requested on or before ``today - n days``: before the start of the day after.
    due_first = _start_of(today - datetime.timedelta(days=first - 1))
    due_second = _start_of(today - datetime.timedelta(days=second - 1))
    due = (
        FollowUpRequest.objects.filter(waiting_q())
        .filter(
            Q(reminded_day_7__isnull=True, requested_at__lt=due_first)
            | Q(reminded_day_12__isnull=True, requested_at__lt=due_second)
        )
        .select_for_update(of=("self",))
        .select_related(
            "requested_by",
            "follow_up",
            "conversation__kind",
            "conversation__leader",
            "conversation__person",
            "conversation__team",
        )
        .order_by("pk")
    )
    now = timezone.now()
    sent = 0
    for request in due:
        if request.reminded_day_12 is None and request.requested_at < due_second:
            day = second
            request.reminded_day_12 = now
            request.reminded_day_7 = request.reminded_day_7 or now
        else:
            day = first
            request.reminded_day_7 = now
        request.save(update_fields=["reminded_day_7", "reminded_day_12"])
        sent += followup_emails.send_reminder(request, day=day, today=today)
    return sent


@task()
def send_due_reminders_task() -> int:
    """The same as ``samtale followup_reminders``, for a task scheduler to enqueue."""
    return send_due_reminders()
