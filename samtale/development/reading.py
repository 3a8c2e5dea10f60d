"""Reading a plan is reading conversation content: a read by anyone but the author of
what is shown goes into the read log, on the conversation the plan was agreed in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from samtale.access.readlog import record_reads
from samtale.development.models import DevelopmentPlan


def record_plan_reads(viewer: Any, plans: Iterable[DevelopmentPlan | None]) -> None:
    """Log a read of each plan that shows something the viewer did not write (the items
    must be prefetched)."""
    me = viewer.person.pk if viewer.person is not None else None
    record_reads(
        viewer,
        [
            ("conversation", plan.conversation_id, _("Development plan"))
            for plan in plans
            if plan is not None and any(item.updated_by_id != me for item in plan.items.all())
        ],
    )
