"""Follow-up pages: request a follow-up (the employee or the team), plan it and the
list of waiting requests (the leader who holds them), withdraw it (the requester), and
the request's own page (for a successor who holds a request after a conversation they
took no part in). Outside the viewer's scope every page answers 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access.http import ViewerRequest
from samtale.conversations import policy, reading
from samtale.conversations.followups import queries, services
from samtale.conversations.followups.forms import FollowUpForm
from samtale.conversations.models import FollowUpRequest, State
from samtale.conversations.queries import conversation_for
from samtale.core.actions import act


def _visible_request_or_404(request: ViewerRequest, pk: int) -> FollowUpRequest:
    """The follow-up request, if the viewer may read it (``queries.readable_by``,
    ``policy.can_read_follow_up_request``): the leader who holds it, the original's
    other participants."""
    found = get_object_or_404(
        queries.readable_by(request.viewer).select_related(
            "conversation__kind",
            "conversation__person",
            "conversation__team",
            "requested_by",
            "leader",
            "follow_up",
        ),
        pk=pk,
    )
    if not policy.can_read_follow_up_request(request.viewer, found):
        raise Http404
    return found


def _detail(pk: int) -> str:
    return reverse("conversations:detail", args=[pk])


def _page_of(follow_up_request: FollowUpRequest) -> str:
    """The original's page; the request's own for a leader it was handed to."""
    if queries.held_elsewhere(follow_up_request):
        return reverse("conversations:followup_detail", args=[follow_up_request.pk])
    return _detail(follow_up_request.conversation_id)


def request_follow_up(request: ViewerRequest, pk: int) -> HttpResponse:
    """The form (also on the conversation page) and its answer."""
    viewer = request.viewer
    conversation = conversation_for(viewer, pk)
    if not policy.can_request_follow_up(viewer, conversation):
        raise Http404
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_follow_up(
                conversation, by=viewer, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request is sent to %(leader)s. The follow-up must be held by %(date)s.")
                % {
                    "leader": conversation.leader.name,
                    "date": date_format(made.deadline, "DATE_FORMAT"),
                },
            )
            return redirect(_detail(conversation.pk))
    return render(
        request, "conversations/followup_request.html", {"conversation": conversation, "form": form}
    )


def detail(request: ViewerRequest, pk: int) -> HttpResponse:
    """The request on its own: who asked, after which conversation, by when, its state
    and its reason (the read logged), and the button to plan the follow-up. The leader
    who holds it reads it here when it was handed to them; the one who asked and the
    original's participants find it on the conversation's page too."""
    follow_up_request = _visible_request_or_404(request, pk)
    viewer = request.viewer
    reading.read_follow_up_request(viewer, follow_up_request)
    state = queries.state_of(follow_up_request)
    follow_up = follow_up_request.follow_up
    live_follow_up = follow_up is not None and follow_up.state != State.CANCELLED
    waiting = state in queries.WAITING_STATES
    return render(
        request,
        "conversations/followup_detail.html",
        {
            "follow_up_request": follow_up_request,
            "original": follow_up_request.conversation,
            "state": state,
            "row": {"state": state, "state_label": queries.state_label(follow_up_request)},
            "follow_up": follow_up if live_follow_up else None,
            "can_plan": waiting
            and not live_follow_up
            and policy.can_plan_follow_up(viewer, follow_up_request),
            "can_withdraw": waiting and policy.can_withdraw_follow_up(viewer, follow_up_request),
            "back": reverse("conversations:followups")
            if policy.holds_follow_up(viewer, follow_up_request)
            and policy.sees_follow_up_list(viewer, holds_waiting=waiting)
            else _detail(follow_up_request.conversation_id),
        },
    )


@require_POST
def plan_follow_up(request: ViewerRequest, pk: int) -> HttpResponse:
    follow_up_request = _visible_request_or_404(request, pk)
    if not policy.can_plan_follow_up(request.viewer, follow_up_request):
        raise Http404
    return act(
        request,
        lambda: services.plan_follow_up(follow_up_request, by=request.viewer),
        done=_("The follow-up conversation is planned. Now choose the time and place."),
        to=lambda conversation: reverse("conversations:schedule", args=[conversation.pk]),
        refused_to=_page_of(follow_up_request),
    )


@require_POST
def withdraw(request: ViewerRequest, pk: int) -> HttpResponse:
    follow_up_request = _visible_request_or_404(request, pk)
    if not policy.can_withdraw_follow_up(request.viewer, follow_up_request):
        raise Http404
    return act(
        request,
        lambda: services.withdraw(follow_up_request, by=request.viewer),
        done=_("Your request for a follow-up is withdrawn."),
        to=_detail(follow_up_request.conversation_id),
    )


def leader_list(request: ViewerRequest) -> HttpResponse:
    """The requests waiting for the viewer as the leader who holds them, earliest
    deadline first; overdue ones marked. Who and when, never why (the reason is on the
    conversation page, or on the request's own for one handed to the viewer)."""
    viewer = request.viewer
    if viewer.person is None:
        raise Http404
    today = timezone.localdate()
    page = Paginator(queries.open_for_leader(viewer.person), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if not policy.sees_follow_up_list(viewer, holds_waiting=page.paginator.count > 0):
        raise Http404
    rows = [
        {
            "request": r,
            "state": queries.state_of(r, today),
            "state_label": queries.state_label(r, today),
            "handed_over": queries.held_elsewhere(r),
        }
        for r in page.object_list
    ]
    overdue = queries.overdue_for_leader(viewer.person, today).count()
    return render(
        request,
        "conversations/followup_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "overdue_count": overdue,
            "today": today,
            "follow_up_days": services.follow_up_days(),
        },
    )
