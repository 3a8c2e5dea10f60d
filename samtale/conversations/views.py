"""Conversation pages: "Mine samtaler", the leader's overview, the conversation page,
and the leader's scheduling actions. Outside the viewer's scope every page answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access import readlog
from samtale.access.http import ViewerRequest
from samtale.access.models import ReadLog
from samtale.conversations import (
    counting,
    leader_links,
    lifecycle,
    policy,
    progress,
    reading,
    services,
    summary_parts,
    todo,
)
from samtale.conversations.followups import queries as followups
from samtale.conversations.forms import CancelForm, RespondForm, ScheduleForm, SummaryForm
from samtale.conversations.kept import conversations_kept
from samtale.conversations.models import (
    Conversation,
    ConversationKind,
    Preparation,
    State,
    TeamPreparationChange,
)
from samtale.conversations.queries import conversation_for, current_of, events_of
from samtale.core.actions import act
from samtale.lib import keptforms
from samtale.lib.reuse import blank_form
from samtale.org.models import Person, Team
from samtale.org.queries import teams_led_by
from samtale.questionnaires.filling import QuestionView, fill_context, save_from_post, value_view

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

EARLIER_PAGE_SIZE = 20
# Later than any start: a conversation without a time sorts as the newest.
NO_TIME_YET = datetime(9999, 12, 31, tzinfo=UTC)
# "Det venter på dig" shows the earliest steps; each list below it shows this many
# conversations a page (the earliest first), with its own page parameter.
WAITING_SHOWN = 20
SECTION_PAGE_SIZE = 20


def _detail(conversation: Conversation, anchor: str = "") -> str:
    return reverse("conversations:detail", args=[conversation.pk]) + anchor


def _section(request: ViewerRequest, conversations: list[Conversation], param: str) -> Page:
    page = Paginator(conversations, SECTION_PAGE_SIZE).get_page(request.GET.get(param))
    page.param = param  # type: ignore[attr-defined]  # for includes/pagination.html
    return page


def _load_shown(conversations: list[Conversation], kinds: list[ConversationKind]) -> None:
    """Give the conversations shown their kind, leader, person and team: one query."""
    by_id = {k.pk: k for k in kinds}
    related = (
        Conversation.objects.filter(pk__in={c.pk for c in conversations})
        .select_related("leader", "person", "team")
        .only("leader__name", "person__name", "team__name")
        .in_bulk()
        if conversations
        else {}
    )
    for conversation in conversations:
        loaded = related[conversation.pk]
        conversation.kind = by_id[conversation.kind_id]
        conversation.leader = loaded.leader
        conversation.person = loaded.person
        conversation.team = loaded.team


def mine(request: ViewerRequest) -> HttpResponse:
    """The person's own conversations: what waits for them (``todo``), then the coming
    ones, the planned ones without a time and the held ones whose summary is not
    accepted yet (each list a page at a time, the earliest first), their follow-up
    requests, and the earlier ones, paginated.

    The lists are kept in the cache (``conversations.kept``: made anew when anything
    about the viewer's conversations, the organisation, the kinds or the viewer's roles
    change, or the day does) until the next start of one of the current conversations,
    when a step and a list change with the time alone."""
    viewer = request.viewer
    if viewer.person is None:
        return render(request, "conversations/mine.html", {"lists": ""})
    kept = conversations_kept(viewer)
    key = kept.cache_key("conversations-mine", request.GET.urlencode())
    now = timezone.now()
    found: tuple[str, datetime | None] | None = caches["pages"].get(key)
    if found is None or (found[1] is not None and found[1] <= now):
        lists, until = _mine_lists(request, viewer, now)
        found = (render_to_string("conversations/_mine_lists.html", lists, request), until)
        caches["pages"].set(key, found, kept.seconds)
    return keptforms.render(
        request,
        "conversations/mine.html",
        {"lists": mark_safe(found[0])},
    )


def _mine_lists(
    request: ViewerRequest, viewer: Viewer, now: datetime
) -> tuple[dict[str, Any], datetime | None]:
    """The lists of "Mine samtaler" at ``now``, and until when they hold: the next start
    of a current conversation (None: no time ahead)."""
    me = viewer.person
    mine = Conversation.objects.visible_to(viewer)
    current = current_of(viewer)
    waiting: list[todo.ToDo] = []
    if me is not None:
        # a leader's, and those handed to a successor who leads nobody yet
        # (``policy.sees_follow_up_list``): whoever holds one sees it
        follow_ups = followups.open_list_for_leader(me)
        waiting = todo.for_viewer(viewer, current, follow_ups=follow_ups, now=now)
    held = [
        c
        for c in current
        if c.state == State.HELD or (c.starts_at and c.starts_at < now and c.state != State.PLANNED)
    ]
    upcoming = [c for c in current if c.starts_at and c.starts_at >= now and c.state != State.HELD]
    sections = {
        "upcoming": _section(request, upcoming, "kommende"),
        "unscheduled": _section(
            request, [c for c in current if c.state == State.PLANNED], "uden-tid"
        ),
        "awaiting_summary": _section(request, held, "afholdte"),
    }
    kinds = list(ConversationKind.objects.all())
    shown_steps = waiting[:WAITING_SHOWN]
    _load_shown(
        [item.conversation for item in shown_steps if item.step != todo.Step.PLAN_FOLLOW_UP]
        + [c for page in sections.values() for c in page.object_list],
        kinds,
    )
    # The earlier ones, newest first (those without a time first, as a descending order
    # puts them), sorted by an expression no index serves: PostgreSQL then starts from the
    # viewer's few conversations (the participants' index) and sorts them, rather than walk
    # every conversation of the organisation backwards by time until it has found a page.
    earlier = (
        mine.for_list()
        .exclude(state__in=lifecycle.CURRENT_STATES)
        .order_by(Coalesce("starts_at", Value(NO_TIME_YET)).desc(), "-pk")
    )
    page = Paginator(earlier, EARLIER_PAGE_SIZE).get_page(request.GET.get("page"))
    starts = [c.starts_at for c in current if c.starts_at is not None and c.starts_at >= now]
    return {
        "waiting": shown_steps,
        "waiting_total": len(waiting),
        **sections,
        "page_obj": page,
        "askable": [kind for kind in kinds if policy.can_ask_for(viewer, kind)],
    }, min(starts, default=None)


def overview(request: ViewerRequest) -> HttpResponse:
    """The leader's people and teams, with the state of this year's conversations, and
    above them how many of the counted (mandatory, yearly) conversations are held,
    planned and missing across all of them (``samtale.conversations.progress``). "This
    year" is what ``counting`` says counts now: the round the leader is in, if any.

    All of it is kept in the cache (``conversations.kept``: made anew when the
    organisation, the leader's conversations, the kinds or the rounds' settings change,
    or the day or the viewer's roles do), so the lists are handed over unread."""
    viewer = request.viewer
    me = viewer.person
    if me is None or not viewer.leads_anyone:
        raise Http404
    page_number = request.GET.get("page")
    return keptforms.render(
        request,
        "conversations/overview.html",
        {
            "lists": SimpleLazyObject(lambda: _overview_lists(viewer, me, page_number)),
            "page_number": page_number or "",
            "kept": conversations_kept(viewer),
        },
    )


def _overview_lists(viewer: Viewer, me: Person, page_number: str | None) -> dict[str, Any]:
    counts_now = counting.for_leader(me)
    counted_q = counts_now.q()
    reports = Person.objects.reports_of(me).active().for_list().with_report_counts()
    page = Paginator(reports, settings.SAMTALE_PAGE_SIZE).get_page(page_number)
    people = list(page.object_list)
    latest: dict[tuple[int, int], Conversation] = {}
    hosted = (
        Conversation.objects.filter(leader=me, person__in=people)
        .exclude(state=State.CANCELLED)
        .filter(counted_q)
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
                    policy.is_offered(kind, leads_others=person.report_count > 0)
                    and counts_now.offered(kind.pk, person.pk),
                )
                for kind in individual
            ],
        }
        for person in people
    ]
    teams = teams_led_by(me)
    team_kinds = [k for k in kinds if k.participation == "team_leader"]
    team_latest: dict[tuple[int, int], Conversation] = {}
    for conversation in (
        Conversation.objects.filter(leader=me, team__in=teams)
        .exclude(state=State.CANCELLED)
        .filter(counted_q)
        .order_by("created_at", "pk")
    ):
        team_latest[(conversation.team_id or 0, conversation.kind_id)] = conversation
    team_rows = [
        {
            "team": team,
            "cells": [
                (k, team_latest.get((team.pk, k.pk)), counts_now.offered(k.pk, team.pk))
                for k in team_kinds
            ],
        }
        for team in teams
    ]
    return {
        "page_obj": page,
        "rows": rows,
        "kinds": individual,
        "team_rows": team_rows,
        "team_kinds": team_kinds,
        "links": leader_links.for_leader(viewer),
        # every report and team, not only this page; kinds nobody is offered left out
        "progress": [
            p
            for p in progress.progress_for_leader(viewer, kinds=every_kind, counting=counts_now)
            if p.total
        ],
        "counting": counts_now,
    }


def detail(request: ViewerRequest, pk: int) -> HttpResponse:
    """The conversation page: what the viewer may read of it (``reading.content_for``,
    which also writes the read log) and what they may do."""
    viewer = request.viewer
    conversation = conversation_for(viewer, pk)
    content = reading.content_for(viewer, conversation, parts=reading.Part.PAGE)
    me = viewer.person
    assert me is not None  # conversation_for: a participant
    # every shared preparation, and the team's (its members see it while it grows)
    shown_preparations = [p for p in content.preparations if p.shared_at or p.is_team]
    current = content.summaries[0] if content.summaries else None
    return render(
        request,
        "conversations/detail.html",
        {
            "conversation": conversation,
            "content": content,
            "participants": content.participants,
            "events": events_of(conversation),
            "can_schedule": policy.can_schedule(viewer, conversation),
            "shared_preparations": [
                (p, content.answers[p.response_id]) for p in shown_preparations
            ],
            "my_preparation": content.prepared.get(me.pk),
            "team_preparation": content.prepared.get(None),
            "preparation_status": [
                (participant, content.prepared.get(participant.person_id))
                for participant in content.participants
                if participant.role == "participant"
            ],
            "can_prepare": policy.can_prepare(viewer, conversation),
            "can_prepare_for_team": policy.can_prepare_for_team(viewer, conversation),
            "agenda": content.agenda,
            "can_propose_theme": policy.can_propose_theme(viewer, conversation),
            "can_keep_notes": policy.can_keep_notes(viewer, conversation),
            "follow_up_requests": content.follow_up_requests,
            "can_close": policy.can_close(viewer, conversation),
            "my_notes": content.my_notes,
            "shared_notes": content.shared_notes,
            "versions": content.summaries,
            "current": current,
            "can_write_summary": policy.can_write_summary(viewer, conversation),
            "can_respond": policy.can_respond(viewer, conversation),
            "my_response": next(
                (r for r in (current.responses.all() if current else []) if r.person_id == me.pk),
                None,
            ),
            "steps": lifecycle.allowed_steps(conversation.state),
            "cancel_form": blank_form(CancelForm),  # the same for every page: kept
        },
    )


@require_POST
def plan(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
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
    return act(
        request,
        lambda: services.plan(kind=kind, person=person, team=team, by=viewer),
        done=_("The conversation is planned. Now choose the time and place."),
        to=lambda conversation: reverse("conversations:schedule", args=[conversation.pk]),
        refused_to=reverse("conversations:overview"),
    )


def _hosted_or_404(request: ViewerRequest, pk: int) -> Conversation:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_schedule(request.viewer, conversation):
        raise Http404
    return conversation


def schedule(request: ViewerRequest, pk: int) -> HttpResponse:
    """Invite (a planned conversation) or move it (an invited one)."""
    conversation = _hosted_or_404(request, pk)
    first_time = conversation.state == State.PLANNED
    if not first_time and not lifecycle.may(conversation.state, "reschedule"):
        raise Http404
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            action = services.invite if first_time else services.reschedule
            try:
                action(
                    conversation,
                    by=request.viewer,
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
                return redirect(_detail(conversation))
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
def cancel(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = _hosted_or_404(request, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.cancel(conversation, by=request.viewer, reason=reason),
        done=_("The conversation is cancelled."),
        to=_detail(conversation),
    )


@require_POST
def hold(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = _hosted_or_404(request, pk)
    return act(
        request,
        lambda: services.mark_held(conversation, by=request.viewer),
        done=_("The conversation is marked as held."),
        to=_detail(conversation),
    )


def summary(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    conversation = conversation_for(viewer, pk)
    if not policy.can_write_summary(viewer, conversation):
        raise Http404
    latest = services.latest_summary(conversation)
    data = request.POST if request.method == "POST" else None
    parts = summary_parts.forms_for(viewer, conversation, latest, data)
    if request.method == "POST":
        form = SummaryForm(request.POST)
        valid = [one.form.is_valid() for one in parts]
        if form.is_valid() and all(valid):
            try:
                services.write_summary(
                    conversation,
                    by=viewer,
                    summary=form.cleaned_data["summary"],
                    agreements=form.cleaned_data["agreements"],
                    parts=summary_parts.cleaned(parts),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The summary is saved. Share it when it is ready to be accepted."),
                )
                return redirect(_detail(conversation))
    else:
        initial = {"summary": latest.summary, "agreements": latest.agreements} if latest else {}
        form = SummaryForm(initial=initial)
    return render(
        request,
        "conversations/summary.html",
        {
            "conversation": conversation,
            "form": form,
            "parts": parts,
            "new_version": latest is not None and latest.shared_at is not None,
        },
    )


@require_POST
def share_summary(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_write_summary(request.viewer, conversation):
        raise Http404
    return act(
        request,
        lambda: services.share_summary(conversation, by=request.viewer),
        done=_("The summary is shared with the participants."),
        to=_detail(conversation),
    )


@require_POST
def respond(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_respond(request.viewer, conversation):
        raise Http404
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_detail(conversation))
    return act(
        request,
        lambda: services.respond_to_summary(
            conversation,
            by=request.viewer,
            accept=form.cleaned_data["accept"],
            comment=form.cleaned_data["comment"],
        ),
        done=_("Thank you. Your answer is saved."),
        to=_detail(conversation),
    )


def reads(request: ViewerRequest) -> HttpResponse:
    """Who else has read the content of the conversations the viewer takes part in (the
    viewer's own reads of the others' content are in the log too, for them to see)."""
    viewer = request.viewer
    mine = Conversation.objects.visible_to(viewer)
    # And every login linked to the viewer's person (whoever has it reads as them).
    log = ReadLog.objects.filter(
        Q(subject_type=reading.READ_LOG_SUBJECT, subject_id__in=mine.values("pk"))
        | Q(
            subject_type=readlog.LOGIN_LINK_SUBJECT,
            subject_id=viewer.person.pk if viewer.person is not None else -1,
        )
    ).exclude(reader=viewer.user)
    page = Paginator(log.order_by("-at", "-pk"), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    read = [e.subject_id for e in page.object_list if e.subject_type == reading.READ_LOG_SUBJECT]
    titles = {c.pk: c for c in Conversation.objects.filter(pk__in=read).for_list()}
    rows = [
        (e, titles.get(e.subject_id) if e.subject_type == reading.READ_LOG_SUBJECT else None)
        for e in page.object_list
    ]
    return render(request, "conversations/reads.html", {"page_obj": page, "rows": rows})


# --- preparation and agenda ---------------------------------------------------------------


def _own_preparation(
    request: ViewerRequest, conversation: Conversation, *, team: bool
) -> Preparation:
    """The preparation to change (made if there is none yet): for a POST."""
    _may_prepare(request, conversation, team=team)
    return services.preparation_of(conversation, by=request.viewer, team=team)


def _may_prepare(request: ViewerRequest, conversation: Conversation, *, team: bool) -> None:
    viewer = request.viewer
    allowed = (
        policy.can_prepare_for_team(viewer, conversation)
        if team
        else policy.can_prepare(viewer, conversation)
    )
    if not allowed:
        raise Http404


HISTORY_SHOWN = 200


@dataclass
class TeamChange:
    change: TeamPreparationChange
    before: QuestionView
    after: QuestionView


def _team_history(preparation: Preparation) -> list[TeamChange]:
    """The latest changes to a team's preparation, with the answers before and after."""
    if preparation.pk is None:
        return []
    changes = preparation.team_changes.select_related("question", "changed_by")[:HISTORY_SHOWN]
    response = preparation.response
    return [
        TeamChange(
            c,
            value_view(c.question, c.old_value, response),
            value_view(c.question, c.new_value, response),
        )
        for c in changes
    ]


def prepare(request: ViewerRequest, pk: int, team: bool = False) -> HttpResponse:
    """Fill in one's own preparation (or, for GRUS, the team's), saved as one types. The
    team's is read only once the conversation is held, with the history of its changes."""
    conversation = conversation_for(request.viewer, pk)
    _may_prepare(request, conversation, team=team)
    # Opening the page writes nothing: a blank preparation is stored on its first save.
    preparation = services.preparation_to_fill(conversation, by=request.viewer, team=team)
    locked = team and not policy.can_change_team_preparation(request.viewer, conversation)
    save_url = reverse(
        "conversations:prepare_team_save" if team else "conversations:prepare_save",
        args=[conversation.pk],
    )
    return render(
        request,
        "conversations/prepare.html",
        {
            "conversation": conversation,
            "preparation": preparation,
            "team": team,
            "locked": locked,
            "history": _team_history(preparation) if team else [],
            # sections that higher apps add (the round's themes)
            "panels": reading.preparation_panels(request.viewer, conversation),
            **fill_context(preparation.response, save_url=save_url, disabled=locked),
        },
    )


@require_POST
def prepare_save(request: ViewerRequest, pk: int, team: bool = False) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    preparation = _own_preparation(request, conversation, team=team)
    return save_from_post(
        request,
        preparation.response,
        lambda question, data: services.save_preparation_answer(
            preparation, question, data, by=request.viewer
        ),
    )


@require_POST
def share_preparation(request: ViewerRequest, pk: int, team: bool = False) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    preparation = _own_preparation(request, conversation, team=team)
    return act(
        request,
        lambda: services.share_preparation(preparation, by=request.viewer),
        done=_("Your preparation is shared with the other participants."),
        to=_detail(conversation),
    )


@require_POST
def propose_theme(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_propose_theme(request.viewer, conversation):
        raise Http404
    return act(
        request,
        lambda: services.propose_theme(
            conversation, by=request.viewer, text=request.POST.get("text", "")
        ),
        done=_("The theme is on the agenda."),
        to=_detail(conversation, "#agenda"),
    )


@require_POST
def withdraw_theme(request: ViewerRequest, pk: int, item: int) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    theme = get_object_or_404(conversation.agenda.all(), pk=item)
    theme.conversation = conversation
    return act(
        request,
        lambda: services.withdraw_theme(theme, by=request.viewer),
        done=None,
        to=_detail(conversation, "#agenda"),
    )


@require_POST
def ask(request: ViewerRequest) -> HttpResponse:
    """Ask one's own leader for a conversation: an En-til-en, an individual MUS, or (for
    a leader) LUS; ``policy.can_ask_for`` says which."""
    viewer = request.viewer
    kind = get_object_or_404(ConversationKind, code=request.POST.get("kind", ""))
    if not policy.can_ask_for(viewer, kind):
        raise Http404
    return act(
        request,
        lambda: services.ask_for(kind, by=viewer),
        done=_("Your leader has been told and will find a time for the conversation."),
        to=_detail,
        refused_to=reverse("conversations:mine"),
    )


@require_POST
def save_note(request: ViewerRequest, pk: int, shared: bool = False) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_keep_notes(request.viewer, conversation):
        raise Http404
    services.save_note(
        conversation, by=request.viewer, shared=shared, text=request.POST.get("text", "")
    )
    if request.htmx:
        return HttpResponse(_("Saved"))
    messages.success(request, _("Saved"))
    return redirect(_detail(conversation, "#notes"))


@require_POST
def close(request: ViewerRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_close(request.viewer, conversation):
        raise Http404
    return act(
        request,
        lambda: services.close(conversation, by=request.viewer),
        done=_("The conversation is closed."),
        to=_detail(conversation),
    )
