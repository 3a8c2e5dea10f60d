"""The agreed competence levels shown with a MUS's summary (a panel of
``samtale.conversations.panels``, registered in ``CompetencesConfig.ready``): the levels
of each summary version the viewer may read, proposed until the person accepts the
version. The page, the API and the PDF get it through ``reading.content_for``; the
levels come in the summary versions' own query (``queries.agreed_levels_annotation``),
so the panel costs no query, and nothing before the MUS is held."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from samtale.competences import policy, queries
from samtale.competences.models import LEVEL_NAMES
from samtale.conversations import lifecycle
from samtale.conversations import policy as conversation_policy
from samtale.conversations.panels import PanelContent

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, SummaryVersion

NAME = "agreed_levels"


def load(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    if not policy.records_levels(conversation) or not lifecycle.is_held(conversation.state):
        return None
    versions: list[SummaryVersion] | None = getattr(conversation, "summaries_loaded", None)
    if versions is None:
        return None  # the summary is not shown here
    shown = [
        (version, queries.agreed_levels_in(version))
        for version in versions
        if conversation_policy.can_read_summary(viewer, conversation, version)
    ]
    shown = [(version, levels) for version, levels in shown if levels]
    if not shown:
        return None
    me = viewer.person.pk if viewer.person is not None else None
    others = [version.number for version, _levels in shown if version.written_by_id != me]
    reads = (
        [
            (
                conversation.pk,
                _("Agreed competence levels, version %(numbers)s")
                % {"numbers": ", ".join(str(n) for n in sorted(others))},
            )
        ]
        if others
        else []
    )
    return PanelContent(
        context={
            "conversation": conversation,
            "latest": shown[0][0],
            "levels": shown[0][1],
            "by_version": {version.pk: levels for version, levels in shown},
            "level_names": LEVEL_NAMES,
        },
        reads=reads,
    )
