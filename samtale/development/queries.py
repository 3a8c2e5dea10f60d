"""Reads of development plans. Rules: samtale.development.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from samtale.conversations.models import Conversation, State
from samtale.development.models import DevelopmentPlan, PlanItem

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person


def _items() -> Prefetch:
    return Prefetch("items", queryset=PlanItem.objects.select_related("updated_by"))


def _plan_ids_of(person_id: int) -> list[int]:
    """The ids of a person's plans (a handful: one a year), read on their own index, so
    that the query that orders them by the conversations' dates starts from these few
    rows whatever the size of the organisation (PostgreSQL may otherwise walk every
    conversation by date)."""
    return list(DevelopmentPlan.objects.filter(person_id=person_id).values_list("pk", flat=True))


def plan_of(conversation: Conversation) -> DevelopmentPlan | None:
    """The plan agreed in the conversation, with its items (two queries), or None."""
    plan = (
        DevelopmentPlan.objects.filter(conversation=conversation)
        .select_related("person")
        .prefetch_related(_items())
        .first()
    )
    if plan is not None:
        plan.conversation = conversation
    return plan


def previous_plan(conversation: Conversation) -> DevelopmentPlan | None:
    """The plan the conversation follows up on: for a follow-up conversation the plan of
    the original; otherwise the person's latest plan with goals from an earlier,
    not cancelled conversation (whoever held it)."""
    if conversation.follow_up_of_id is not None:
        plans = DevelopmentPlan.objects.filter(conversation_id=conversation.follow_up_of_id)
    elif conversation.person_id is not None:
        before = conversation.starts_at or timezone.now()
        plans = (
            DevelopmentPlan.objects.filter(pk__in=_plan_ids_of(conversation.person_id))
            .exclude(conversation=conversation)
            .exclude(conversation__state=State.CANCELLED)
            .filter(conversation__starts_at__lt=before)
        )
    else:
        return None
    return (
        plans.filter(Exists(PlanItem.objects.filter(plan=OuterRef("pk"))))
        .select_related("person", "conversation__kind", "conversation__leader")
        .prefetch_related(_items())
        .order_by("-conversation__starts_at", "-pk")
        .first()
    )


def plans_for(person: Person) -> list[DevelopmentPlan]:
    """The person's own plans with goals, newest first."""
    return list(
        DevelopmentPlan.objects.filter(pk__in=_plan_ids_of(person.pk))
        .filter(Exists(PlanItem.objects.filter(plan=OuterRef("pk"))))
        .select_related("person", "conversation__kind", "conversation__leader")
        .prefetch_related(_items())
        .order_by("-conversation__starts_at", "-pk")
    )


def item_for(viewer: Viewer, pk: int) -> PlanItem:
    """The plan item if the viewer takes part in the conversation it was agreed in; 404
    otherwise. The one way views fetch an item."""
    item = (
        PlanItem.objects.filter(
            pk=pk, plan__conversation__in=Conversation.objects.visible_to(viewer)
        )
        .select_related("plan__person", "plan__conversation__kind", "plan__conversation__leader")
        .first()
    )
    if item is None:
        raise Http404
    return item


def plans_shown(viewer: Viewer, conversation: Conversation) -> tuple[Any, Any]:
    """What the conversation page (and the API) show of plans to this viewer: the plan
    agreed in the conversation (if its kind ends in one) and the previous plan it
    follows up on; either may be None."""
    from samtale.development import policy

    plan = (
        plan_of(conversation)
        if policy.ends_in_plan(conversation) and policy.can_read_plan(viewer, conversation)
        else None
    )
    previous = (
        previous_plan(conversation) if policy.shows_previous_plan(viewer, conversation) else None
    )
    return plan, previous
