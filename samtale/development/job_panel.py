"""The person's job description shown with a MUS or LUS (a panel of
``samtale.conversations.panels``, registered in ``DevelopmentConfig.ready``): the version
in force, and the revisions asked for in this conversation, with a form to ask for one.
What should change is content of the conversation: a participant's read of what the
other wrote goes into the read log (by ``samtale.conversations.reading.content_for``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from samtale.conversations.panels import PanelContent
from samtale.development import policy, queries
from samtale.development.forms import RevisionForm
from samtale.lib.reuse import blank_form

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation

NAME = "job_description"


def load_many(
    viewer: Viewer, conversations: Sequence[Conversation]
) -> dict[int, PanelContent | None]:
    """``load`` for many conversations (the own-data export): what it reads of their
    people read together (``queries.prefetch_person_rows``, kept for the plan's panel)."""
    queries.prefetch_person_rows(
        [c for c in conversations if policy.shows_job_description(viewer, c)]
    )
    return {c.pk: load(viewer, c) for c in conversations}


def load(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    if not policy.shows_job_description(viewer, conversation):
        return None
    current, revisions = queries.job_description_shown(conversation)
    me = viewer.person.pk if viewer.person is not None else None
    can_mark = policy.can_mark_for_revision(viewer, conversation)
    return PanelContent(
        context={
            "conversation": conversation,
            "current": current,
            "revisions": revisions,
            "can_mark": can_mark,
            "form": blank_form(RevisionForm) if can_mark else None,  # kept: lib.reuse
        },
        reads=[(conversation.pk, _("Job description revision"))]
        if any(r.asked_by_id != me for r in revisions)
        else [],
    )
