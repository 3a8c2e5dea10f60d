"""Changes to development plans. Views, the demo and tests call these; nobody else saves a
plan or an item. Each takes the actor as ``by`` (the viewer who acts); who may is
samtale.development.policy, asked again here."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.competences.models import Competence
from samtale.conversations.models import Conversation
from samtale.development import activities as steps
from samtale.development import policy
from samtale.development.models import (
    Activity,
    ActivityChange,
    ActivityDecision,
    ActivityKind,
    ActivityStatus,
    Decision,
    DevelopmentPlan,
    ItemStatus,
    JobDescription,
    JobDescriptionRevision,
    PlanItem,
    Proposal,
    Responsible,
)
from samtale.org.models import Person

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


# PlanItem's relations a service has just read (or made): ``full_clean`` need not ask the
# database whether they exist.
RELATED_READ = ("plan", "competence", "updated_by", "proposed_by")


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
    competence: Competence | None = None,
) -> PlanItem:
    """Add a goal to the plan agreed in the conversation (the plan is made with its first
    goal): the person's, or in a GRUS the team's. The leader who held it writes it, once
    held and until closed; the person it is for proposes it, already while preparing (the
    leader accepts or declines the proposal)."""
    if not policy.has_plan(conversation):
        raise ValidationError(_("This kind of conversation has no development plan."))
    writes = policy.can_write_plan(by, conversation)
    if not writes and not policy.can_propose(by, conversation):
        raise ValidationError(
            _(
                "The leader who held the conversation writes the development plan, once "
                "it has been held and until it is closed."
            )
        )
    goal = _check_fields(goal, responsible)
    # a person's plan, or in a GRUS the team's (has_plan: one of the two)
    plan, _created = DevelopmentPlan.objects.get_or_create(
        conversation=conversation,
        defaults={"person": conversation.person, "team": conversation.team},
    )
    last = plan.items.aggregate(last=Max("order"))["last"]
    item = PlanItem(
        plan=plan,
        goal=goal,
        competence=_active(competence),
        activities=activities.strip(),
        due=due,
        responsible=responsible,
        order=(last or 0) + 1,
        updated_by=by.person,
        proposed_by=by.person,
        proposal=Proposal.ACCEPTED if writes else Proposal.PROPOSED,
    )
    # the related rows were read above: no query to check that they exist
    item.full_clean(exclude=RELATED_READ)
    item.save()
    return item


def _active(competence: Competence | None) -> Competence | None:
    """A goal links to a competence of the catalogue that is in use (not retired)."""
    if competence is not None and not competence.active:
        raise ValidationError({"competence": _("The competence is retired.")})
    return competence


@transaction.atomic
def change_item(
    item: PlanItem,
    *,
    by: Viewer,
    goal: str,
    activities: str = "",
    due: datetime.date | None = None,
    responsible: str = Responsible.BOTH,
    competence: Competence | None = None,
) -> PlanItem:
    if not policy.can_write_plan(by, item.plan.conversation):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    item.goal = _check_fields(goal, responsible)
    if competence != item.competence:
        item.competence = _active(competence)
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
    if item.proposal != Proposal.ACCEPTED:
        raise ValidationError(_("Only goals accepted into the plan are followed up."))
    if item.status != status:
        item.status = status
        item.updated_by = by.person
        item.save(update_fields=["status", "updated_by", "updated_at"])
    return item


@transaction.atomic
def remove_item(item: PlanItem, *, by: Viewer) -> None:
    """The leader writing the plan removes a goal; the person withdraws their proposal."""
    if not policy.can_remove_item(by, item):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    item.delete()


@transaction.atomic
def accept_item(item: PlanItem, *, by: Viewer) -> PlanItem:
    """The leader accepts the person's proposed goal into the plan."""
    if not policy.can_write_plan(by, item.plan.conversation):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    if item.proposal != Proposal.PROPOSED:
        raise ValidationError(_("Only a proposed goal is accepted or declined."))
    item.proposal = Proposal.ACCEPTED
    item.updated_by = by.person
    item.save(update_fields=["proposal", "updated_by", "updated_at"])
    return item


@transaction.atomic
def decline_item(item: PlanItem, *, by: Viewer, reason: str) -> PlanItem:
    """The leader declines the person's proposed goal, saying why; its activities still
    proposed are declined with it, for the same reason."""
    if not policy.can_write_plan(by, item.plan.conversation):
        raise ValidationError(_("Only the leader who held the conversation changes the plan."))
    if item.proposal != Proposal.PROPOSED:
        raise ValidationError(_("Only a proposed goal is accepted or declined."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is declined.")})
    item.proposal = Proposal.DECLINED
    item.decline_reason = reason
    item.updated_by = by.person
    item.save(update_fields=["proposal", "decline_reason", "updated_by", "updated_at"])
    for activity in item.activity_rows.filter(status=ActivityStatus.PROPOSED):
        _decide(activity, by=by, decision=Decision.DECLINED, reason=reason)
    return item


# --- activities ---------------------------------------------------------------------------


def _check_activity(
    kind: str,
    description: str,
    cost: Decimal | None,
    hours: Decimal | None,
    starts: datetime.date | None,
    ends: datetime.date | None,
    responsible: str,
) -> str:
    description = " ".join(description.split())
    errors: dict[str, str] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("Choose the kind of activity.")
    if not description:
        errors["description"] = _("Describe the activity.")
    if cost is not None and cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if hours is not None and hours < 0:
        errors["hours"] = _("The hours cannot be negative.")
    if starts and ends and ends < starts:
        errors["ends"] = _("The period ends before it begins.")
    if responsible not in Responsible.values:
        errors["responsible"] = _("Choose who is responsible.")
    if errors:
        raise ValidationError(errors)
    return description


@transaction.atomic
def add_activity(
    item: PlanItem,
    *,
    by: Viewer,
    kind: str,
    description: str,
    cost: Decimal | None = None,
    hours: Decimal | None = None,
    starts: datetime.date | None = None,
    ends: datetime.date | None = None,
    responsible: str = Responsible.BOTH,
) -> Activity:
    """Propose an activity for a goal: the leader writing the plan, or the person it is
    for. It starts proposed; the leader approves or declines it (``decide``)."""
    if not policy.can_add_activity(by, item):
        raise ValidationError(
            _("The participants add activities while the development plan is written.")
        )
    assert by.person is not None  # can_add_activity: a participant
    activity = Activity(
        item=item,
        kind=kind,
        description=_check_activity(kind, description, cost, hours, starts, ends, responsible),
        cost=cost,
        hours=hours,
        starts=starts,
        ends=ends,
        responsible=responsible,
        proposed_by=by.person,
        updated_by=by.person,
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def change_activity(
    activity: Activity,
    *,
    by: Viewer,
    kind: str,
    description: str,
    cost: Decimal | None = None,
    hours: Decimal | None = None,
    starts: datetime.date | None = None,
    ends: datetime.date | None = None,
    responsible: str = Responsible.BOTH,
    reason: str = "",
) -> Activity:
    """Change an activity's fields, as ``policy.activity_fields_editable`` allows the
    actor in its state. After the decision every change is kept (``ActivityChange``: who,
    when, before and after), and a change of the kind or cost is a new decision (approved
    again, with ``reason`` saying why, which it needs)."""
    allowed = policy.activity_fields_editable(by, activity)
    if not allowed:
        raise ValidationError(_("The activity cannot be changed now."))
    assert by.person is not None  # activity_fields_editable: a participant
    description = _check_activity(kind, description, cost, hours, starts, ends, responsible)
    new = {
        "kind": kind,
        "description": description,
        "cost": cost,
        "hours": hours,
        "starts": starts,
        "ends": ends,
        "responsible": responsible,
    }
    changed = {name for name, value in new.items() if getattr(activity, name) != value}
    if not changed:
        return activity
    refused = changed - allowed
    if refused:
        raise ValidationError(
            _("You cannot change the %(fields)s of the activity now.")
            % {
                "fields": ", ".join(
                    str(getattr(Activity._meta.get_field(name), "verbose_name", name))
                    for name in policy.ACTIVITY_FIELDS
                    if name in refused
                )
            }
        )
    decided = not steps.is_changeable(activity.status)
    reason = reason.strip()
    if decided and changed & policy.DECIDED_FIELDS:
        if not reason:
            raise ValidationError(
                {"reason": _("Say why: a new kind or cost is a new decision on the activity.")}
            )
        ActivityDecision.objects.create(
            activity=activity, decision=Decision.APPROVED, by=by.person, reason=reason
        )
    if decided:
        ActivityChange.objects.create(
            activity=activity,
            by=by.person,
            changes={
                name: [_as_text(name, getattr(activity, name)), _as_text(name, new[name])]
                for name in policy.ACTIVITY_FIELDS
                if name in changed
            },
        )
    for name in changed:
        setattr(activity, name, new[name])
    activity.updated_by = by.person
    activity.full_clean()
    activity.save(update_fields=[*sorted(changed), "updated_by", "updated_at"])
    return activity


def _as_text(name: str, value: object) -> str | None:
    """A field's value as kept in the history: decimals with the field's places."""
    if value is None:
        return None
    field = Activity._meta.get_field(name)
    places = getattr(field, "decimal_places", None)
    if isinstance(value, Decimal) and places is not None:
        return str(value.quantize(Decimal(1).scaleb(-places)))
    return str(value)


@transaction.atomic
def remove_activity(activity: Activity, *, by: Viewer) -> None:
    """Withdraw a proposed activity: the leader writing the plan, or who proposed it."""
    if not policy.can_remove_activity(by, activity):
        raise ValidationError(_("Only a proposed activity is removed, by its participants."))
    activity.delete()


def _decide(activity: Activity, *, by: Viewer, decision: str, reason: str) -> ActivityDecision:
    assert by.person is not None
    step = steps.check(activity.status, "approve" if decision == Decision.APPROVED else "decline")
    record = ActivityDecision.objects.create(
        activity=activity, decision=decision, by=by.person, reason=reason
    )
    activity.status = step.target
    activity.updated_by = by.person
    activity.save(update_fields=["status", "updated_by", "updated_at"])
    return record


@transaction.atomic
def decide(activity: Activity, *, by: Viewer, decision: str, reason: str = "") -> ActivityDecision:
    """Approve or decline a proposed activity, with who, when and why (a declined one
    needs a reason). For now the leader who held the conversation decides."""
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose approve or decline.")})
    if not policy.can_take_step(by, activity, "approve"):
        raise ValidationError(_("Only the leader who held the conversation decides."))
    if activity.item.proposal != Proposal.ACCEPTED:
        raise ValidationError(_("Accept the goal into the plan before its activities."))
    reason = reason.strip()
    if decision == Decision.DECLINED and not reason:
        raise ValidationError({"reason": _("Say why the activity is declined.")})
    return _decide(activity, by=by, decision=decision, reason=reason)


@transaction.atomic
def take_step(activity: Activity, *, by: Viewer, step: str, evaluation: str = "") -> Activity:
    """Follow an approved activity up: planned, done (both participants), evaluated (the
    person it is for says what it gave)."""
    if step not in ("plan", "complete", "evaluate"):
        raise ValidationError(_("Unknown step."))
    if not policy.can_take_step(by, activity, step):
        raise ValidationError(_("Only the participants follow up on the plan."))
    target = steps.check(activity.status, step).target
    fields = ["status", "updated_by", "updated_at"]
    if step == "evaluate":
        evaluation = evaluation.strip()
        if not evaluation:
            raise ValidationError({"evaluation": _("Say what the activity gave.")})
        activity.evaluation = evaluation
        fields.append("evaluation")
    activity.status = target
    activity.updated_by = by.person
    activity.save(update_fields=fields)
    return activity


# --- job descriptions ------------------------------------------------------------------------


@transaction.atomic
def write_job_description(
    person: Person, *, by: Viewer, text: str, valid_from: datetime.date
) -> JobDescription:
    """A new version of the person's job description (their leaders or HR); the
    revisions asked for and not yet done are done with it."""
    if not policy.can_write_job_description(by, person):
        raise ValidationError(_("Only the person's leaders and HR write the job description."))
    assert by.person is not None  # can_write_job_description: a person
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the job description.")})
    # one writer at a time per person: the version numbers follow each other
    Person.objects.select_for_update().filter(pk=person.pk).first()
    last = JobDescription.objects.filter(person=person).aggregate(last=Max("version"))["last"]
    version = JobDescription.objects.create(
        person=person,
        version=(last or 0) + 1,
        text=text,
        valid_from=valid_from,
        written_by=by.person,
    )
    JobDescriptionRevision.objects.filter(person=person, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by.person, new_version=version
    )
    return version


@transaction.atomic
def mark_for_revision(
    conversation: Conversation, *, by: Viewer, reason: str
) -> JobDescriptionRevision:
    """A participant of the MUS marks the person's job description for revision."""
    if not policy.can_mark_for_revision(by, conversation):
        raise ValidationError(
            _("The participants mark the job description for revision in an open MUS.")
        )
    assert by.person is not None and conversation.person is not None
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what should change.")})
    return JobDescriptionRevision.objects.create(
        person=conversation.person, conversation=conversation, reason=reason, asked_by=by.person
    )


@transaction.atomic
def close_revision(revision: JobDescriptionRevision, *, by: Viewer) -> JobDescriptionRevision:
    """The leader or HR finds no new version is needed: the revision is done without one."""
    if not policy.can_write_job_description(by, revision.person):
        raise ValidationError(_("Only the person's leaders and HR write the job description."))
    if revision.done_at is not None:
        raise ValidationError(_("The revision is already done."))
    revision.done_at = timezone.now()
    revision.done_by = by.person
    revision.save(update_fields=["done_at", "done_by"])
    return revision
