"""Every conversation and development-plan page and action, for every persona.

Each row names a URL, the method, and who may use it. Every other logged-in persona gets
404 (the page does not even confirm that the conversation exists), and their request
changes nothing and reads nothing: no step, answer, theme, note, summary, request,
document, goal or read-log row. Anonymous is sent to the login page. Who may use a page
gets it (a page, or the redirect after the action), never a 404 or an error.

The conversations: Emma's MUS with Lene (invited), Kasper's MUS with Lene (held, summary
shared, a goal in its plan, a follow-up requested), Kasper's earlier MUS (summary
accepted), the team Mariehønen's GRUS (invited), Lene's LUS with her chief Christian
(invited, a document attached) and Morten's LUS with the board chair Birgit (invited).

Each persona's request runs in a savepoint that is rolled back, so every persona meets
the same data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.documents import services as document_services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import (
    AgendaItem,
    Conversation,
    ConversationDocument,
    ConversationEvent,
    FollowUpRequest,
    Note,
    Preparation,
    SummaryResponse,
    SummaryVersion,
)
from samtale.development import services as plan_services
from samtale.development.models import Activity, JobDescriptionRevision, PlanItem, Responsible
from samtale.questionnaires.filling import field_name
from samtale.questionnaires.models import Answer, Question
from samtale.testing import factories, worlds
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN
from samtale.testing.safepages import assert_safe_and_private

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class World:
    mus: Conversation
    held: Conversation
    accepted: Conversation
    grus: Conversation
    lus: Conversation
    board_lus: Conversation
    theme: AgendaItem
    goal: PlanItem
    request: FollowUpRequest
    document: ConversationDocument
    ids: dict[str, Any] = field(default_factory=dict)


def _invited(kind: str, *, person: Any = None, team: Any = None) -> Conversation:
    return factories.invited(kind, person=person, team=team)


def _held_with_summary(person: Any, leader: Any) -> Conversation:
    conversation = _invited("mus", person=person)
    services.mark_held(conversation, by=host(conversation))
    services.write_summary(conversation, by=host(conversation), summary="Et godt år.")
    services.share_summary(conversation, by=host(conversation))
    return conversation


@worlds.world(on="personas", media=True)
def access_matrix(personas) -> World:
    """The conversations above, built once per test process (samtale.testing.worlds)."""
    p = personas
    mus = _invited("mus", person=p.employee)
    theme = services.propose_theme(mus, by=actor(p.employee), text="Kurser i foråret")
    accepted = _held_with_summary(p.colleague, p.leader)
    services.respond_to_summary(accepted, by=actor(p.colleague), accept=True)
    held = _held_with_summary(p.colleague, p.leader)
    goal = plan_services.add_item(
        held, by=actor(p.leader), goal="Lede morgenmødet", responsible=Responsible.PERSON
    )
    request = follow_up_services.request_follow_up(held, by=actor(p.colleague), reason="Kurset")
    grus = _invited("grus", team=p.teams["stue"])
    lus = _invited("lus", person=p.leader)
    document = document_services.attach_document(
        lus,
        by=actor(p.leader),
        upload=SimpleUploadedFile("stilling.pdf", PDF, content_type="application/pdf"),
        title="Stillingsbeskrivelse",
    )
    board_lus = _invited("lus", person=p.mae_leader)
    return World(mus, held, accepted, grus, lus, board_lus, theme, goal, request, document)


@pytest.fixture
def world(access_matrix: World) -> World:
    return access_matrix


def fingerprint() -> tuple[Any, ...]:
    """Everything a request could change or read, in one comparable value."""
    return (
        tuple(Conversation.objects.order_by("pk").values_list("pk", "state", "sequence")),
        ConversationEvent.objects.count(),
        tuple(Preparation.objects.order_by("pk").values_list("pk", "shared_at")),
        tuple(Answer.objects.order_by("pk").values_list("pk", "updated")),
        tuple(AgendaItem.objects.order_by("pk").values_list("pk", "text")),
        tuple(Note.objects.order_by("pk").values_list("pk", "text")),
        tuple(SummaryVersion.objects.order_by("pk").values_list("pk", "summary", "shared_at")),
        tuple(SummaryResponse.objects.order_by("pk").values_list("pk", "accepted", "comment")),
        tuple(
            FollowUpRequest.objects.order_by("pk").values_list("pk", "withdrawn_at", "follow_up")
        ),
        tuple(ConversationDocument.objects.order_by("pk").values_list("pk", "title")),
        tuple(PlanItem.objects.order_by("pk").values_list("pk", "goal", "status", "proposal")),
        tuple(Activity.objects.order_by("pk").values_list("pk", "status")),
        tuple(JobDescriptionRevision.objects.order_by("pk").values_list("pk", "done_at")),
        ReadLog.objects.count(),
    )


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] = lambda w: {}


def case(
    name: str,
    method: str,
    url: Callable[[World], str],
    allowed: set[str],
    data: Callable[[World], dict[str, Any]] | None = None,
) -> Case:
    return Case(name, method, url, frozenset(allowed), data or (lambda w: {}))


def conv(url_name: str, which: str) -> Callable[[World], str]:
    return lambda w: reverse(url_name, args=[getattr(w, which).pk])


def answer(which: str) -> Callable[[World], dict[str, Any]]:
    """A POST that saves an answer to the first text question of the conversation's form."""

    def data(w: World) -> dict[str, Any]:
        conversation = getattr(w, which)
        question = (
            Question.objects.filter(
                section__version_id=conversation.questionnaire_version_id, type="text"
            )
            .order_by("section__order", "order")
            .first()
        )
        assert question is not None
        return {"question": question.pk, field_name(question): "Et svar"}

    return data


PEOPLE = set(LOGGED_IN) - {"admin"}  # every persona who is a person in the organisation
MUS = {"employee", "leader"}
HELD = {"colleague", "leader"}
GRUS = {"employee", "colleague", "leader"}
LUS = {"leader", "chief"}
LEADERS = {"leader", "chief", "board_chair"}

CASES = [
    # --- pages ---------------------------------------------------------------------
    case("my conversations", "get", lambda w: reverse("conversations:mine"), set(LOGGED_IN)),
    case("my people", "get", lambda w: reverse("conversations:overview"), LEADERS),
    case("follow-ups asked of me", "get", lambda w: reverse("conversations:followups"), LEADERS),
    case("who has read", "get", lambda w: reverse("conversations:reads"), set(LOGGED_IN)),
    case("calendar address", "get", lambda w: reverse("conversations:feed_settings"), PEOPLE),
    case("my development plan", "get", lambda w: reverse("development:mine"), PEOPLE),
    case("kinds", "get", lambda w: reverse("conversations:kinds"), {"admin"}),
    case(
        "kind",
        "get",
        lambda w: reverse("conversations:kind_edit", args=["mus"]),
        {"admin"},
    ),
    case("MUS page", "get", conv("conversations:detail", "mus"), MUS),
    case("held MUS page", "get", conv("conversations:detail", "held"), HELD),
    case("GRUS page", "get", conv("conversations:detail", "grus"), GRUS),
    case("LUS page", "get", conv("conversations:detail", "lus"), LUS),
    case("board chair's LUS", "get", conv("conversations:detail", "board_lus"), {"board_chair"}),
    case("invite or move", "get", conv("conversations:schedule", "mus"), {"leader"}),
    case("move a LUS", "get", conv("conversations:schedule", "lus"), {"chief"}),
    case(
        "move the board's LUS", "get", conv("conversations:schedule", "board_lus"), {"board_chair"}
    ),
    case("write the summary", "get", conv("conversations:summary", "held"), {"leader"}),
    case(
        "a follow-up request",
        "get",
        lambda w: reverse("conversations:followup_detail", args=[w.request.pk]),
        HELD,  # Kasper, who asked, and Lene, who holds it
    ),
    case("preparation", "get", conv("conversations:prepare", "mus"), MUS),
    case(
        "team preparation",
        "get",
        conv("conversations:prepare_team", "grus"),
        {"employee", "colleague"},
    ),
    case("PDF", "get", conv("conversations:pdf", "mus"), MUS),
    case("LUS as PDF", "get", conv("conversations:pdf", "lus"), LUS),
    case(
        "document",
        "get",
        lambda w: reverse("conversations:document_download", args=[w.lus.pk, w.document.pk]),
        LUS,
    ),
    case(
        "change a goal",
        "get",
        lambda w: reverse("development:change_item", args=[w.goal.pk]),
        {"leader"},
    ),
    # --- actions -------------------------------------------------------------------
    case("mark as held", "post", conv("conversations:hold", "mus"), {"leader"}),
    case("cancel", "post", conv("conversations:cancel", "mus"), {"leader"}),
    case(
        "move",
        "post",
        conv("conversations:schedule", "mus"),
        {"leader"},
        lambda w: {
            "date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "time": "09:00",
            "duration": "30",
            "location": "Kontoret",
        },
    ),
    case(
        "save the summary",
        "post",
        conv("conversations:summary", "held"),
        {"leader"},
        lambda w: {"summary": "Ny version", "agreements": ""},
    ),
    case("share the summary", "post", conv("conversations:share_summary", "held"), {"leader"}),
    case(
        "answer the summary",
        "post",
        conv("conversations:respond", "held"),
        {"colleague"},
        lambda w: {"accept": "1", "comment": ""},
    ),
    case("close", "post", conv("conversations:close", "accepted"), {"leader"}),
    case(
        "save an answer",
        "post",
        conv("conversations:prepare_save", "mus"),
        MUS,
        answer("mus"),
    ),
    case("share the preparation", "post", conv("conversations:share_preparation", "mus"), MUS),
    case(
        "save the team's answer",
        "post",
        conv("conversations:prepare_team_save", "grus"),
        {"employee", "colleague"},
        answer("grus"),
    ),
    case(
        "share the team's preparation",
        "post",
        conv("conversations:share_team_preparation", "grus"),
        {"employee", "colleague"},
    ),
    case(
        "propose a theme",
        "post",
        conv("conversations:propose_theme", "mus"),
        MUS,
        lambda w: {"text": "Et nyt tema"},
    ),
    case(
        "withdraw a theme",
        "post",
        lambda w: reverse("conversations:withdraw_theme", args=[w.mus.pk, w.theme.pk]),
        MUS,  # the leader is told it is not theirs to withdraw
    ),
    case(
        "private notes",
        "post",
        conv("conversations:save_note", "mus"),
        MUS,
        lambda w: {"text": "Mine tanker"},
    ),
    case(
        "shared notes",
        "post",
        conv("conversations:save_shared_note", "mus"),
        MUS,
        lambda w: {"text": "Fælles"},
    ),
    case(
        "ask for a conversation",
        "post",
        lambda w: reverse("conversations:ask"),
        {"employee", "colleague", "leader", "tr", "amr", "outsider"},
        lambda w: {"kind": "en-til-en"},
    ),
    case(
        "ask for a follow-up",
        "post",
        conv("conversations:followup_request", "accepted"),
        {"colleague"},
        lambda w: {"reason": "Vi skal følge op"},
    ),
    case(
        "plan the follow-up",
        "post",
        lambda w: reverse("conversations:followup_plan", args=[w.request.pk]),
        {"leader"},
    ),
    case(
        "withdraw the follow-up request",
        "post",
        lambda w: reverse("conversations:followup_withdraw", args=[w.request.pk]),
        {"colleague"},
    ),
    case(
        "attach a document",
        "post",
        conv("conversations:documents_upload", "lus"),
        LUS,
        lambda w: {
            "file": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
            "category": "quality_report",
            "title": "",
        },
    ),
    case(
        "delete a document",
        "post",
        lambda w: reverse("conversations:document_delete", args=[w.lus.pk, w.document.pk]),
        {"leader"},  # who uploaded it
    ),
    case(
        "add a goal",
        "post",
        lambda w: reverse("development:add_item", args=[w.held.pk]),
        HELD,  # Kasper, whose plan it is, proposes it
        lambda w: {"goal": "Nyt mål", "activities": "", "due": "", "responsible": "both"},
    ),
    case(
        "add an activity",
        "post",
        lambda w: reverse("development:add_activity", args=[w.goal.pk]),
        HELD,  # Kasper, whose plan it is, proposes it
        lambda w: {"kind": "course", "description": "Kursus", "responsible": "both"},
    ),
    case(
        "mark the job description for revision",
        "post",
        lambda w: reverse("development:mark_for_revision", args=[w.held.pk]),
        HELD,
        lambda w: {"reason": "Ny opgave"},
    ),
    case(
        "change a goal",
        "post",
        lambda w: reverse("development:change_item", args=[w.goal.pk]),
        {"leader"},
        lambda w: {"goal": "Ændret", "activities": "", "due": "", "responsible": "both"},
    ),
    case(
        "remove a goal",
        "post",
        lambda w: reverse("development:remove_item", args=[w.goal.pk]),
        {"leader"},
    ),
    case(
        "follow up on a goal",
        "post",
        lambda w: reverse("development:set_status", args=[w.goal.pk]),
        HELD,
        lambda w: {"status": "under_way"},
    ),
]


def _request(client: Any, case_: Case, world: World) -> Any:
    url = case_.url(world)
    if case_.method == "get":
        return client.get(url)
    return client.post(url, case_.data(world))


class _Undo(Exception):
    """Raised to roll back what one persona's request did."""


@pytest.mark.parametrize("case_", CASES, ids=[f"{c.method} {c.name}" for c in CASES])
def test_every_persona(case_, world, client_as, personas):
    for persona in LOGGED_IN:
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            before = fingerprint()
            response = _request(client, case_, world)
            if persona in case_.allowed:
                assert response.status_code in (200, 302), f"{persona}: {response.status_code}"
                if response.status_code == 302:
                    assert "/login/" not in response["Location"], persona
            else:
                assert response.status_code == 404, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona} changed or read something"
            raise _Undo
    client = client_as("anonymous")
    before = fingerprint()
    response = _request(client, case_, world)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert fingerprint() == before


GETS = [c for c in CASES if c.method == "get"]


@pytest.mark.parametrize("case_", GETS, ids=[c.name for c in GETS])
def test_a_page_writes_nothing_and_is_not_stored(case_, world, client_as):
    """Opening a page never creates or changes a row (GET is safe: a prefetching browser
    or a colleague's glance must change nothing), and the browser is told not to keep it
    (Cache-Control: no-store: shared staff-room PCs)."""
    for persona in sorted(case_.allowed):
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, case_, world)
            assert_safe_and_private(response, queries, persona)
            raise _Undo
