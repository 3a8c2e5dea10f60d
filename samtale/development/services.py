"""Changes to development plans. Views, the demo and tests call these; nobody else saves a
plan or an item. Each takes the actor as ``by`` (the viewer who acts); who may is
samtale.development.policy, asked again here."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samtale.conversations.models import Conversation
from samtale.development import policy
from samtale.development.models import DevelopmentPlan, ItemStatus, PlanItem, Responsible

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def _check_fields(goal: str, responsible: str) -> str:
    goal = " ".join(goal.split())
    if not goal:
        raise ValidationError({"goal": _("Write the development goal.")})
    if responsible not in Responsible.values:
        raise ValidationError({"responsible": _("Choose who is responsible.")})
    return goal


@transaction.atomic
def add_item(
    conversation: Conversation,
    *,
    by: Viewer,
    goal: str,
    activities: str = "",
    due: datetime.date | None = None,
    responsible: str = Responsible.BOTH,
) -> PlanItem:
    """Add a goal to the plan agreed in the conversation (the plan is made with its first
    goal). The leader who held it, once held and until closed."""
    if not policy.ends_in_plan(conversation):
        raise ValidationError(_("This kind of conversation has no development plan."))
    if not policy.can_write_plan(by, conversation):
        raise ValidationError(
            _(
                "The leader who held the conversation writes the development plan, once "
                "it has been held and until it is closed."
            )
        )
    goal = _check_fields(goal, responsible)
    assert conversation.person is not None  # ends_in_plan: an individual conversation
    plan, _created = DevelopmentPlan.objects.get_or_create(
        conversation=conversation, defaults={"person": conversation.person}
    )
    last = plan.items.aggregate(last=Max("order"))["last"]
    item = PlanItem(
        plan=plan,
        goal=goal,
        activities=activities.strip(),
        due=due,
        responsible=responsible,
        order=(last or 0) + 1,
        updated_by=by.person,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def change_item(
    item: PlanItem,
    *,
    by: Viewer,
    goal: str,
    activities: str = "",
    due: datetime.date | None = None,
    responsible: str = Responsible.BOTH,
) -> PlanItem:
    if not policy.can_write_plan(by, item.plan.conversation):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    item.goal = _check_fields(goal, responsible)
    item.activities = activities.strip()
    item.due = due
    item.responsible = responsible
    item.updated_by = by.person
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def set_status(item: PlanItem, *, by: Viewer, status: str) -> PlanItem:
    """Follow up on a goal: not started, under way, done or dropped. Either participant."""
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not policy.can_follow_up(by, item.plan):
        raise ValidationError(_("Only the participants follow up on the plan."))
    if item.status != status:
        item.status = status
        item.updated_by = by.person
        item.save(update_fields=["status", "updated_by", "updated_at"])
    return item


@transaction.atomic
def remove_item(item: PlanItem, *, by: Viewer) -> None:
    if not policy.can_write_plan(by, item.plan.conversation):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    item.delete()
