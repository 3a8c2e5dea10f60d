"""A leader who leaves: the follow-up requests waiting for them go to the successor HR
picks (registered with ``samtale.org.leaving`` in ``ConversationsConfig.ready``, after
the open conversations).

A request waits for the leader who held the original conversation, which is usually
closed and so stays with its leader as history (``samtale.conversations.leaving``): the
request moves on its own. Every waiting request the leaver holds (not withdrawn, its
follow-up not held) gets the successor as its leader (``services.hand_over``): the
successor plans and holds the follow-up and gets the reminders; the leaver does neither
any more.

Reading follows holding, as with a held conversation taken over (``take_over``: the
successor hosts it, the old leader takes no part): the successor reads the request and
its reason, which they need to plan the follow-up, on the request's own page (logged as
a read of the original conversation's content, which the one who asked sees on *Hvem
har læst dine samtaler*), not the rest of the closed original, which stays with its
participants; the leaver no longer reads the reason (``policy.can_read_follow_up_request``).

A request after a conversation the successor takes part in other than as its leader
(they asked, or are in the team) goes to the leaver's own leader instead; one after a
held conversation the successor has just taken over stays with them. A follow-up
conversation already planned moves with the open conversations. The new leader and the
one who asked are told by mail (``emails.send_handed_over``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.conversations.followups import queries, services
from samtale.conversations.models import FollowUpRequest, Participant, Role
from samtale.org.leaving import OpenWork, taker

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person


def _waiting_for(leader: Any) -> Any:
    """The requests waiting for the leader (a person, or an ``OuterRef`` to one): found
    through the index on the request's leader, which HR's to-do probes for every person
    with an end date (``samtale.org.leaving.leaving_leaders``)."""
    return FollowUpRequest.objects.filter(queries.waiting_q(), leader=leader)


def items(leaver: Person) -> list[str]:
    """The waiting requests as the handover page lists them: after which conversation,
    who asked, by when (never why). One query."""
    found = (
        _waiting_for(leaver)
        .select_related(
            "requested_by", "conversation__kind", "conversation__person", "conversation__team"
        )
        .order_by("deadline", "pk")
    )
    return [
        _("%(conversation)s: asked for by %(name)s, to be held by %(date)s")
        % {
            "conversation": request.conversation,
            "name": request.requested_by.name,
            "date": date_format(request.deadline, "DATE_FORMAT"),
        }
        for request in found
    ]


def hand_over(leaver: Person, successor: Person, by: Viewer) -> int:
    """Every waiting request the leaver holds to the successor (see the module's text).
    Runs inside ``samtale.org.leaving.hand_over``'s transaction, which asked the policy."""
    requests = _waiting_for(leaver).select_related("conversation").order_by("pk")
    taking_part = set(
        requests.filter(
            Exists(
                Participant.objects.filter(
                    conversation=OuterRef("conversation"), person=successor, role=Role.PARTICIPANT
                )
            )
        ).values_list("pk", flat=True)
    )
    moved = 0
    for request in requests:
        to = taker(
            leaver,
            successor,
            takes_part=request.pk in taking_part,
            what=_("the follow-up of %(conversation)s") % {"conversation": request.conversation},
        )
        services.hand_over(request, to=to, by=by, allowed=True)
        moved += 1
    return moved


WORK = OpenWork(
    name="follow_ups",
    heading=gettext_lazy("Follow-up conversations asked of them"),
    waiting=_waiting_for,
    items=items,
    hand_over=hand_over,
)
