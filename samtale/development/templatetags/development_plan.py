"""``{% load development_plan %}{% development_plan_panel %}``: the development plan on the
conversation page (needs ``conversation`` and ``viewer`` in the context; the page itself
is for participants only): the plan agreed in this conversation, and the previous plan
it follows up on (last year's, or for a follow-up the original's)."""

from __future__ import annotations

from typing import Any

from django import template

from samtale.development import policy, queries, reading
from samtale.development.forms import PlanItemForm, StatusForm

register = template.Library()


@register.inclusion_tag("development/_panel.html", takes_context=True)
def development_plan_panel(context: template.Context) -> dict[str, Any]:
    viewer = context["viewer"]
    conversation = context["conversation"]
    ends_in_plan = policy.ends_in_plan(conversation) and policy.can_read_plan(viewer, conversation)
    plan, previous = queries.plans_shown(viewer, conversation)
    if not ends_in_plan and previous is None:
        return {"shown": False}
    reading.record_plan_reads(viewer, [plan, previous])
    can_write = policy.can_write_plan(viewer, conversation)
    return {
        "shown": True,
        "conversation": conversation,
        "ends_in_plan": ends_in_plan,
        "plan": plan,
        "items": list(plan.items.all()) if plan else [],
        "previous": previous,
        "can_write": can_write,
        "can_follow_up": plan is not None and policy.can_follow_up(viewer, plan),
        "can_follow_up_previous": previous is not None and policy.can_follow_up(viewer, previous),
        "form": PlanItemForm(person_name=conversation.person.name) if can_write else None,
        "status_choices": StatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("development/_pdf.html", takes_context=True)
def development_plan_pdf(context: template.Context) -> dict[str, Any]:
    """The plan in the conversation's PDF (made for a participant; the download itself
    is logged as a read)."""
    conversation = context["conversation"]
    plan = queries.plan_of(conversation) if policy.ends_in_plan(conversation) else None
    return {"shown": plan is not None, "plan": plan, "items": plan.items.all() if plan else []}
