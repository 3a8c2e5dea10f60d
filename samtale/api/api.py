"""Samtale's API, version 1 (Django Ninja, OpenAPI 3), at ``/api/v1/``. Read-only.

Every answer is in terms of the viewer (``request.viewer``, as on the pages) and shows
exactly what the conversation page would show them: the same fetch helper
(``conversation_for``: 404 outside the viewer's conversations), the same rules
(``samtale.conversations.policy`` through ``samtale.conversations.reading``) and the same
read log. See docs/api.md.

The module does not use ``from __future__ import annotations``: Ninja reads the
operations' parameter types at import time, through the pagination decorator too.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from ninja import Field, NinjaAPI, P, PathEx, Query, QueryEx, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from samtale.access.http import ViewerRequest
from samtale.api import schemas
from samtale.api.answers import sections_with_answers
from samtale.competences import panel as competence_panel
from samtale.conversations import reading
from samtale.conversations.kept import conversations_kept
from samtale.conversations.models import Conversation, State
from samtale.conversations.policy import conversation_taken_part_q
from samtale.conversations.queries import conversation_for
from samtale.development import panel as development_panel
from samtale.org.models import Person

# Ninja and pydantic expect str; a lazy string becomes the reader's language each time
# the schema is built (per request), so only the type is cast.
_ = cast("Callable[[str], str]", gettext_lazy)

# The largest id a database row can have (a signed 64-bit integer); a larger number in
# the path is refused before it reaches the database.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10**9

api = NinjaAPI(
    title="Samtale API",
    version="1",
    description=_(
        "Read-only access to what you may see in Samtale, in your own name: your "
        "conversations, and the content of each that you may read. Log in to Samtale "
        "first: the API uses your login (the session cookie). Reading someone else's "
        "content is written to the read log, as on the pages."
    ),
    auth=django_auth,
    urls_namespace="api-v1",
)


# --- errors: always JSON with a reason in the reader's language -------------------------


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("Log in to Samtale to use the API.")}, status=401
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same answer whether it does not exist or is not yours: a 404 confirms nothing.
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        {
            "loc": [part for part in error.get("loc", ()) if isinstance(part, str | int)],
            "msg": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    names = sorted({str(p["loc"][-1]) for p in problems if p["loc"]})
    return api.create_response(
        request,
        {
            "detail": gettext("Invalid value for: %(names)s.") % {"names": ", ".join(names)}
            if names
            else gettext("The request is not valid."),
            "errors": problems,
        },
        status=422,
    )


UNAUTHENTICATED: dict[int, Any] = {401: schemas.Error}
ERRORS: dict[int, Any] = {**UNAUTHENTICATED, 422: schemas.InvalidRequest}


# --- who am I ------------------------------------------------------------------------------


@api.get(
    "/me",
    response={200: schemas.Me, **UNAUTHENTICATED},
    summary=_("Who you are"),
    description=_(
        "The person you are logged in as, and whether you lead anyone, have an HR role, "
        "or are an administrator."
    ),
    tags=["me"],
)
def me(request: ViewerRequest) -> dict[str, Any]:
    viewer = request.viewer
    person = viewer.person
    return {
        "person": None
        if person is None
        else {
            "id": person.pk,
            "name": person.name,
            "email": person.email,
            "unit": person.unit.name if person.unit is not None else None,
        },
        "leads_anyone": viewer.leads_anyone,
        "is_hr": viewer.is_hr,
        "is_admin": viewer.is_admin,
    }


# --- conversations ---------------------------------------------------------------------


def _person(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "name": person.name}


def conversation_fields(conversation: Conversation) -> dict[str, Any]:
    """When, where and with whom: what every participant sees, and no content. Needs
    ``for_list()`` (kind, leader, person and team loaded)."""
    return {
        "id": conversation.pk,
        "kind": {"code": conversation.kind.code, "name": conversation.kind.name},
        "state": conversation.state,
        "state_name": conversation.get_state_display(),
        "starts_at": conversation.starts_at,
        "ends_at": conversation.ends_at,
        "duration": conversation.duration,
        "location": conversation.location,
        "video_url": conversation.video_url,
        "leader": _person(conversation.leader),
        "person": _person(conversation.person) if conversation.person else None,
        "team": {"id": conversation.team.pk, "name": conversation.team.name}
        if conversation.team
        else None,
    }


class ListPage(Schema):
    """limit (1 to 100, default SAMTALE_PAGE_SIZE) and offset."""

    limit: int = Field(
        min(settings.SAMTALE_PAGE_SIZE, MAX_PAGE_SIZE),
        ge=1,
        le=MAX_PAGE_SIZE,
        description=_("How many conversations to return (at most 100)."),
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=_("How many conversations to skip."),
    )


# What a list's row is read as: values, not model instances (a page has up to 100).
_SUMMARY_COLUMNS = (
    "pk",
    "kind__code",
    "kind__name_da",
    "kind__name_en",
    "state",
    "starts_at",
    "duration",
    "location",
    "video_url",
    "leader_id",
    "leader__name",
    "person_id",
    "person__name",
    "team_id",
    "team__name",
)


def conversation_rows(
    found: QuerySet[Conversation], offset: int, limit: int
) -> list[dict[str, Any]]:
    """``conversation_fields`` for a page of ``found``, read as values in one query and
    built as ``schemas.ConversationSummary`` gives them (tested against it): a list's
    cost is one query and a dictionary a row."""
    english = get_language() == "en"
    state_names = {value: str(label) for value, label in State.choices}
    out = []
    for (
        pk,
        code,
        name_da,
        name_en,
        state,
        starts_at,
        duration,
        location,
        video_url,
        leader_id,
        leader_name,
        person_id,
        person_name,
        team_id,
        team_name,
    ) in found.values_list(*_SUMMARY_COLUMNS)[offset : offset + limit]:
        if starts_at is None:
            starts = ends = None
        else:
            starts = timezone.localtime(starts_at)
            ends = timezone.localtime(starts_at + timedelta(minutes=duration))
        out.append(
            {
                "id": pk,
                "kind": {"code": code, "name": name_en if english else name_da},
                "state": state,
                "state_name": state_names[state],
                "starts_at": starts,
                "ends_at": ends,
                "duration": duration,
                "location": location,
                "video_url": video_url,
                "leader": {"id": leader_id, "name": leader_name},
                "person": {"id": person_id, "name": person_name} if person_id else None,
                "team": {"id": team_id, "name": team_name} if team_id else None,
            }
        )
    return out


@api.get(
    "/conversations",
    response={200: schemas.ConversationList, **ERRORS},
    summary=_("Your conversations"),
    description=_(
        "The conversations you take part in (as the leader who holds them, as the "
        "person they are with, or as a member of the team), the newest first: those "
        "without a time yet, then by start. Time, place and participants only; no "
        "content."
    ),
    tags=["conversations"],
)
def conversations(
    request: ViewerRequest,
    page: Query[ListPage],
    state: QueryEx[State | None, P(description=_("Only conversations in this state."))] = None,
) -> HttpResponse:
    # The page is kept in the cache as sent (``conversations.kept``: made anew when
    # anything about the viewer's conversations, the organisation or the kinds changes;
    # the list shows nothing that changes with the time alone).
    kept = conversations_kept(request.viewer)
    key = kept.cache_key("api-conversations", state, page.offset, page.limit)
    body = caches["pages"].get(key)
    if body is not None:
        return HttpResponse(body, status=200, content_type=api.get_content_type())
    # Joined with the viewer's participations, so PostgreSQL starts from the
    # participants' index on the person, however many conversations the organisation
    # has. The page is built as values and sent as it is: Ninja would check each row
    # against the schema again (a model-and-schema object per row and part), which cost
    # more than everything else the request does; the tests check the rows against the
    # schema instead.
    found = Conversation.objects.filter(conversation_taken_part_q(request.viewer))
    if state is not None:
        found = found.filter(state=state)
    total = found.count()
    order = (F("starts_at").desc(nulls_first=True), "-pk")
    items = conversation_rows(found.order_by(*order), page.offset, page.limit)
    response = api.create_response(request, {"items": items, "count": total}, status=200)
    caches["pages"].set(key, response.content, kept.seconds)
    return response


@api.get(
    "/conversations/{id}",
    response={200: schemas.ConversationDetail, 404: schemas.Error, **ERRORS},
    summary=_("One of your conversations"),
    description=_(
        "A conversation you take part in, with its participants, agenda, the summary "
        "versions you may see and their answers, and the preparations you may read. "
        "Someone else's conversation answers 404, as if it did not exist. Reading "
        "someone else's content is written to the read log."
    ),
    tags=["conversations"],
)
def conversation(
    request: ViewerRequest,
    id: PathEx[int, P(ge=1, le=MAX_ID)],
) -> dict[str, Any]:
    viewer = request.viewer
    found = conversation_for(viewer, id)
    # What the page shows this viewer, read (and written to the read log) the same way.
    content = reading.content_for(viewer, found, parts=reading.Part.API)
    answers = sections_with_answers([p.response for p in content.preparations])
    plans = content.panel(development_panel.NAME)
    levels = content.panel(competence_panel.NAME)
    levels_by_version = levels.context["by_version"] if levels else {}
    plan = plans.context["plan"] if plans else None
    previous = plans.context["previous"] if plans else None
    return {
        **conversation_fields(found),
        "participants": [
            {"id": p.person.pk, "name": p.person.name, "role": p.role} for p in content.participants
        ],
        "agenda": [
            {
                "text": item.text,
                "proposed_by": _person(item.proposed_by),
                "proposed_at": item.created_at,
            }
            for item in content.agenda
        ],
        "summaries": [
            {
                "number": v.number,
                "summary": v.summary,
                "agreements": v.agreements,
                "written_by": _person(v.written_by),
                "written_at": v.written_at,
                "shared_at": v.shared_at,
                "responses": [
                    {
                        "person": _person(r.person),
                        "accepted": r.accepted,
                        "comment": r.comment,
                        "at": r.at,
                    }
                    for r in v.responses.all()
                ],
                "agreed_levels": [
                    {
                        "competence_id": level.competence_id,
                        "competence": level.name,
                        "level": level.level,
                        "accepted": level.accepted,
                    }
                    for level in levels_by_version.get(v.pk, [])
                ],
            }
            for v in content.summaries
        ],
        "preparations": [
            {
                "person": _person(p.person) if p.person else None,
                "is_team": p.is_team,
                "shared_at": p.shared_at,
                "sections": answers[p.response.pk],
            }
            for p in content.preparations
        ],
        "development_plan": _plan(plan),
        "previous_development_plan": _plan(previous),
    }


def _plan(plan: Any) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "conversation_id": plan.conversation_id,
        "person": _person(plan.person) if plan.person is not None else None,
        "team_id": plan.team_id,
        "goals": [
            {
                "goal": item.goal,
                "proposal": item.proposal,
                "activities": item.activities,
                "activity_list": [
                    {
                        "kind": a.kind,
                        "description": a.description,
                        "cost": a.cost,
                        "hours": a.hours,
                        "starts": a.starts,
                        "ends": a.ends,
                        "responsible": a.responsible,
                        "status": a.status,
                        "decision_reason": getattr(a, "decision_reason", None),
                        "evaluation": a.evaluation,
                    }
                    for a in item.shown_activities
                ],
                "due": item.due,
                "responsible": item.responsible,
                "responsible_name": item.responsible_name(),
                "status": item.status,
                "updated_by": _person(item.updated_by) if item.updated_by else None,
                "updated_at": item.updated_at,
            }
            for item in plan.items.all()
        ],
    }
