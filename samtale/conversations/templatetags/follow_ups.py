"""``{% load follow_ups %}``: the follow-up parts of pages owned by other views.

- ``{% followup_panel %}`` on the conversation page (needs ``conversation`` and
  ``viewer`` in the context; the page itself is for participants only),
- ``{% my_followups %}`` on "Mine samtaler",
"""

from __future__ import annotations

from typing import Any

from django import template

from samtale.conversations import policy
from samtale.conversations.followups import queries as followups
from samtale.conversations.followups.forms import FollowUpForm
from samtale.conversations.models import FollowUpRequest, State

register = template.Library()

WAITING = followups.WAITING_STATES


def _row(viewer: Any, request: FollowUpRequest) -> dict[str, Any]:
    state = followups.state_of(request)
    follow_up = request.follow_up
    live_follow_up = follow_up is not None and follow_up.state != State.CANCELLED
    return {
        "request": request,
        "state": state,
        "state_label": followups.state_label(request),
        "follow_up": follow_up if live_follow_up else None,
        "can_plan": state in WAITING
        and not live_follow_up
        and policy.can_plan_follow_up(viewer, request),
        "can_withdraw": state in WAITING and policy.can_withdraw_follow_up(viewer, request),
    }


@register.inclusion_tag("conversations/followup_panel.html", takes_context=True)
def followup_panel(context: template.Context) -> dict[str, Any]:
    viewer = context["viewer"]
    conversation = context["conversation"]
    # read with the rest of the page (samtale.conversations.reading.content_for): the
    # requests after it that the viewer may read, and the one it follows up
    requests = context["content"].follow_up_requests
    after = [r for r in requests if r.conversation_id == conversation.pk]
    follow_up_for = [
        {"request": r, "handed_over": followups.held_elsewhere(r)}
        for r in requests
        if r.follow_up_id == conversation.pk
    ]
    rows = [_row(viewer, r) for r in after]
    waiting = any(row["state"] in WAITING for row in rows)
    can_request = not waiting and policy.can_request_follow_up(viewer, conversation)
    return {
        "conversation": conversation,
        "rows": rows,
        "follow_up_for": follow_up_for,
        "can_request": can_request,
        # the form reads the follow-up kind's days: only when it is shown
        "form": FollowUpForm() if can_request else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("conversations/followup_mine.html", takes_context=True)
def my_followups(context: template.Context) -> dict[str, Any]:
    viewer = context["viewer"]
    if viewer is None or viewer.person is None:
        return {"rows": []}
    requests = followups.waiting_for_participant(viewer.person)
    return {
        "rows": [
            {"request": r, "state": followups.state_of(r), "state_label": followups.state_label(r)}
            for r in requests
        ]
    }
