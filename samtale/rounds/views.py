"""The round's pages: the list, a new round, the round's page (its terms, the agreement
with TR and AMR, the launch's progress and problems), its information page, and
announcing, making what is missing and closing. Every page fetches the round with
``queries.round_for`` (404 outside what the viewer may see) and asks ``policy`` what
they may do there: a page or an action they may not use answers 404 too.

The terms are changed on ``term_views``; the agreement on ``agreement_views``; goals and
rules per unit on ``goal_views``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.access.viewer import Viewer
from samtale.core.actions import act, save_form
from samtale.rounds import booking, launch, launching, policy, queries, services
from samtale.rounds.forms import AnnounceForm, CommentForm, NewRoundForm
from samtale.rounds.models import Round, RoundConversation, RoundState

LAUNCH_ANCHOR = "samtaler"


def round_url(round_: Round, anchor: str = "") -> str:
    return reverse("rounds:detail", args=[round_.pk]) + (f"#{anchor}" if anchor else "")


def managed_round(request: ViewerRequest, pk: int, *states: str) -> Round:
    """The round, if the viewer plans it (HR of its whole scope, an administrator) and it
    is in one of ``states`` (by default: while its terms may change); 404 otherwise."""
    round_ = queries.round_for(request.viewer, pk)
    if not policy.can_manage(request.viewer, round_):
        raise Http404
    if round_.state not in (states or policy.EDITABLE):
        raise Http404
    return round_


@require_GET
def rounds(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    found = queries.rounds_for(viewer).prefetch_related("units")
    page = Paginator(found, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rounds/list.html",
        {
            "page_obj": page,
            "rows": [(r, policy.can_see_draft(viewer, r)) for r in page.object_list],
            "can_plan": policy.can_plan_rounds(viewer),
        },
    )


def create(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    if not policy.can_plan_rounds(viewer):
        raise Http404
    form = NewRoundForm(
        request.POST if request.method == "POST" else None,
        units=queries.plannable_units(viewer),
    )
    if request.method == "POST":
        created = save_form(form, lambda **data: services.create_round(by=viewer, **data))
        if created is not None:
            return redirect(round_url(created))
    return render(request, "rounds/create.html", {"form": form})


@require_GET
def detail(request: ViewerRequest, pk: int) -> HttpResponse:
    """The round as HR plans it and TR and AMR agree to it; for everyone else in an
    announced round, its information page."""
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    if not policy.can_see_draft(viewer, round_):
        return redirect("rounds:information", pk=round_.pk)
    can_manage = policy.can_manage(viewer, round_)
    announced = round_.state in policy.PUBLIC
    roles = policy.representative_roles(viewer, round_)
    state = queries.agreement_of(round_)
    me = viewer.person
    mine = {s.role for s in state.signed if me is not None and s.person_id == me.pk}
    return render(
        request,
        "rounds/detail.html",
        {
            "round": round_,
            "units": list(round_.units.all()),
            "terms": queries.terms_of(round_),
            "state": state,
            "can_manage": can_manage,
            "can_change": policy.can_change(viewer, round_),
            "can_comment": policy.can_comment(viewer, round_),
            "can_sign_off": policy.can_sign_off(viewer, round_),
            "my_unsigned": [r for r in roles if r not in mine],
            "comment_form": CommentForm(),
            "announce_form": AnnounceForm(),
            "conversations": (
                RoundConversation.objects.filter(round=round_).count() if announced else None
            ),
            **(_launch_context(round_) if can_manage and announced else {}),
            "sees_progress": queries.sees_progress(viewer, round_),
            "can_see_report": policy.report_access(viewer, round_) is not None,
            **_booking_links(viewer, round_),
            "can_see_changed_leaders": policy.can_see_changed_leaders(viewer, round_),
        },
    )


def _launch_context(round_: Round) -> dict[str, Any]:
    """The latest launch of the round, for ``rounds/_launch.html``: its progress while it
    runs, then what it made and what could not be made."""
    latest = launching.latest(round_)
    return {
        "launch": latest,
        "problems": [launch.Problem(**p) for p in latest.problems] if latest else [],
        "on_leave": [launch.OnLeave.from_json(p) for p in latest.on_leave] if latest else [],
        "can_relaunch": round_.state == RoundState.ANNOUNCED,
    }


@require_GET
def launch_progress(request: ViewerRequest, pk: int) -> HttpResponse:
    """The launch's part of the round's page, which the page asks for every second while
    the launch runs (htmx): for HR of the round only."""
    round_ = managed_round(request, pk, *policy.PUBLIC)
    return render(request, "rounds/_launch.html", {"round": round_, **_launch_context(round_)})


def _booking_links(viewer: Viewer, round_: Round) -> dict[str, bool]:
    """Whether the round's pages lead the viewer to their offered times (they hold
    conversations in it) or to booking one (theirs waits for a time): at most two
    queries, none for a round that is not announced."""
    if round_.state != RoundState.ANNOUNCED:
        return {"offers_times": False, "books_time": False}
    return {
        "offers_times": booking.leads_in(viewer, round_),
        "books_time": queries.waiting_for_time(viewer, round_).exists(),
    }


@require_GET
def information(request: ViewerRequest, pk: int) -> HttpResponse:
    """What the round is for, its themes, its timeline and each role's part: for
    everyone in it."""
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    terms = queries.terms_of(round_)
    return render(
        request,
        "rounds/information.html",
        {
            "round": round_,
            "units": list(round_.units.all()),
            "themes": terms.themes,
            "kinds": terms.kinds,
            "can_see_draft": policy.can_see_draft(viewer, round_),
            "sees_progress": queries.sees_progress(viewer, round_),
            "can_see_report": policy.report_access(viewer, round_) is not None,
            **_booking_links(viewer, round_),
        },
    )


@require_POST
def announce(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    form = AnnounceForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.announce(round_, by=request.viewer, override_reason=reason),
        done=_("The round is announced. Its conversations are being made: see how far below."),
        to=round_url(round_, LAUNCH_ANCHOR),
        refused_to=round_url(round_, "meld-ud"),
    )


@require_POST
def relaunch(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = managed_round(request, pk, RoundState.ANNOUNCED)
    return act(
        request,
        lambda: services.relaunch(round_, by=request.viewer),
        done=_("What is missing is being made: see how far below."),
        to=round_url(round_, LAUNCH_ANCHOR),
    )


@require_POST
def close(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = managed_round(request, pk, RoundState.ANNOUNCED)
    return act(
        request,
        lambda: services.close(round_, by=request.viewer),
        done=_("The round is closed."),
        to=round_url(round_),
    )
