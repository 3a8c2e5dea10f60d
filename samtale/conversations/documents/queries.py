"""Reads of the documents attached to a conversation, and the link to the previous
conversation of the same kind. Who may read them: ``samtale.conversations.policy``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, QuerySet
from django.utils import timezone

from samtale.conversations.lifecycle import SUMMARY_ACCEPTED_STATES
from samtale.conversations.models import Conversation, ConversationDocument, Frequency

# Conversation kinds whose page offers documents prominently (the strategic documents).
LUS_CODE = "lus"

# --- presentation (who may do what: samtale.conversations.policy) -----------------------


def offered_prominently(conversation: Conversation) -> bool:
    """LUS pages show the upload form open; other kinds keep it folded."""
    return conversation.kind.code == LUS_CODE


# --- queries ---------------------------------------------------------------------------


def documents_of(conversation: Conversation) -> list[ConversationDocument]:
    return documents_of_many([conversation])[conversation.pk]


def any_documents(conversation: Any) -> Exists:
    """Whether the conversation (an id or an ``OuterRef``) has documents: asked with the
    conversation by ``queries.conversation_for`` (kept in ``documents_exist``), so that
    a conversation without any reads none."""
    return Exists(ConversationDocument.objects.filter(conversation_id=conversation))


def documents_of_many(
    conversations: Sequence[Conversation],
) -> dict[int, list[ConversationDocument]]:
    """``documents_of`` each conversation, by id, in one query (none for none, and none
    for a conversation read with ``any_documents`` false)."""
    found: dict[int, list[ConversationDocument]] = {c.pk: [] for c in conversations}
    by_pk = {c.pk: c for c in conversations if getattr(c, "documents_exist", True)}
    if not by_pk:
        return found
    for document in (
        ConversationDocument.objects.filter(conversation_id__in=by_pk)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    ):
        # no query per row for the conversation
        document.conversation = by_pk[document.conversation_id]
        found[document.conversation_id].append(document)
    return found


def earlier_of_same_kind(
    *, kind: Any, leader: Any, person: Any, before: Any, not_pk: Any
) -> QuerySet[Conversation]:
    """The earlier conversations of the same kind between the same people (same leader,
    same person) whose summary was accepted, latest first: values, or ``OuterRef``s when
    ``queries.conversation_for`` asks it with the conversation."""
    return (
        Conversation.objects.filter(
            kind_id=kind,
            leader_id=leader,
            person_id=person,
            state__in=SUMMARY_ACCEPTED_STATES,
            starts_at__lt=before,
        )
        .exclude(pk=not_pk)
        .order_by("-starts_at", "-pk")
    )


def previous_of_same_kind(conversation: Conversation) -> Conversation | None:
    """The latest of ``earlier_of_same_kind``; None for team conversations and kinds that
    do not recur yearly (MUS and LUS do). No query when ``conversation_for`` fetched it
    with the conversation (``previous_loaded``)."""
    if conversation.person_id is None or conversation.kind.frequency != Frequency.YEARLY:
        return None
    loaded = getattr(conversation, "previous_loaded", None)
    if loaded is not None:
        pk, starts_at = loaded
        previous = Conversation(pk=pk, starts_at=starts_at) if pk is not None else None
    else:
        previous = earlier_of_same_kind(
            kind=conversation.kind_id,
            leader=conversation.leader_id,
            person=conversation.person_id,
            before=conversation.starts_at or timezone.now(),
            not_pk=conversation.pk,
        ).first()
    if previous is not None:
        previous.kind = conversation.kind  # the same kind: no query for its name
    return previous
