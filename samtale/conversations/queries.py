"""Reads of conversations. Viewer-aware reads go through ``visible_to(viewer)``; the
rules stand in ``samtale.conversations.policy``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from samtale.conversations.lifecycle import ENDED_STATES

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


def conversation_for(viewer: Viewer, pk: int) -> Any:
    """The conversation with this id if the viewer takes part in it; 404 otherwise. The
    one way views fetch a conversation."""
    from django.shortcuts import get_object_or_404

    from samtale.conversations.models import Conversation

    return get_object_or_404(Conversation.objects.visible_to(viewer).for_list(), pk=pk)
