"""The round's themes shown with a conversation of the round (a panel of
``samtale.conversations.panels``, registered in ``RoundsConfig.ready``): the round's
name, the date the launch suggests holding it by (``launch.suggested_dates``), its
themes with the strategic goals they serve, and a link to its information page for
those who may see it. Themes are the round's, not anybody's personal content, so
nothing is written to the read log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from samtale.conversations import policy as conversation_policy
from samtale.conversations.lifecycle import State
from samtale.conversations.panels import PanelContent
from samtale.rounds import policy, queries
from samtale.rounds.models import Round, RoundConversation, RoundState, Slot

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation

NAME = "round_themes"
SELECT_RELATED = ("round_link__round",)
# The paths of the round's units, asked with the conversation (``Panel.annotate``) for
# ``policy.scope_paths``; unit paths hold no ";" (``samtale.lib.paths``).
SCOPE = "round_scope_paths"
_SCOPE_SEPARATOR = ";"


def annotate(path: str) -> dict[str, Any]:
    """Asked with the conversation: the paths of its round's units, as one text (None
    outside any round), so that the rules of ``policy.can_see`` ask nothing more."""
    from django.db.models import CharField, OuterRef, StringAgg, Subquery, Value

    units = (
        Round.objects.filter(pk=OuterRef(f"{path}round_link__round_id"))
        .order_by()
        .values("pk")
        .annotate(paths=StringAgg("units__path", delimiter=Value(_SCOPE_SEPARATOR)))
        .values("paths")
    )
    return {SCOPE: Subquery(units, output_field=CharField())}


def load(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    """No query for a conversation outside any round when it was fetched with
    ``conversation_for`` (which fetches ``SELECT_RELATED`` with it and asks ``annotate``);
    one for one in a round: its themes with their goals (``queries.themes_with_goals``).
    The round's units came with the conversation (otherwise read here, once for every
    rule of ``policy.can_see``)."""
    try:
        link = conversation.round_link
    except RoundConversation.DoesNotExist:
        return None
    round_ = link.round
    themes = queries.themes_with_goals(round_)
    values = getattr(conversation, "panel_values", {})
    if SCOPE in values:
        policy.remember_scope(round_, (values[SCOPE] or "").split(_SCOPE_SEPARATOR))
    else:
        prefetch_related_objects([round_], "units")
    return PanelContent(
        context={
            "round": round_,
            "suggested_by": link.suggested_by,
            "themes": themes,
            "can_see_round": policy.can_see(viewer, round_),
        }
    )


# --- booking: the way to a time, on a planned conversation of an announced round ----------

BOOKING = "round_booking"


def load_booking(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    """For the person it is with, while it waits for a time: how many free times its
    leader offers, and the way to book one (one query); for its leader: the way to
    their offered times (no query). Nothing for anyone else, or once it has a time."""
    if conversation.state != State.PLANNED or viewer.person is None:
        return None
    try:
        link = conversation.round_link
    except RoundConversation.DoesNotExist:
        return None
    round_ = link.round
    if round_.state != RoundState.ANNOUNCED:
        return None
    if conversation_policy.can_book(viewer, conversation):
        free = Slot.objects.filter(
            round=round_,
            leader_id=conversation.leader_id,
            conversation__isnull=True,
            starts_at__gte=timezone.now(),
        ).count()
        return PanelContent(context={"round": round_, "as_leader": False, "free": free})
    if conversation.leader_id == viewer.person.pk:
        return PanelContent(context={"round": round_, "as_leader": True})
    return None
