"""Reads of conversations. Viewer-aware reads go through ``visible_to(viewer)``; the
rules stand in ``samtale.conversations.policy``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from samtale.conversations.lifecycle import CURRENT_STATES, ENDED_STATES
from samtale.lib.prepared import Prepared

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ConversationQuerySet:
        from samtale.conversations import policy

        return self.filter(policy.conversation_visible_q(viewer))

    def involving(self, person: Any) -> ConversationQuerySet:
        from samtale.conversations.models import Participant

        return self.filter(pk__in=Participant.objects.filter(person=person).values("conversation"))

    def open(self) -> ConversationQuerySet:
        return self.exclude(state__in=ENDED_STATES)

    def for_list(self) -> ConversationQuerySet:
        return self.select_related("kind", "leader", "person", "team")

    def with_progress_of(self, person: Any) -> ConversationQuerySet:
        """Annotate how far ``person`` and the leader have come in each conversation, in
        the same query (each a subquery on a unique index), for "Mine samtaler":

        - ``my_preparation_started`` / ``my_preparation_shared``: the person's own
          preparation exists / has been shared;
        - ``shared_summary_id``: the latest summary version shown to the participants;
        - ``has_summary_draft``: the leader has a version not yet shared;
        - ``my_summary_answered``: the person has accepted or commented on the latest
          shared version.
        """
        from samtale.conversations.models import Preparation, SummaryResponse, SummaryVersion

        mine = Preparation.objects.filter(conversation=models.OuterRef("pk"), person=person)
        shared = SummaryVersion.objects.filter(
            conversation=models.OuterRef("pk"), shared_at__isnull=False
        ).order_by("-number")
        return self.annotate(
            my_preparation_started=models.Exists(mine),
            my_preparation_shared=models.Exists(mine.filter(shared_at__isnull=False)),
            shared_summary_id=models.Subquery(shared.values("pk")[:1]),
            has_summary_draft=models.Exists(
                SummaryVersion.objects.filter(
                    conversation=models.OuterRef("pk"), shared_at__isnull=True
                )
            ),
        ).annotate(
            my_summary_answered=models.Exists(
                SummaryResponse.objects.filter(
                    version_id=models.OuterRef("shared_summary_id"), person=person
                )
            )
        )


# What the steps (``todo``) and the lists of "Mine samtaler" need of each current
# conversation; its kind, people and team are read only for the rows shown.
STEP_FIELDS = (
    "kind_id",
    "state",
    "leader_id",
    "person_id",
    "team_id",
    "starts_at",
    "duration",
    "questionnaire_version_id",
)


def current_of(viewer: Viewer) -> list[Conversation]:
    """The viewer's current conversations (planned, invited or held, not yet accepted)
    with their progress (``with_progress_of``), the earliest first: what "Mine samtaler"
    and its steps start from, asked on every visit, so compiled once per process."""
    if viewer.person is None:
        return []
    return _current_of(viewer.person.pk)


def _current(person_pk: int) -> ConversationQuerySet:
    from samtale.conversations import policy
    from samtale.conversations.models import Conversation

    return (
        Conversation.objects.filter(policy.taken_part_by_q(person_pk), state__in=CURRENT_STATES)
        .with_progress_of(person_pk)
        .only(*STEP_FIELDS)
        .order_by("starts_at", "pk")
    )


_current_of = Prepared(_current)


def events_of(conversation: Conversation) -> list[Any]:
    """The conversation's history (``ConversationEvent``), oldest first, with who took
    each step: shown on every conversation page, so compiled once per process."""
    return _events_of(conversation.pk)


def _events(conversation_pk: int) -> models.QuerySet[Any]:
    from samtale.conversations.models import ConversationEvent

    return (
        ConversationEvent.objects.filter(conversation_id=conversation_pk)
        .select_related("by__person", "actor")
        .order_by("at", "pk")
    )


_events_of = Prepared(_events)


def conversation_for(viewer: Viewer, pk: int) -> Conversation:
    """The conversation with this id if the viewer takes part in it (the rule of
    ``policy.conversation_visible_q``); 404 otherwise. The one way views fetch a
    conversation.

    One query: the participants with their people and the conversation with its kind,
    leader, person and team; the participants are kept on the conversation
    (``participants_loaded``) and their roles told to ``policy``, so the page's rules ask
    the database nothing more."""
    from django.http import Http404

    if viewer.person is None:
        raise Http404
    found = _assembled(viewer, _participants_of(int(pk)), [int(pk)])
    if not found:
        raise Http404
    return found[0]


def conversations_for(viewer: Viewer, pks: Sequence[int]) -> list[Conversation]:
    """``conversation_for`` for many ids in one query, in their order: those the viewer
    takes part in (the others left out)."""
    if viewer.person is None or not pks:
        return []
    rows = list(_participants(models.Q(conversation_id__in=pks)))
    return _assembled(viewer, rows, pks)


def _participants(which: models.Q) -> models.QuerySet[Any]:
    """The participants of the conversations ``which`` picks (a filter on Participant)
    with their people, the conversation and what its page needs (the previous
    conversation of the same kind between the same people, for its link:
    ``documents.queries.previous_of_same_kind``; whether it has documents and follow-up
    requests; the panels' annotations)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce, Now

    from samtale.conversations import panels
    from samtale.conversations.documents.queries import any_documents, earlier_of_same_kind
    from samtale.conversations.followups.queries import any_about
    from samtale.conversations.models import Participant

    earlier = earlier_of_same_kind(
        kind=OuterRef("conversation__kind_id"),
        leader=OuterRef("conversation__leader_id"),
        person=OuterRef("conversation__person_id"),
        before=Coalesce(OuterRef("conversation__starts_at"), Now()),
        not_pk=OuterRef("conversation_id"),
    )
    return (
        Participant.objects.filter(which)
        .annotate(
            previous_pk=Subquery(earlier.values("pk")[:1]),
            previous_starts_at=Subquery(earlier.values("starts_at")[:1]),
            # parts most conversations lack, so that their pages read none of them
            documents_exist=any_documents(OuterRef("conversation_id")),
            follow_up_requests_exist=any_about(OuterRef("conversation_id")),
            **panels.annotations_for("conversation__"),
        )
        .select_related(
            "person",
            "conversation__kind",
            "conversation__leader",
            "conversation__person",
            "conversation__team",
            *(f"conversation__{path}" for path in panels.related()),
        )
        .order_by("role", "person__name", "pk")
    )


# One conversation's participants, asked by every page and every write on a
# conversation: compiled once per process (samtale.lib.prepared); the panels are
# registered before the first request.
_participants_of = Prepared(lambda pk: _participants(models.Q(conversation_id=pk)))


def _assembled(viewer: Viewer, rows: list[Any], pks: Sequence[int]) -> list[Conversation]:
    """The conversations of the participant ``rows``, in the order of ``pks``, each with
    its participants, roles, previous conversation and panel values; those the viewer
    does not take part in left out."""
    from samtale.conversations import panels, policy

    names = panels.annotation_names()
    by_pk: dict[int, list[Any]] = {}
    for row in rows:
        by_pk.setdefault(row.conversation_id, []).append(row)
    found = []
    for pk in dict.fromkeys(pks):
        if pk not in by_pk:
            continue
        conversation_rows = by_pk[pk]
        conversation = conversation_rows[0].conversation
        for row in conversation_rows:
            row.conversation = conversation
        first = conversation_rows[0]
        conversation.previous_loaded = (first.previous_pk, first.previous_starts_at)
        conversation.documents_exist = first.documents_exist
        conversation.follow_up_requests_exist = first.follow_up_requests_exist
        conversation.panel_values = {name: getattr(first, name) for name in names}
        conversation.participants_loaded = conversation_rows
        policy.remember_roles(conversation, conversation_rows)
        if policy.is_participant(viewer, conversation):
            found.append(conversation)
    return found
