"""Follow-up pages: request a follow-up (the employee or the team), plan it and the
list of waiting requests (the leader), withdraw it (the requester). Outside the
viewer's scope every page answers 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samtale.conversations import followups, policy
from samtale.conversations.models import Conversation, FollowUpRequest
from samtale.conversations.queries import conversation_for


class FollowUpForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you want a follow-up conversation?"),
        max_length=followups.REASON_MAX_LENGTH,
        help_text=gettext_lazy(
            "Only the participants of the conversation see it. The leader must hold the "
            "follow-up within 14 days."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _viewer(request: HttpRequest) -> Any:
    return request.viewer  # type: ignore[attr-defined]


def _visible_request_or_404(request: HttpRequest, pk: int) -> FollowUpRequest:
    """The follow-up request, if the viewer takes part in its conversation."""
    viewer = _viewer(request)
    return get_object_or_404(
        FollowUpRequest.objects.filter(
            conversation__in=Conversation.objects.visible_to(viewer).values("pk")
        ).select_related("conversation", "follow_up"),
        pk=pk,
    )


def request_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """The form (also on the conversation page) and its answer."""
    viewer = _viewer(request)
    conversation = conversation_for(viewer, pk)
    if not policy.can_request_follow_up(viewer, conversation):
        raise Http404
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = followups.request_follow_up(
                conversation,
                person=viewer.person,
                by=request.user,
                reason=form.cleaned_data["reason"],
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
            return redirect("conversations:detail", pk=conversation.pk)
    return render(
        request, "conversations/followup_request.html", {"conversation": conversation, "form": form}
    )


@require_POST
def plan_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    follow_up_request = _visible_request_or_404(request, pk)
    if not policy.can_plan_follow_up(viewer, follow_up_request):
        raise Http404
    try:
        conversation = followups.plan_follow_up(follow_up_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conversations:detail", pk=follow_up_request.conversation_id)
    messages.success(
        request, _("The follow-up conversation is planned. Now choose the time and place.")
    )
    return redirect("conversations:schedule", pk=conversation.pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    follow_up_request = _visible_request_or_404(request, pk)
    if not policy.can_withdraw_follow_up(viewer, follow_up_request):
        raise Http404
    try:
        followups.withdraw(follow_up_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request for a follow-up is withdrawn."))
    return redirect("conversations:detail", pk=follow_up_request.conversation_id)


def leader_list(request: HttpRequest) -> HttpResponse:
    """The requests waiting for the viewer as leader, earliest deadline first; overdue
    ones marked. Who and when, never why (the reason is on the conversation page)."""
    viewer = _viewer(request)
    if not policy.sees_follow_up_list(viewer):
        raise Http404
    today = timezone.localdate()
    page = Paginator(followups.open_for_leader(viewer.person), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "request": r,
            "state": followups.state_of(r, today),
            "state_label": followups.state_label(r, today),
        }
        for r in page.object_list
    ]
    overdue = followups.overdue_for_leader(viewer.person, today).count()
    return render(
        request,
        "conversations/followup_list.html",
        {"page_obj": page, "rows": rows, "overdue_count": overdue, "today": today},
    )
