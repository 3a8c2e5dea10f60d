"""Reads of follow-up requests (opfølgende samtale), and their state.

A request's state is derived from its follow-up conversation and its deadline, never
stored:

- withdrawn: the requester withdrew it;
- held: its follow-up conversation has been held (or its summary accepted, or closed);
- overdue: not held and the deadline has passed;
- scheduled: a follow-up conversation is planned or invited;
- open: waiting for the leader to plan it (also when a planned follow-up was cancelled).

The leader a request waits for is ``FollowUpRequest.leader`` (the original's leader, or
their successor once a leader who left handed it over: ``followups.leaving``); every read
of it asks that field, never the original conversation's leader. The rules of who may do
what stand in ``samtale.conversations.policy``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samtale.conversations.lifecycle import HELD_STATES, PLANNED_STATES
from samtale.conversations.models import Conversation, FollowUpRequest, Participant, Role
from samtale.lib.prepared import Prepared
from samtale.org.policy import subtree_q

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person


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


# The states in which a request still waits for its follow-up to be held.
WAITING_STATES = (FollowUpState.OPEN, FollowUpState.SCHEDULED, FollowUpState.OVERDUE)


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


def held_by(person: Person) -> QuerySet[FollowUpRequest]:
    """Every request ``person`` holds (``FollowUpRequest.leader``), waiting or not."""
    return FollowUpRequest.objects.filter(leader=person)


def open_for_leader(person: Person) -> QuerySet[FollowUpRequest]:
    """Every request waiting for ``person`` as the leader who holds it (who held the
    original, or took it over from a leader who left), overdue ones included; earliest
    deadline first."""
    return _for_list(held_by(person).filter(waiting_q())).order_by("deadline", "pk")


def open_list_for_leader(person: Person) -> list[FollowUpRequest]:
    """``open_for_leader`` as a list, its query compiled once per process ("Mine
    samtaler" asks it on every visit: five joined tables cost more to compile than to
    answer)."""
    return _open_for_leader(person.pk)


def readable_by(viewer: Viewer) -> QuerySet[FollowUpRequest]:
    """The requests ``policy.can_read_follow_up_request`` may let the viewer read: the
    ones they hold, and those after a conversation they took part in other than as its
    leader. The pages fetch a request from these (404 outside) and ask the policy."""
    if viewer.person is None:
        return FollowUpRequest.objects.none()
    taking_part = Participant.objects.filter(person=viewer.person, role=Role.PARTICIPANT)
    return FollowUpRequest.objects.filter(
        Q(leader=viewer.person) | Q(conversation__in=taking_part.values("conversation"))
    )


def held_elsewhere(request: FollowUpRequest) -> bool:
    """Held by someone other than the original's leader (handed over when they left):
    the holder reads and plans it on the request's own page, not the original's, which
    they take no part in. Reads ``request.conversation``: select it."""
    return request.leader_id != request.conversation.leader_id


def overdue_for_leader(
    person: Person, today: datetime.date | None = None
) -> QuerySet[FollowUpRequest]:
    return open_for_leader(person).filter(overdue_q(today))


def waiting_for_participant(person: Person) -> list[FollowUpRequest]:
    """The requests about conversations ``person`` took part in (not as the leader) that
    are still waiting, earliest deadline first: what "Mine samtaler" shows (its query
    compiled once per process, as ``open_list_for_leader``'s)."""
    return _waiting_for_participant(person.pk)


def _waiting_of(person: Any) -> QuerySet[FollowUpRequest]:
    return _for_list(
        FollowUpRequest.objects.filter(
            waiting_q(),
            conversation__participants__person=person,
            conversation__participants__role=Role.PARTICIPANT,
        )
    ).order_by("deadline", "pk")


_open_for_leader = Prepared(open_for_leader)
_waiting_for_participant = Prepared(_waiting_of)


def about_conversation(conversation: Conversation) -> list[FollowUpRequest]:
    """The requests made after this conversation (withdrawn ones left out) and the ones
    this conversation is the follow-up for, newest first. Content: for participants.
    No query for a conversation not yet held that follows up on none: it has neither."""
    return about_conversations([conversation])[conversation.pk]


def _about(conversations: Any) -> Q:
    """The requests ``about_conversations`` reads for these conversations (a list of ids
    or an ``OuterRef``'s one)."""
    if isinstance(conversations, list):
        return Q(conversation_id__in=conversations) | Q(follow_up_id__in=conversations)
    return Q(conversation_id=conversations) | Q(follow_up_id=conversations)


def any_about(conversation: Any) -> Exists:
    """Whether ``about_conversations`` finds any request for the conversation (an
    ``OuterRef``): asked with the conversation by ``queries.conversation_for`` (kept in
    ``follow_up_requests_exist``), so that one without any reads none."""
    return Exists(FollowUpRequest.objects.filter(_about(conversation), withdrawn_at__isnull=True))


def about_conversations(
    conversations: Sequence[Conversation],
) -> dict[int, list[FollowUpRequest]]:
    """``about_conversation`` each conversation, by id, in one query (none when none
    can have any, or none has: ``any_about``)."""
    found: dict[int, list[FollowUpRequest]] = {c.pk: [] for c in conversations}
    asked = [
        c.pk
        for c in conversations
        if (c.follow_up_of_id is not None or c.state in HELD_STATES)
        and getattr(c, "follow_up_requests_exist", True)
    ]
    if not asked:
        return found
    requests = (
        FollowUpRequest.objects.filter(_about(asked), withdrawn_at__isnull=True)
        .select_related("requested_by", "follow_up", "conversation__kind")
        .order_by("-requested_at", "-pk")
    )
    for request in requests:
        for pk in {request.conversation_id, request.follow_up_id}:
            if pk in asked:
                found[pk].append(request)
    return found


@dataclass(frozen=True)
class FollowUpCounts:
    """Numbers only: never who asked, or why."""

    open: int
    overdue: int


def counts_for_hr(viewer: Viewer, today: datetime.date | None = None) -> FollowUpCounts:
    """How many requests wait (``open``, overdue ones included) and how many of them are
    overdue, in the units of the viewer's HR scope (the whole organisation for an
    administrator): one query.

    It reads the waiting requests only: each request's follow-up state and its
    conversation's units are looked up by primary key (scalar subqueries), so that
    PostgreSQL never joins, and so scans, every conversation of the organisation."""
    waiting = FollowUpRequest.objects.filter(withdrawn_at__isnull=True).annotate(
        follow_up_state=Subquery(
            Conversation.objects.filter(pk=OuterRef("follow_up_id")).values("state")[:1]
        )
    )
    waiting = waiting.filter(Q(follow_up_id__isnull=True) | ~Q(follow_up_state__in=HELD_STATES))
    if not viewer.is_admin:
        paths = viewer.hr_paths
        if not paths:
            return FollowUpCounts(open=0, overdue=0)
        of_conversation = Conversation.objects.filter(pk=OuterRef("conversation_id"))
        waiting = waiting.annotate(
            person_unit_path=Subquery(of_conversation.values("person__unit__path")[:1]),
            team_unit_path=Subquery(of_conversation.values("team__unit__path")[:1]),
        ).filter(subtree_q("person_unit_path", paths) | subtree_q("team_unit_path", paths))
    counts = waiting.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=today or timezone.localdate())),
    )
    return FollowUpCounts(open=counts["open"] or 0, overdue=counts["overdue"] or 0)
