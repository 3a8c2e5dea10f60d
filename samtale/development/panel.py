"""The development plan shown with a conversation (a panel of
``samtale.conversations.panels``, registered in ``DevelopmentConfig.ready``): the plan
agreed in this conversation, and the previous plan it follows up on (last year's, or for
a follow-up the original's). The page, the API and the PDF all get it through
``samtale.conversations.reading.content_for``, which writes the read log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samtale.conversations.panels import PanelContent
from samtale.development import policy, queries, reading
from samtale.development.forms import PlanItemForm
from samtale.development.models import ItemStatus

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation

NAME = "development_plan"


def load(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    ends_in_plan = policy.ends_in_plan(conversation) and policy.can_read_plan(viewer, conversation)
    plan, previous = queries.plans_shown(viewer, conversation)
    if not ends_in_plan and previous is None:
        return None
    can_write = policy.can_write_plan(viewer, conversation)
    person_name = conversation.person.name if conversation.person else ""
    return PanelContent(
        context={
            "conversation": conversation,
            "ends_in_plan": ends_in_plan,
            "plan": plan,
            "items": list(plan.items.all()) if plan else [],
            "previous": previous,
            "can_write": can_write,
            "can_follow_up": plan is not None and policy.can_follow_up(viewer, plan),
            "can_follow_up_previous": previous is not None
            and policy.can_follow_up(viewer, previous),
            "form": PlanItemForm(person_name=person_name) if can_write else None,
            "status_choices": ItemStatus.choices,
        },
        reads=reading.plan_reads(viewer, [plan, previous]),
    )
