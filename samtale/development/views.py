"""Development-plan pages: add, change and remove a goal (the leader who held the
conversation), follow up on a goal (both participants), and "Min udviklingsplan".
The plan itself is shown on the conversation page
(its panel, ``samtale.development.panel``). Outside the conversation's
participants every page answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.conversations import reading as conversation_reading
from samtale.conversations.queries import conversation_for
from samtale.core.actions import act, save_form
from samtale.development import activities as activity_steps
from samtale.development import policy, queries, reading, services
from samtale.development.forms import (
    ActivityChangeForm,
    ActivityForm,
    EvaluationForm,
    JobDescriptionForm,
    PlanItemForm,
    ReasonForm,
    RevisionForm,
    StatusForm,
)
from samtale.development.models import Activity, Decision, ItemStatus, PlanItem

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def _person_viewer(request: ViewerRequest) -> Viewer:
    """The viewer, who must be a person (every page here is about their conversations)."""
    if request.viewer.person is None:
        raise Http404
    return request.viewer


def _plan_url(conversation_pk: int) -> str:
    return reverse("conversations:detail", args=[conversation_pk]) + "#udviklingsplan"


def _back(request: ViewerRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _item_page(
    request: ViewerRequest, *, conversation: Any, form: PlanItemForm, item: PlanItem | None
) -> HttpResponse:
    return render(
        request,
        "development/item_form.html",
        {"conversation": conversation, "form": form, "item": item, "back": _back(request, "")},
        status=400 if form.is_bound and form.errors else 200,
    )


def add_item(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    conversation = conversation_for(viewer, pk)
    writes = policy.can_write_plan(viewer, conversation)
    if not writes and not policy.can_propose(viewer, conversation):
        raise Http404
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        person_name=conversation.person.name if conversation.person else "",
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.add_item(conversation, by=viewer, **data))
        is not None
    ):
        messages.success(
            request,
            _("The goal is added to the development plan.")
            if writes
            else _("The goal is proposed. The leader accepts it into the plan or declines it."),
        )
        return redirect(_back(request, _plan_url(conversation.pk)))
    return _item_page(request, conversation=conversation, form=form, item=None)


def change_item(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    conversation = item.plan.conversation
    if not policy.can_write_plan(viewer, conversation):
        raise Http404
    initial = {
        "goal": item.goal,
        "activities": item.activities,
        "due": item.due,
        "responsible": item.responsible,
        "competence": item.competence_id,
    }
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        person_name=item.plan.owner_name,
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.change_item(item, by=viewer, **data))
        is not None
    ):
        messages.success(request, _("The goal is changed."))
        return redirect(_plan_url(conversation.pk))
    return _item_page(request, conversation=conversation, form=form, item=item)


@require_POST
def remove_item(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    conversation = item.plan.conversation
    if not policy.can_remove_item(viewer, item):
        raise Http404
    return act(
        request,
        lambda: services.remove_item(item, by=viewer),
        done=_("The goal is removed from the development plan."),
        to=_back(request, _plan_url(conversation.pk)),
    )


@require_POST
def set_status(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    if not policy.can_follow_up(viewer, item.plan):
        raise Http404
    form = StatusForm(request.POST)
    back = _back(request, _plan_url(item.plan.conversation_id))
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(back)
    services.set_status(item, by=viewer, status=form.cleaned_data["status"])
    if getattr(request, "htmx", False):
        return HttpResponse(
            _("Saved: %(status)s") % {"status": item.get_status_display()},
            content_type="text/plain; charset=utf-8",
        )
    messages.success(
        request,
        _("“%(goal)s” is now: %(status)s")
        % {"goal": item.goal, "status": item.get_status_display()},
    )
    return redirect(back)


@require_GET
def mine(request: ViewerRequest) -> HttpResponse:
    """The viewer's own development plans, newest first, with the goals to follow up."""
    viewer = _person_viewer(request)
    assert viewer.person is not None  # _viewer
    plans = queries.plans_for(viewer.person)
    reading.record_plan_reads(viewer, plans)
    return render(
        request,
        "development/mine.html",
        {
            "plans": [
                {"plan": plan, "can_follow_up": policy.can_follow_up(viewer, plan)}
                for plan in plans
            ],
            "status_choices": ItemStatus.choices,
        },
    )


@require_GET
def person_plans(request: ViewerRequest, pk: int) -> HttpResponse:
    """A person's development plans, for their nearest leader (at once, when they become
    it) and their former one until the handover ends; 404 for everyone else."""
    viewer = _person_viewer(request)
    person = queries.plans_person_for(viewer, pk)
    plans = queries.plans_for(person)
    reading.record_plan_reads(viewer, plans)
    return render(
        request,
        "development/person_plans.html",
        {
            "person": person,
            "plans": [
                {"plan": plan, "can_follow_up": policy.can_follow_up(viewer, plan)}
                for plan in plans
            ],
            "status_choices": ItemStatus.choices,
        },
    )


@require_GET
def team_plans(request: ViewerRequest, pk: int) -> HttpResponse:
    """A team's development plans (agreed in its GRUS), for its members, its leader and
    those above the leader; reads of what others wrote are logged."""
    viewer = _person_viewer(request)
    team = queries.team_for(viewer, pk)
    plans = queries.team_plans_for(team.pk)
    reading.record_plan_reads(viewer, plans)
    return render(
        request,
        "development/team_plans.html",
        {
            "team": team,
            "plans": [
                {"plan": plan, "can_follow_up": policy.can_follow_up(viewer, plan)}
                for plan in plans
            ],
            "status_choices": ItemStatus.choices,
        },
    )


# --- proposals and activities ----------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    conversation: Any,
    form: Any,
    title: str,
    button: str,
    subject: str = "",
    back: str = "",
) -> HttpResponse:
    return render(
        request,
        "development/form_page.html",
        {
            "conversation": conversation,
            "form": form,
            "title": title,
            "button": button,
            "subject": subject,
            "back": back,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def accept_item(request: ViewerRequest, pk: int) -> HttpResponse:
    """The leader accepts the person's proposed goal into the plan."""
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    if not policy.can_write_plan(viewer, item.plan.conversation):
        raise Http404
    return act(
        request,
        lambda: services.accept_item(item, by=viewer),
        done=_("The goal is accepted into the development plan."),
        to=_plan_url(item.plan.conversation_id),
    )


def decline_item(request: ViewerRequest, pk: int) -> HttpResponse:
    """The leader declines the person's proposed goal, saying why."""
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    conversation = item.plan.conversation
    if not policy.can_write_plan(viewer, conversation) or not item.is_proposal:
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and save_form(form, lambda reason: services.decline_item(item, by=viewer, reason=reason))
        is not None
    ):
        messages.success(request, _("The proposed goal is declined."))
        return redirect(_plan_url(conversation.pk))
    return _form_page(
        request,
        conversation=conversation,
        form=form,
        title=_("Decline the proposed goal"),
        button=_("Decline the goal"),
        subject=item.goal,
    )


def add_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    """Add (propose) an activity for a goal: the leader writing the plan, or the person."""
    viewer = _person_viewer(request)
    item = queries.item_for(viewer, pk)
    conversation = item.plan.conversation
    if not policy.can_add_activity(viewer, item):
        raise Http404
    form = ActivityForm(
        request.POST if request.method == "POST" else None, person_name=item.plan.owner_name
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.add_activity(item, by=viewer, **data))
        is not None
    ):
        messages.success(request, _("The activity is proposed."))
        return redirect(_back(request, _plan_url(conversation.pk)))
    return _form_page(
        request,
        conversation=conversation,
        form=form,
        title=_("Add an activity"),
        button=_("Add the activity"),
        subject=item.goal,
        back=_back(request, ""),
    )


def change_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    """Change an activity as its state allows the viewer (``policy.activity_fields_editable``);
    the changes kept since its decision are listed."""
    viewer = _person_viewer(request)
    activity = queries.activity_for(viewer, pk)
    conversation = activity.item.plan.conversation
    editable = policy.activity_fields_editable(viewer, activity)
    if not editable:
        raise Http404
    form = ActivityChangeForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(activity, name) for name in policy.ACTIVITY_FIELDS},
        person_name=activity.item.plan.owner_name,
        editable=editable,
        asks_reason=not activity_steps.is_changeable(activity.status)
        and bool(editable & policy.DECIDED_FIELDS),
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.change_activity(activity, by=viewer, **data))
        is not None
    ):
        messages.success(request, _("The activity is changed."))
        return redirect(_back(request, _plan_url(conversation.pk)))
    return render(
        request,
        "development/activity_form.html",
        {
            "conversation": conversation,
            "activity": activity,
            "form": form,
            "changes": queries.changes_of(activity),
            "back": _back(request, ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def remove_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    activity = queries.activity_for(viewer, pk)
    if not policy.can_remove_activity(viewer, activity):
        raise Http404
    return act(
        request,
        lambda: services.remove_activity(activity, by=viewer),
        done=_("The activity is removed."),
        to=_back(request, _plan_url(activity.item.plan.conversation_id)),
    )


@require_POST
def approve_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    activity = queries.activity_for(viewer, pk)
    if not policy.can_take_step(viewer, activity, "approve"):
        raise Http404
    return act(
        request,
        lambda: services.decide(activity, by=viewer, decision=Decision.APPROVED),
        done=_("The activity is approved."),
        to=_plan_url(activity.item.plan.conversation_id),
    )


def decline_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    activity = queries.activity_for(viewer, pk)
    conversation = activity.item.plan.conversation
    if not policy.can_take_step(viewer, activity, "decline"):
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda reason: services.decide(
                activity, by=viewer, decision=Decision.DECLINED, reason=reason
            ),
        )
        is not None
    ):
        messages.success(request, _("The activity is declined."))
        return redirect(_plan_url(conversation.pk))
    return _form_page(
        request,
        conversation=conversation,
        form=form,
        title=_("Decline the activity"),
        button=_("Decline the activity"),
        subject=activity.description,
    )


@require_POST
def activity_step(request: ViewerRequest, pk: int, step: str) -> HttpResponse:
    """Mark an approved activity planned, or a planned one done: either participant."""
    viewer = _person_viewer(request)
    activity = queries.activity_for(viewer, pk)
    if step not in ("plan", "complete") or not policy.can_take_step(viewer, activity, step):
        raise Http404
    return act(
        request,
        lambda: services.take_step(activity, by=viewer, step=step),
        done=lambda done: (
            _("“%(activity)s” is now: %(status)s")
            % {"activity": done.description, "status": done.get_status_display()}
        ),
        to=_back(request, _plan_url(activity.item.plan.conversation_id)),
    )


def evaluate_activity(request: ViewerRequest, pk: int) -> HttpResponse:
    """The person says what a done activity gave."""
    viewer = _person_viewer(request)
    activity: Activity = queries.activity_for(viewer, pk)
    conversation = activity.item.plan.conversation
    if not policy.can_take_step(viewer, activity, "evaluate"):
        raise Http404
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda evaluation: services.take_step(
                activity, by=viewer, step="evaluate", evaluation=evaluation
            ),
        )
        is not None
    ):
        messages.success(request, _("Thank you. The activity is evaluated."))
        return redirect(_plan_url(conversation.pk))
    return _form_page(
        request,
        conversation=conversation,
        form=form,
        title=_("Evaluate the activity"),
        button=_("Save the evaluation"),
        subject=activity.description,
    )


# --- job descriptions ------------------------------------------------------------------------


def _job_url(person_pk: int) -> str:
    return reverse("development:job_description", args=[person_pk])


def job_description(request: ViewerRequest, pk: int) -> HttpResponse:
    """The person's job description, every version, and the revisions asked for; the
    person's leaders and HR write a new version here. What should change (conversation
    content) is shown to the participants of the conversation it was asked for in."""
    viewer = _person_viewer(request)
    person = queries.job_description_person_for(viewer, pk)
    can_write = policy.can_write_job_description(viewer, person)
    form = JobDescriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if (
            save_form(
                form,
                lambda **data: services.write_job_description(person, by=viewer, **data),
            )
            is not None
        ):
            messages.success(request, _("The new version of the job description is saved."))
            return redirect(_job_url(person.pk))
    versions = queries.job_descriptions_of(person)
    revisions = queries.revisions_of(person)
    me = viewer.person
    assert me is not None  # _person_viewer
    for revision in revisions:
        conversation = revision.conversation
        revision.reason_shown = me.pk in (conversation.leader_id, conversation.person_id)
    conversation_reading.record(
        viewer,
        [
            (r.conversation_id, _("Job description revision"))
            for r in revisions
            if r.reason_shown and r.asked_by_id != me.pk
        ],
    )
    if versions and not form.is_bound:
        form = JobDescriptionForm(initial={"text": versions[0].text})
    return render(
        request,
        "development/job_description.html",
        {
            "person": person,
            "versions": versions,
            "revisions": revisions,
            "can_write": can_write,
            "form": form if can_write else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def mark_for_revision(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    conversation = conversation_for(viewer, pk)
    if not policy.can_mark_for_revision(viewer, conversation):
        raise Http404
    form = RevisionForm(request.POST)
    to = reverse("conversations:detail", args=[conversation.pk]) + "#stillingsbeskrivelse"
    if not form.is_valid():
        messages.error(request, _("Say what should change."))
        return redirect(to)
    return act(
        request,
        lambda: services.mark_for_revision(
            conversation, by=viewer, reason=form.cleaned_data["reason"]
        ),
        done=_("The job description is marked for revision."),
        to=to,
    )


@require_POST
def close_revision(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    revision = queries.revision_for(viewer, pk)
    return act(
        request,
        lambda: services.close_revision(revision, by=viewer),
        done=_("The revision is marked as done without a new version."),
        to=_job_url(revision.person_id),
    )
