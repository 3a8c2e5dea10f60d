"""Reading a plan is reading conversation content: a read by anyone but the author of
what is shown goes into the read log, on the conversation the plan was agreed in
(through ``samtale.conversations.reading``, the one writer of that log)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from samtale.conversations import reading
from samtale.development.models import DevelopmentPlan

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def plan_reads(viewer: Viewer, plans: Iterable[DevelopmentPlan | None]) -> list[tuple[int, str]]:
    """``(conversation id, "Development plan")`` for each plan that shows something the
    viewer did not write (the items must be prefetched)."""
    me = viewer.person.pk if viewer.person is not None else None
    return [
        (plan.conversation_id, _("Development plan"))
        for plan in plans
        if plan is not None and any(item.updated_by_id != me for item in plan.items.all())
    ]


def record_plan_reads(viewer: Viewer, plans: Iterable[DevelopmentPlan | None]) -> None:
    """Log the reads of plans shown outside a conversation ("Min udviklingsplan")."""
    reading.record(viewer, plan_reads(viewer, plans))
