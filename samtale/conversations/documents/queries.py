"""Reads of the documents attached to a conversation, and the link to the previous
conversation of the same kind. Who may read them: ``samtale.conversations.policy``."""

from __future__ import annotations

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
    found = list(
        ConversationDocument.objects.filter(conversation=conversation)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    for document in found:
        document.conversation = conversation  # no query per row for the conversation
    return found


def previous_of_same_kind(conversation: Conversation) -> Conversation | None:
    """The latest earlier conversation of the same kind between the same people (same
    leader, same person) whose summary was accepted; None for team conversations and
    kinds that do not recur yearly (MUS and LUS do)."""
    if conversation.person_id is None or conversation.kind.frequency != Frequency.YEARLY:
        return None
    before = conversation.starts_at or timezone.now()
    previous = (
        Conversation.objects.filter(
            kind_id=conversation.kind_id,
            leader_id=conversation.leader_id,
            person_id=conversation.person_id,
            state__in=SUMMARY_ACCEPTED_STATES,
            starts_at__lt=before,
        )
        .exclude(pk=conversation.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if previous is not None:
        previous.kind = conversation.kind  # the same kind: no query for its name
    return previous
