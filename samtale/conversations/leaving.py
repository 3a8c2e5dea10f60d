"""A leader who leaves: their open conversations go to the successor HR picks
(registered with ``samtale.org.leaving`` in ``ConversationsConfig.ready``).

Every open conversation the leaver holds (``lifecycle.OPEN_STATES``: planned, invited,
moved, held, summary accepted) gets a leader who can act: one not yet held is handed
over (``services.hand_over``: its time is given up, the new leader invites again, the
participants are told and their calendars get a cancellation); one held but not closed
is taken over (``services.take_over``: the successor writes or changes the summary,
closes it and decides on its plan). A conversation the successor takes part in
themself (their own MUS with the leaver) goes to the leaver's own leader instead.
Closed and cancelled conversations keep their leader: they are history; a follow-up
requested after one moves on its own (``samtale.conversations.followups.leaving``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy

from samtale.conversations import lifecycle, services
from samtale.conversations.models import Conversation
from samtale.org.leaving import OpenWork, taker

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person


def _open_of(leader: Any) -> Any:
    """The leader's open conversations (a person, or an ``OuterRef`` to one): found
    through ``conv_leader_state_idx`` (leader, state), which HR's to-do probes for every
    person with an end date (``samtale.org.leaving.leaving_leaders``)."""
    return Conversation.objects.filter(leader=leader, state__in=lifecycle.OPEN_STATES)


def items(leaver: Person) -> list[str]:
    """The leaver's open conversations as the handover page lists them: kind, with whom,
    state and time. One query."""
    found = _open_of(leaver).select_related("kind", "person", "team").order_by("starts_at", "pk")
    lines = []
    for conversation in found:
        line = f"{conversation} ({conversation.get_state_display().lower()}"
        if conversation.starts_at is not None:
            line += ", " + date_format(localtime(conversation.starts_at), "DATETIME_FORMAT")
        lines.append(line + ")")
    return lines


def hand_over(leaver: Person, successor: Person, by: Viewer) -> int:
    """Every open conversation the leaver holds to the successor (see the module's text).
    Runs inside ``samtale.org.leaving.hand_over``'s transaction, which asked the policy."""
    moved = 0
    conversations = _open_of(leaver).order_by("pk")
    taking_part = set(
        conversations.filter(participants__person=successor).values_list("pk", flat=True)
    )
    for conversation in conversations:
        to = taker(
            leaver, successor, takes_part=conversation.pk in taking_part, what=str(conversation)
        )
        if lifecycle.is_planned(conversation.state):
            services.hand_over(conversation, by=by, to=to, allowed=True)
        else:
            services.take_over(conversation, by=by, to=to, allowed=True)
        moved += 1
    return moved


WORK = OpenWork(
    name="conversations",
    heading=gettext_lazy("Open conversations they hold"),
    waiting=_open_of,
    items=items,
    hand_over=hand_over,
)
