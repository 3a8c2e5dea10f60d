"""Reading a plan is reading conversation content: a read by anyone but the author of
what is shown goes into the read log, on the conversation the plan was agreed in
(through ``samtale.conversations.reading``, the one writer of that log)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from samtale.conversations import reading
from samtale.development.models import DevelopmentPlan, PlanItem

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def plan_reads(viewer: Viewer, plans: Iterable[DevelopmentPlan | None]) -> list[tuple[int, str]]:
    """``(conversation id, "Development plan")`` for each plan that shows something the
    viewer did not write: a goal, an activity (its evaluation), a decision (its reason).
    The items and their activities must be prefetched (``queries.plans_shown``)."""
    me = viewer.person.pk if viewer.person is not None else None
    return [
        (plan.conversation_id, _("Development plan"))
        for plan in plans
        if plan is not None and any(_by_others(item, me) for item in plan.items.all())
    ]


def _by_others(item: PlanItem, me: int | None) -> bool:
    if item.updated_by_id != me or item.proposed_by_id not in (None, me):
        return True
    return any(
        activity.updated_by_id != me
        or activity.proposed_by_id != me
        or getattr(activity, "decided_by_id", None) not in (None, me)
        for activity in item.shown_activities
    )


def record_plan_reads(viewer: Viewer, plans: Iterable[DevelopmentPlan | None]) -> None:
    """Log the reads of plans shown outside a conversation ("Min udviklingsplan")."""
    reading.record(viewer, plan_reads(viewer, plans))
