"""Who may see and change development plans. One answer per question, in this file.

- A plan is content of the conversation it was agreed in: its participants (the person
  it is for and the leader who held it) read it; nobody else (not HR, not the leader's
  chief, not an administrator) does.
- The leader who held the conversation writes the plan once the conversation has been
  held and until it is closed: goals, activities, time frame, who is responsible.
- Both participants follow up: they mark an item under way, done or dropped, also after
  the conversation is closed, for as long as the plan is the person's latest.
- The person it is for proposes goals and activities too, already while preparing (before
  the conversation) and while the leader writes the plan; the leader reads the proposals
  in the conversation and, once it has been held, accepts a proposed goal into the plan
  or declines it with a reason.
- An activity is changed by the rules of ``activity_fields_editable``: freely while
  proposed; after approval its kind and cost only with a new decision; nothing once
  declined or done (but the evaluation). Changes after the decision are kept.
- Every activity starts proposed; the leader who held the conversation approves or
  declines it (a decision with who, when, why; later the round's funding step decides
  too), also after the conversation is closed. Both participants then mark it planned
  and done; the person it is for evaluates it (what it gave).
- The next conversation that ends in a plan shows the person's previous plan to its
  participants, so that this year's leader (who may be a new one, when the person has
  moved) can follow up on last year's goals; a follow-up conversation shows the plan of
  the conversation it follows up on. Every such read by anyone but the author is logged.
- A GRUS ends in the team's development plan: the leader who held it writes it (the
  members do not propose); the conversation's participants read it there, the team's
  members, its leader and those above the leader on the team's plan page, and the next
  GRUS of the team shows it (like the person's plan in the next MUS).
- The plan is the person's and moves with them: when the person gets a new nearest
  leader, the new leader reads all of the person's plans at once (``can_read_person_plans``),
  and the leader who held the conversation keeps reading and following up for
  ``SAMTALE_PLAN_HANDOVER_DAYS`` (30) days, then loses it (``handover_ended``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from samtale.conversations import lifecycle
from samtale.conversations import policy as conversation_policy
from samtale.org import policy as org_policy
from samtale.org import queries as org_queries

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation
    from samtale.development.models import Activity, DevelopmentPlan, PlanItem
    from samtale.org.models import Person, Team


def ends_in_plan(conversation: Conversation) -> bool:
    """Individual conversations of a kind that ends in a development plan (MUS and LUS by
    default; HR decides on the kinds page)."""
    return conversation.person_id is not None and conversation.kind.development_plan


def ends_in_team_plan(conversation: Conversation) -> bool:
    """Team conversations of a kind that ends in a development plan (GRUS by default):
    the team's development plan."""
    return conversation.team_id is not None and conversation.kind.development_plan


def has_plan(conversation: Conversation) -> bool:
    return ends_in_plan(conversation) or ends_in_team_plan(conversation)


def can_write_plan(viewer: Viewer, conversation: Conversation) -> bool:
    """The leader who held the conversation, once held and until closed (a person's plan
    or, in a GRUS, the team's)."""
    return (
        conversation_policy.is_host(viewer, conversation)
        and lifecycle.summary_writable(conversation.state)
        and has_plan(conversation)
    )


def handover_ended(viewer: Viewer, leader_id: int, person: Person | None) -> bool:
    """The plan is the person's and moves with them: the viewer, who led the person as
    ``leader_id`` (held the conversation), no longer leads them (not their nearest
    leader, nor above them in the line), and more than ``SAMTALE_PLAN_HANDOVER_DAYS``
    have passed since the person got another nearest leader (``org.LeaderChange``).
    Without a kept change nothing has ended. Costs a query only when the viewer held the
    conversation and no longer leads the person."""
    me = viewer.person
    if me is None or person is None or leader_id != me.pk or person.pk == me.pk:
        return False
    if person.manager_id == me.pk or org_policy.leads(viewer, person):
        return False
    left = org_queries.led_until(person, me.pk)
    if left is None:
        return False
    return timezone.now() > left + datetime.timedelta(days=settings.SAMTALE_PLAN_HANDOVER_DAYS)


def _conversation_person(conversation: Conversation) -> Person | None:
    return conversation.person if conversation.person_id is not None else None


def can_follow_up(viewer: Viewer, plan: DevelopmentPlan) -> bool:
    """Both participants (the person and the leader who held it, until the handover
    after a change of leader ends), once held. A team's plan: the leader who held the
    GRUS and the team's leader now."""
    me = viewer.person
    conversation = plan.conversation
    if me is None or not lifecycle.is_held(conversation.state):
        return False
    if plan.team_id is not None:
        team_leader = plan.team.leader_id if plan.team is not None else None
        return me.pk in (conversation.leader_id, team_leader)
    return me.pk in (conversation.leader_id, plan.person_id) and not handover_ended(
        viewer, conversation.leader_id, plan.person
    )


def can_read_plan(viewer: Viewer, conversation: Conversation) -> bool:
    """The plan agreed in ``conversation``: its participants (the leader who held it
    until the handover after a change of leader ends)."""
    return conversation_policy.is_participant(viewer, conversation) and not handover_ended(
        viewer, conversation.leader_id, _conversation_person(conversation)
    )


def can_read_person_plans(viewer: Viewer, person: Person) -> bool:
    """All of a person's plans together (they are the person's and move with them): the
    person, their nearest leader from the day they become it, and their former nearest
    leader until the handover ends (``handover_ended``)."""
    me = viewer.person
    if me is None:
        return False
    if me.pk in (person.pk, person.manager_id):
        return True
    return org_queries.led_until(person, me.pk) is not None and not handover_ended(
        viewer, me.pk, person
    )


def can_read_team_plans(viewer: Viewer, team: Team) -> bool:
    """A team's plans (agreed in its GRUS): its members and its leader, and those who
    lead the team's leader (their chiefs, through the line)."""
    me = viewer.person
    if me is None:
        return False
    if me.pk == team.leader_id or team.members.filter(pk=me.pk).exists():
        return True
    return team.leader is not None and org_policy.leads(viewer, team.leader)


def shows_previous_plan(viewer: Viewer, conversation: Conversation) -> bool:
    """The previous plan is shown in conversations that end in a plan and in follow-ups,
    to their participants (as ``can_read_plan``)."""
    if not can_read_plan(viewer, conversation):
        return False
    return has_plan(conversation) or conversation.follow_up_of_id is not None


def proposals_open(conversation: Conversation) -> bool:
    """When the person proposes goals and activities: while they prepare (the
    conversation is planned or invited) and while the leader writes the plan (held,
    until closed)."""
    return lifecycle.is_planned(conversation.state) or lifecycle.summary_writable(
        conversation.state
    )


def shows_plan_now(conversation: Conversation) -> bool:
    """The plan of a conversation is shown once it has been held, and before that while
    the person proposes goals for it (their proposals, which the leader reads before the
    conversation)."""
    return lifecycle.is_held(conversation.state) or lifecycle.is_planned(conversation.state)


def can_propose(viewer: Viewer, conversation: Conversation) -> bool:
    """The person the plan is for proposes goals and activities, already while they
    prepare, and until the conversation is closed (``proposals_open``)."""
    me = viewer.person
    return (
        me is not None
        and conversation.person_id == me.pk
        and proposals_open(conversation)
        and ends_in_plan(conversation)
    )


def can_add_activity(viewer: Viewer, item: PlanItem) -> bool:
    """The leader writing the plan, or the person proposing, to a goal not declined."""
    from samtale.development.models import Proposal

    conversation = item.plan.conversation
    return item.proposal != Proposal.DECLINED and (
        can_write_plan(viewer, conversation) or can_propose(viewer, conversation)
    )


def can_remove_item(viewer: Viewer, item: PlanItem) -> bool:
    """The leader writing the plan; the person their own goal while it is a proposal."""
    conversation = item.plan.conversation
    if can_write_plan(viewer, conversation):
        return True
    me = viewer.person
    return (
        item.is_proposal
        and me is not None
        and item.proposed_by_id == me.pk
        and can_propose(viewer, conversation)
    )


def can_remove_activity(viewer: Viewer, activity: Activity) -> bool:
    """While proposed: the leader writing the plan, or the person who proposed it."""
    from samtale.development import activities

    conversation = activity.item.plan.conversation
    if not activities.is_changeable(activity.status):
        return False
    if can_write_plan(viewer, conversation):
        return True
    me = viewer.person
    return me is not None and activity.proposed_by_id == me.pk and can_propose(viewer, conversation)


# An activity's fields, and those a decision was taken on: once the activity is approved,
# its kind and cost change only with a new decision (the leader who decides, saying why).
ACTIVITY_FIELDS = ("kind", "description", "cost", "hours", "starts", "ends", "responsible")
DECIDED_FIELDS = frozenset({"kind", "cost"})


def activity_fields_editable(viewer: Viewer, activity: Activity) -> frozenset[str]:
    """The fields of the activity the viewer may change now; empty: none.

    - proposed: every field, by those who may withdraw it (the leader writing the plan,
      or whoever proposed it while proposals are open);
    - approved or planned: both participants change the description, hours, period and
      who is responsible; the leader who decides changes the kind and the cost too, which
      is a new decision (``DECIDED_FIELDS``);
    - declined, done or evaluated: nothing (a done activity gets only its evaluation)."""
    from samtale.development import activities

    if activities.is_changeable(activity.status):
        return frozenset(ACTIVITY_FIELDS) if can_remove_activity(viewer, activity) else frozenset()
    if activity.status not in activities.FOLLOWED_UP_STATES:
        return frozenset()
    plan = activity.item.plan
    if not can_follow_up(viewer, plan):
        return frozenset()
    fields = frozenset(ACTIVITY_FIELDS) - DECIDED_FIELDS
    return fields | DECIDED_FIELDS if can_decide(viewer, plan) else fields


def can_change_activity(viewer: Viewer, activity: Activity) -> bool:
    return bool(activity_fields_editable(viewer, activity))


def can_decide(viewer: Viewer, plan: DevelopmentPlan) -> bool:
    """Approving or declining activities, once the conversation is held (also after it
    is closed: funding may come later): the leader who held it, until the handover after
    a change of leader ends, and the person's nearest leader now (for a team's plan, the
    team's leader now), so that what is still to be decided never waits for a leader who
    has gone (another leader, or left: ``samtale.org.leaving``)."""
    conversation = plan.conversation
    if not lifecycle.is_held(conversation.state):
        return False
    me = viewer.person
    if me is None:
        return False
    if conversation_policy.is_host(viewer, conversation) and not handover_ended(
        viewer, conversation.leader_id, plan.person
    ):
        return True
    return _leader_now(plan) == me.pk


def _leader_now(plan: DevelopmentPlan) -> int | None:
    if plan.person_id is not None:
        return plan.person.manager_id if plan.person is not None else None
    return plan.team.leader_id if plan.team_id is not None and plan.team else None


def can_take_step(viewer: Viewer, activity: Activity, step: str) -> bool:
    """Who takes a step of ``samtale.development.activities``: the leader decides; both
    participants plan and complete; the person it is for evaluates."""
    from samtale.development import activities

    plan = activity.item.plan
    if step in ("approve", "decline"):
        return can_decide(viewer, plan)
    if step in activities.FOLLOW_UP_STEPS:
        return can_follow_up(viewer, plan)
    me = viewer.person
    return (
        step == "evaluate"
        and me is not None
        and me.pk == plan.person_id
        and lifecycle.is_held(plan.conversation.state)
    )


# --- HR's export ----------------------------------------------------------------------------


def can_export_plans(viewer: Viewer) -> bool:
    """The plans and activities of HR's area as a workbook (``samtale.development.export``):
    HR, for the units they are HR for. Not TR or AMR (no person's plan is theirs to read),
    not a leader (they read their people's plans on the pages)."""
    return viewer.person is not None and bool(viewer.hr_paths)


# --- job descriptions ------------------------------------------------------------------------
#
# A job description is the person's, not a conversation's: the person reads it, and so do
# those who lead them and HR for their unit; those leaders and HR write its new versions.
# A MUS (or LUS) shows it to its participants, and either of them marks it for revision
# while the conversation is open; what should change is content of that conversation
# (its participants read it, and the person and the writers where it is tracked to done).


def can_read_job_description(viewer: Viewer, person: Person) -> bool:
    me = viewer.person
    return (me is not None and me.pk == person.pk) or can_write_job_description(viewer, person)


def can_write_job_description(viewer: Viewer, person: Person) -> bool:
    return org_policy.leads(viewer, person) or org_policy.is_hr_for(viewer, person)


def shows_job_description(viewer: Viewer, conversation: Conversation) -> bool:
    """The conversations that end in a plan show the person's job description to their
    participants."""
    return ends_in_plan(conversation) and conversation_policy.is_participant(viewer, conversation)


def can_mark_for_revision(viewer: Viewer, conversation: Conversation) -> bool:
    return shows_job_description(viewer, conversation) and lifecycle.is_open(conversation.state)
