"""Conversation pages: "Mine samtaler", the leader's overview, the conversation page,
and the leader's scheduling actions. Outside the viewer's scope every page answers 404."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access.models import ReadLog
from samtale.conversations import (
    lifecycle,
    policy,
    progress,
    reading,
    services,
    todo,
)
from samtale.conversations.followups import queries as followups
from samtale.conversations.forms import CancelForm, RespondForm, ScheduleForm, SummaryForm
from samtale.conversations.models import Conversation, ConversationKind, State
from samtale.conversations.queries import conversation_for
from samtale.org.models import Person, Team
from samtale.questionnaires.filling import fill_context, save_from_post, sections_for_responses

EARLIER_PAGE_SIZE = 20
# "Det venter på dig" shows the earliest steps; the lists below it hold every conversation.
WAITING_SHOWN = 20


def _viewer(request: HttpRequest) -> Any:
    return request.viewer  # type: ignore[attr-defined]


def _participating_or_404(request: HttpRequest, pk: int) -> Conversation:
    """The conversation, if the viewer takes part in it; 404 otherwise."""
    viewer = _viewer(request)
    return conversation_for(viewer, pk)


def mine(request: HttpRequest) -> HttpResponse:
    """The person's own conversations: what waits for them (``todo``), the coming ones,
    the planned ones without a time, the held ones whose summary is not accepted yet,
    their follow-up requests, and the earlier ones, paginated."""
    viewer = _viewer(request)
    me = viewer.person
    mine = Conversation.objects.visible_to(viewer).for_list()
    now = timezone.now()
    current_states = lifecycle.CURRENT_STATES
    current: list[Conversation] = []
    waiting: list[todo.ToDo] = []
    if me is not None:
        current = list(
            mine.filter(state__in=current_states).with_progress_of(me).order_by("starts_at", "pk")
        )
        follow_ups = (
            list(followups.open_for_leader(me)) if policy.sees_follow_up_list(viewer) else []
        )
        waiting = todo.for_viewer(viewer, current, follow_ups=follow_ups, now=now)
    held = [
        c
        for c in current
        if c.state == State.HELD or (c.starts_at and c.starts_at < now and c.state != State.PLANNED)
    ]
    for conversation in held:
        if conversation.state == State.HELD:
            conversation.state_note = todo.summary_progress(viewer, conversation)  # type: ignore[attr-defined]
    earlier = mine.exclude(state__in=current_states).order_by("-starts_at", "-pk")
    page = Paginator(earlier, EARLIER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/mine.html",
        {
            "waiting": waiting[:WAITING_SHOWN],
            "waiting_total": len(waiting),
            "upcoming": [
                c for c in current if c.starts_at and c.starts_at >= now and c.state != State.HELD
            ],
            "unscheduled": [c for c in current if c.state == State.PLANNED],
            "awaiting_summary": held,
            "page_obj": page,
            "askable": [
                kind for kind in ConversationKind.objects.all() if policy.can_ask_for(viewer, kind)
            ],
        },
    )


def overview(request: HttpRequest) -> HttpResponse:
    """The leader's people and teams, with the state of this year's conversations, and
    above them how many of the counted (mandatory, yearly) conversations are held,
    planned and missing across all of them (``samtale.conversations.progress``)."""
    viewer = _viewer(request)
    me = viewer.person
    if me is None or not viewer.leads_anyone:
        raise Http404
    reports = Person.objects.reports_of(me).active().for_list().with_report_counts()
    page = Paginator(reports, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    latest: dict[tuple[int, int], Conversation] = {}
    hosted = (
        Conversation.objects.filter(leader=me, person__in=people)
        .exclude(state=State.CANCELLED)
        .filter(progress.this_year_q())
        .order_by("created_at", "pk")
    )
    for conversation in hosted:
        latest[(conversation.person_id or 0, conversation.kind_id)] = conversation
    every_kind = list(ConversationKind.objects.all())
    kinds = [k for k in every_kind if k.frequency != "on_request"]
    individual = [k for k in kinds if k.participation != "team_leader"]
    rows = [
        {
            "person": person,
            "cells": [
                (
                    kind,
                    latest.get((person.pk, kind.pk)),
                    policy.is_offered(kind, leads_others=person.report_count > 0),
                )
                for kind in individual
            ],
        }
        for person in people
    ]
    teams = list(Team.objects.filter(leader=me).for_list().with_member_counts())
    team_kinds = [k for k in kinds if k.participation == "team_leader"]
    team_latest: dict[tuple[int, int], Conversation] = {}
    for conversation in (
        Conversation.objects.filter(leader=me, team__in=teams)
        .exclude(state=State.CANCELLED)
        .filter(progress.this_year_q())
        .order_by("created_at", "pk")
    ):
        team_latest[(conversation.team_id or 0, conversation.kind_id)] = conversation
    team_rows = [
        {"team": team, "cells": [(k, team_latest.get((team.pk, k.pk))) for k in team_kinds]}
        for team in teams
    ]
    return render(
        request,
        "conversations/overview.html",
        {
            "page_obj": page,
            "rows": rows,
            "kinds": individual,
            "team_rows": team_rows,
            "team_kinds": team_kinds,
            # every report and team, not only this page; kinds nobody is offered left out
            "progress": [
                p for p in progress.progress_for_leader(viewer, kinds=every_kind) if p.total
            ],
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    participants = conversation.participants.select_related("person").order_by(
        "role", "person__name"
    )
    events = conversation.events.select_related("by__person", "actor").order_by("at", "pk")
    versions = list(
        conversation.summaries.select_related("written_by")
        .prefetch_related("responses__person")
        .order_by("-number")
    )
    preparations = list(
        conversation.preparations.select_related("person", "response__version").order_by("pk")
    )
    readable = reading.readable_preparations(viewer, preparations)
    notes = list(
        conversation.notes.filter(Q(person=viewer.person) | Q(person__isnull=True)).select_related(
            "updated_by"
        )
    )
    shared = next((n for n in notes if n.person_id is None), None)
    follow_up_requests = followups.about_conversation(conversation)
    prepared = {p.person_id: p for p in preparations}
    preparation_status = [
        (participant, prepared.get(participant.person_id))
        for participant in participants
        if participant.role == "participant"
    ]
    # every shared preparation shown (and the team's): three queries however many
    shown_preparations = [p for p in readable if p.shared_at or p.person_id is None]
    shown_sections = sections_for_responses([p.response for p in shown_preparations])
    shown = reading.shown_summaries(viewer, conversation, versions)
    # Content read by anyone but its author goes into the read log (the API asks the same).
    reading.record_reads(
        viewer,
        conversation,
        preparations=readable,
        summaries=shown,
        shared_notes=shared,
        follow_up_requests=follow_up_requests,
    )
    return render(
        request,
        "conversations/detail.html",
        {
            "conversation": conversation,
            "participants": participants,
            "events": events,
            "can_schedule": policy.can_schedule(viewer, conversation),
            "shared_preparations": [(p, shown_sections[p.response_id]) for p in shown_preparations],
            "my_preparation": prepared.get(viewer.person.pk),
            "team_preparation": prepared.get(None),
            "preparation_status": preparation_status,
            "can_prepare": policy.can_prepare(viewer, conversation),
            "can_prepare_for_team": policy.can_prepare_for_team(viewer, conversation),
            "agenda": conversation.agenda.select_related("proposed_by"),
            "can_propose_theme": policy.can_propose_theme(viewer, conversation),
            "can_keep_notes": policy.can_keep_notes(viewer, conversation),
            "follow_up_requests": follow_up_requests,
            "can_close": policy.can_close(viewer, conversation),
            "my_notes": next((n for n in notes if n.person_id == viewer.person.pk), None),
            "shared_notes": next((n for n in notes if n.person_id is None), None),
            "versions": shown,
            "current": shown[0] if shown else None,
            "can_write_summary": policy.can_write_summary(viewer, conversation),
            "can_respond": policy.can_respond(viewer, conversation),
            "my_response": next(
                (
                    r
                    for r in (shown[0].responses.all() if shown else [])
                    if r.person_id == viewer.person.pk
                ),
                None,
            ),
            "steps": lifecycle.allowed_steps(conversation.state),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
def plan(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    kind = get_object_or_404(ConversationKind, code=request.POST.get("kind", ""))
    person = team = None
    if request.POST.get("team"):
        team = get_object_or_404(Team.objects.visible_to(viewer), pk=request.POST["team"])
    else:
        person = get_object_or_404(
            Person.objects.visible_to(viewer), pk=request.POST.get("person") or 0
        )
    if not policy.can_plan(viewer, kind_participation=kind.participation, person=person, team=team):
        raise Http404
    try:
        conversation = services.plan(kind=kind, person=person, team=team, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conversations:overview")
    messages.success(request, _("The conversation is planned. Now choose the time and place."))
    return redirect("conversations:schedule", pk=conversation.pk)


def _hosted_or_404(request: HttpRequest, pk: int) -> Conversation:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_schedule(viewer, conversation):
        raise Http404
    return conversation


def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite (a planned conversation) or move it (an invited one)."""
    conversation = _hosted_or_404(request, pk)
    first_time = conversation.state == State.PLANNED
    if not first_time and "reschedule" not in lifecycle.allowed_steps(conversation.state):
        raise Http404
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            action = services.invite if first_time else services.reschedule
            try:
                action(
                    conversation,
                    by=request.user,
                    starts_at=form.starts_at(),
                    duration=form.cleaned_data["duration"],
                    location=form.cleaned_data["location"],
                    video_url=form.cleaned_data["video_url"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The participants are invited.")
                    if first_time
                    else _("The conversation is moved."),
                )
                return redirect("conversations:detail", pk=conversation.pk)
    else:
        start = timezone.localtime(conversation.starts_at) if conversation.starts_at else None
        form = ScheduleForm(
            initial={
                "date": start.date() if start else None,
                "time": start.time() if start else None,
                "duration": conversation.duration,
                "location": conversation.location,
                "video_url": conversation.video_url,
            }
        )
    return render(
        request,
        "conversations/schedule.html",
        {"conversation": conversation, "form": form, "first_time": first_time},
    )


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _hosted_or_404(request, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel(conversation, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conversation is cancelled."))
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _hosted_or_404(request, pk)
    try:
        services.mark_held(conversation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conversation is marked as held."))
    return redirect("conversations:detail", pk=conversation.pk)


def summary(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_write_summary(viewer, conversation):
        raise Http404
    latest = services.latest_summary(conversation)
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            try:
                services.write_summary(
                    conversation,
                    by=request.user,
                    author=viewer.person,
                    summary=form.cleaned_data["summary"],
                    agreements=form.cleaned_data["agreements"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The summary is saved. Share it when it is ready to be accepted."),
                )
                return redirect("conversations:detail", pk=conversation.pk)
    else:
        initial = {"summary": latest.summary, "agreements": latest.agreements} if latest else {}
        form = SummaryForm(initial=initial)
    return render(
        request,
        "conversations/summary.html",
        {
            "conversation": conversation,
            "form": form,
            "new_version": latest is not None and latest.shared_at is not None,
        },
    )


@require_POST
def share_summary(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_write_summary(viewer, conversation):
        raise Http404
    try:
        services.share_summary(conversation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The summary is shared with the participants."))
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_respond(viewer, conversation):
        raise Http404
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.respond_to_summary(
                conversation,
                person=viewer.person,
                by=request.user,
                accept=form.cleaned_data["accept"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. Your answer is saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("conversations:detail", pk=conversation.pk)


def reads(request: HttpRequest) -> HttpResponse:
    """Who else has read the content of the conversations the viewer takes part in (the
    viewer's own reads of the others' content are in the log too, for them to see)."""
    viewer = _viewer(request)
    mine = Conversation.objects.visible_to(viewer)
    log = ReadLog.objects.filter(
        subject_type="conversation", subject_id__in=mine.values("pk")
    ).exclude(reader=viewer.user)
    page = Paginator(log.order_by("-at", "-pk"), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    titles = {
        c.pk: c
        for c in Conversation.objects.filter(
            pk__in=[entry.subject_id for entry in page.object_list]
        ).for_list()
    }
    rows = [(entry, titles.get(entry.subject_id)) for entry in page.object_list]
    return render(request, "conversations/reads.html", {"page_obj": page, "rows": rows})


# --- preparation and agenda ---------------------------------------------------------------


def _own_preparation(request: HttpRequest, conversation: Conversation, *, team: bool) -> Any:
    viewer = _viewer(request)
    allowed = (
        policy.can_prepare_for_team(viewer, conversation)
        if team
        else policy.can_prepare(viewer, conversation)
    )
    if not allowed:
        raise Http404
    return services.preparation_of(conversation, person=None if team else viewer.person)


def prepare(request: HttpRequest, pk: int, team: bool = False) -> HttpResponse:
    """Fill in one's own preparation (or, for GRUS, the team's), saved as one types."""
    conversation = _participating_or_404(request, pk)
    preparation = _own_preparation(request, conversation, team=team)
    save_url = reverse(
        "conversations:prepare_team_save" if team else "conversations:prepare_save",
        args=[conversation.pk],
    )
    context: dict[str, Any] = {
        "conversation": conversation,
        "preparation": preparation,
        "team": team,
        **fill_context(preparation.response, save_url=save_url),
    }
    return render(request, "conversations/prepare.html", context)


@require_POST
def prepare_save(request: HttpRequest, pk: int, team: bool = False) -> HttpResponse:
    conversation = _participating_or_404(request, pk)
    preparation = _own_preparation(request, conversation, team=team)
    return save_from_post(request, preparation.response)


@require_POST
def share_preparation(request: HttpRequest, pk: int, team: bool = False) -> HttpResponse:
    conversation = _participating_or_404(request, pk)
    preparation = _own_preparation(request, conversation, team=team)
    services.share_preparation(preparation, by=request.user)
    messages.success(request, _("Your preparation is shared with the other participants."))
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
def propose_theme(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_propose_theme(viewer, conversation):
        raise Http404
    try:
        services.propose_theme(
            conversation, person=viewer.person, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The theme is on the agenda."))
    return redirect(reverse("conversations:detail", args=[conversation.pk]) + "#agenda")


@require_POST
def withdraw_theme(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    theme = get_object_or_404(conversation.agenda.all(), pk=item)
    try:
        services.withdraw_theme(theme, person=viewer.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("conversations:detail", args=[conversation.pk]) + "#agenda")


@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    """Ask one's own leader for a conversation: an En-til-en, an individual MUS, or (for
    a leader) LUS; ``policy.can_ask_for`` says which."""
    viewer = _viewer(request)
    kind = get_object_or_404(ConversationKind, code=request.POST.get("kind", ""))
    if not policy.can_ask_for(viewer, kind):
        raise Http404
    try:
        conversation = services.ask_for(kind, person=viewer.person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conversations:mine")
    messages.success(
        request, _("Your leader has been told and will find a time for the conversation.")
    )
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
def save_note(request: HttpRequest, pk: int, shared: bool = False) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_keep_notes(viewer, conversation):
        raise Http404
    services.save_note(
        conversation, person=viewer.person, shared=shared, text=request.POST.get("text", "")
    )
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(_("Saved"))
    messages.success(request, _("Saved"))
    return redirect(reverse("conversations:detail", args=[conversation.pk]) + "#notes")


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _viewer(request)
    conversation = _participating_or_404(request, pk)
    if not policy.can_close(viewer, conversation):
        raise Http404
    services.close(conversation, by=request.user)
    messages.success(request, _("The conversation is closed."))
    return redirect("conversations:detail", pk=conversation.pk)
