"""Follow-up pages: request a follow-up (the employee or the team), plan it and the
list of waiting requests (the leader), withdraw it (the requester). Outside the
viewer's scope every page answers 404."""

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
from samtale.conversations import policy
from samtale.conversations.followups import queries, services
from samtale.conversations.followups.forms import FollowUpForm
from samtale.conversations.models import Conversation, FollowUpRequest
from samtale.conversations.queries import conversation_for
from samtale.core.actions import act


def _visible_request_or_404(request: ViewerRequest, pk: int) -> FollowUpRequest:
    """The follow-up request, if the viewer takes part in its conversation."""
    return get_object_or_404(
        FollowUpRequest.objects.filter(
            conversation__in=Conversation.objects.visible_to(request.viewer).values("pk")
        ).select_related("conversation", "follow_up"),
        pk=pk,
    )


def _detail(pk: int) -> str:
    return reverse("conversations:detail", args=[pk])


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
        refused_to=_detail(follow_up_request.conversation_id),
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
    """The requests waiting for the viewer as leader, earliest deadline first; overdue
    ones marked. Who and when, never why (the reason is on the conversation page)."""
    viewer = request.viewer
    if not policy.sees_follow_up_list(viewer) or viewer.person is None:
        raise Http404
    today = timezone.localdate()
    page = Paginator(queries.open_for_leader(viewer.person), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "request": r,
            "state": queries.state_of(r, today),
            "state_label": queries.state_label(r, today),
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
