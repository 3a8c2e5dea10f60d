"""A person who changes leader mid-round (issue 10 §7): HR hands their conversation over.

The launch gave each conversation of the round the person's nearest leader of that day.
When the organisation's data later gives the person another nearest leader (a move, a
new leader, the import), the conversation stays with the old one until HR whose scope
covers the person hands it over (``hand_over``): the new leader holds it from then on,
the old one no longer takes part, a time the old leader had booked is given back to
them (the offered time is free again, the calendars get a cancellation), and the
conversation counts in the person's unit of today. Both leaders and the person are told
by e-mail (``samtale.conversations.services.hand_over`` makes the change and writes it
in the conversation's history).

Plans and history follow the person with the rules that exist (``samtale.development``):
the handed-over conversation shows its participants the person's previous development
plan, whoever held the conversation it was agreed in, so the new leader follows up on
it there; earlier conversations stay with their own participants.

``changed_leaders`` lists what is waiting for HR ("Skiftet leder i runden").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samtale.conversations import services as conversation_services
from samtale.conversations.lifecycle import PLANNED_STATES
from samtale.conversations.models import Conversation
from samtale.org.policy import subtree_q
from samtale.rounds import policy
from samtale.rounds.models import Round, RoundConversation, Slot

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def _in_scope(viewer: Viewer, round_: Round) -> QuerySet[RoundConversation]:
    """The round's conversations with one person, of the people in the viewer's HR scope
    (every one for an administrator), with what the list shows."""
    links = RoundConversation.objects.filter(
        round=round_, conversation__person__isnull=False
    ).select_related(
        "conversation__kind",
        "conversation__leader",
        "conversation__person__unit",
        "conversation__person__manager",
    )
    if viewer.is_admin:
        return links
    return links.filter(subtree_q("conversation__person__unit__path", viewer.hr_paths))


def changed_leaders(viewer: Viewer, round_: Round) -> list[RoundConversation]:
    """The round's conversations, not yet held, whose leader is no longer the person's
    nearest leader, for the people in the viewer's HR scope: the person, the old leader
    (``conversation.leader``) and the new one (``conversation.person.manager``). One
    query. People who now have no nearest leader are not listed: nobody could take
    over."""
    if not policy.can_see_changed_leaders(viewer, round_):
        return []
    return list(
        _in_scope(viewer, round_)
        .filter(
            conversation__state__in=PLANNED_STATES,
            conversation__person__manager__isnull=False,
        )
        .exclude(conversation__leader=F("conversation__person__manager"))
        .order_by("conversation__person__name", "conversation_id")
    )


def link_for(viewer: Viewer, round_: Round, conversation_pk: int) -> RoundConversation:
    """The round's conversation with a person in the viewer's HR scope; 404 otherwise."""
    if not policy.can_see_changed_leaders(viewer, round_):
        raise Http404
    link = _in_scope(viewer, round_).filter(conversation_id=conversation_pk).first()
    if link is None:
        raise Http404
    return link


@transaction.atomic
def hand_over(round_: Round, conversation: Conversation, *, by: Viewer) -> Conversation:
    """HR hands the person's conversation of the round over to their nearest leader of
    today (see the module's text)."""
    round_ = Round.objects.prefetch_related("units").get(pk=round_.pk)  # its state of now
    link = (
        RoundConversation.objects.select_related(
            "conversation__person__unit", "conversation__person__manager"
        )
        .filter(round=round_, conversation=conversation)
        .first()
    )
    person = link.conversation.person if link is not None else None
    if link is None or person is None:
        raise PermissionDenied(_("Only a person's conversation of the round is handed over."))
    conversation_services.allow(
        policy.can_hand_over(by, round_, person),
        _("Only HR for the person hands their conversation over."),
    )
    new_leader = person.manager
    if new_leader is None:
        raise ValidationError(
            _("%(name)s has no nearest leader to hand the conversation over to.")
            % {"name": person.name}
        )
    if new_leader.pk == link.conversation.leader_id:
        raise ValidationError(
            _("%(leader)s is %(name)s's nearest leader and holds the conversation already.")
            % {"leader": new_leader.name, "name": person.name}
        )
    # The old leader's offered time is theirs again (the same lock order as booking:
    # the offered time, then the conversation).
    for slot in Slot.objects.select_for_update().filter(conversation=conversation):
        slot.conversation = None
        slot.booked_at = None
        slot.save(update_fields=["conversation", "booked_at"])
    handed = conversation_services.hand_over(link.conversation, by=by, to=new_leader, allowed=True)
    if link.unit_id != person.unit_id:
        link.unit_id = person.unit_id
        link.save(update_fields=["unit"])
    return handed
