"""The development plan shown with a conversation (a panel of
``samtale.conversations.panels``, registered in ``DevelopmentConfig.ready``): the plan
agreed in this conversation, and the previous plan it follows up on (last year's, or for
a follow-up the original's). The page, the API and the PDF all get it through
``samtale.conversations.reading.content_for``, which writes the read log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samtale.conversations.panels import PanelContent
from samtale.development import activities as activity_steps
from samtale.development import policy, queries, reading
from samtale.development.forms import PlanItemForm
from samtale.development.models import ItemStatus, Proposal
from samtale.lib.reuse import blank_form

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation
    from samtale.development.models import DevelopmentPlan

NAME = "development_plan"
TEAM_HAS_PLANS = "development_team_has_plans"


def annotate(path: str) -> dict[str, Any]:
    """Asked with the conversation (``Panel.annotate``): whether its team has any plan, so
    that a GRUS of a team without one reads no plans at all."""
    from django.db.models import Exists, OuterRef

    from samtale.development.models import DevelopmentPlan

    return {
        TEAM_HAS_PLANS: Exists(DevelopmentPlan.objects.filter(team_id=OuterRef(f"{path}team_id")))
    }


def load(viewer: Viewer, conversation: Conversation) -> PanelContent | None:
    return _content(viewer, conversation, *queries.plans_shown(viewer, conversation))


def load_many(
    viewer: Viewer, conversations: Sequence[Conversation]
) -> dict[int, PanelContent | None]:
    """``load`` for many conversations (the own-data export), their plans read together."""
    shown = queries.plans_shown_many(viewer, conversations)
    return {c.pk: _content(viewer, c, *shown[c.pk]) for c in conversations}


def _content(
    viewer: Viewer, conversation: Conversation, plan: Any, previous: Any
) -> PanelContent | None:
    ends_in_plan = policy.has_plan(conversation) and policy.can_read_plan(viewer, conversation)
    if not ends_in_plan and previous is None:
        return None
    can_write = policy.can_write_plan(viewer, conversation)
    can_propose = policy.can_propose(viewer, conversation)
    person_name = (
        conversation.person.name
        if conversation.person
        else conversation.team.name
        if conversation.team
        else ""
    )
    for shown in (plan, previous):
        if shown is not None:
            mark_actions(viewer, shown)
    return PanelContent(
        context={
            "conversation": conversation,
            "ends_in_plan": ends_in_plan,
            "owner_name": person_name,
            "team_plan": conversation.team_id is not None,
            "plan": plan,
            "items": list(plan.items.all()) if plan else [],
            "previous": previous,
            "can_write": can_write,
            "can_propose": can_propose,
            "can_follow_up": plan is not None and policy.can_follow_up(viewer, plan),
            "can_follow_up_previous": previous is not None
            and policy.can_follow_up(viewer, previous),
            "form": (
                # the same for every conversation but the name: kept (lib.reuse)
                blank_form(
                    PlanItemForm,
                    inline=True,
                    texts={"person_name": person_name} if person_name else None,
                )
                if can_write or can_propose
                else None
            ),
            "status_choices": ItemStatus.choices,
        },
        reads=reading.plan_reads(viewer, [plan, previous]),
    )


def mark_actions(viewer: Viewer, plan: DevelopmentPlan) -> None:
    """What the viewer may do with each goal and activity of the plan (asked of the
    policy once per row, without queries): ``actions``, a set of names the template reads."""
    for item in plan.items.all():
        item.plan = plan
        item.actions = {
            name
            for name, allowed in (
                ("accept", item.is_proposal and policy.can_write_plan(viewer, plan.conversation)),
                ("remove", policy.can_remove_item(viewer, item)),
                ("add_activity", policy.can_add_activity(viewer, item)),
            )
            if allowed
        }
        for activity in item.shown_activities:
            activity.item = item
            activity.actions = {
                name
                for name, allowed in (
                    ("remove", policy.can_remove_activity(viewer, activity)),
                    ("edit", policy.can_change_activity(viewer, activity)),
                    (
                        "decide",
                        activity_steps.may(activity.status, "approve")
                        and item.proposal == Proposal.ACCEPTED
                        and policy.can_take_step(viewer, activity, "approve"),
                    ),
                    *(
                        (
                            step,
                            activity_steps.may(activity.status, step)
                            and policy.can_take_step(viewer, activity, step),
                        )
                        for step in ("plan", "complete", "evaluate")
                    ),
                )
                if allowed
            }
