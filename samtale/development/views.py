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
from samtale.conversations.queries import conversation_for
from samtale.core.actions import act, save_form
from samtale.development import policy, queries, reading, services
from samtale.development.forms import PlanItemForm, StatusForm
from samtale.development.models import ItemStatus, PlanItem

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
    request: HttpRequest, *, conversation: Any, form: PlanItemForm, item: PlanItem | None
) -> HttpResponse:
    return render(
        request,
        "development/item_form.html",
        {"conversation": conversation, "form": form, "item": item},
        status=400 if form.is_bound and form.errors else 200,
    )


def add_item(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = _person_viewer(request)
    conversation = conversation_for(viewer, pk)
    if not policy.can_write_plan(viewer, conversation):
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
        messages.success(request, _("The goal is added to the development plan."))
        return redirect(_plan_url(conversation.pk))
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
    }
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        person_name=item.plan.person.name,
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
    if not policy.can_write_plan(viewer, conversation):
        raise Http404
    return act(
        request,
        lambda: services.remove_item(item, by=viewer),
        done=_("The goal is removed from the development plan."),
        to=_plan_url(conversation.pk),
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
