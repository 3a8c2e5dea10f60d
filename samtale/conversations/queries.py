"""Reads of conversations. Viewer-aware reads go through ``visible_to(viewer)``; the
rules stand in ``samtale.conversations.policy``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ConversationQuerySet:
        from samtale.conversations import policy

        return self.filter(policy.conversation_visible_q(viewer))

    def involving(self, person: Any) -> ConversationQuerySet:
        from samtale.conversations.models import Participant

        return self.filter(pk__in=Participant.objects.filter(person=person).values("conversation"))

    def open(self) -> ConversationQuerySet:
        return self.exclude(state__in=["closed", "cancelled"])

    def for_list(self) -> ConversationQuerySet:
        return self.select_related("kind", "leader", "person", "team")


def conversation_for(viewer: Viewer, pk: int) -> Any:
    """The conversation with this id if the viewer takes part in it; 404 otherwise. The
    one way views fetch a conversation."""
    from django.shortcuts import get_object_or_404

    from samtale.conversations.models import Conversation

    return get_object_or_404(Conversation.objects.visible_to(viewer).for_list(), pk=pk)
