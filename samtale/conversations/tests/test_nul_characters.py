"""A NUL character (U+0000) in any text input is refused with a clean 400 before any
view runs, so nothing is stored (PostgreSQL cannot store it in text and would answer
500). The rule lives in one place: samtale.core.middleware.RefuseNulCharacters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.models import AgendaItem, ConversationKind, Note
from samtale.questionnaires.models import Answer, Question, QuestionType
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

HOSTILE = "Før\x00efter"
MESSAGE = "Teksten indeholder et ugyldigt tegn (NUL). Fjern det, og prøv igen."


def _invited(conversation):
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Kontoret",
    )
    return conversation


@pytest.fixture
def mus(personas):
    return _invited(
        services.plan(
            kind=ConversationKind.objects.get(code="mus"),
            person=personas.employee,
            by=actor(personas.employee.manager),
        )
    )


@pytest.fixture
def grus(personas):
    team = personas.teams["stue"]
    return _invited(
        services.plan(
            kind=ConversationKind.objects.get(code="grus"), team=team, by=actor(team.leader)
        )
    )


def _refused(response) -> None:
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_a_note_with_nul_is_refused_and_not_stored(client_as, mus, persona, htmx):
    headers = {"hx-request": "true"} if htmx else {}
    for name in ("conversations:save_note", "conversations:save_shared_note"):
        _refused(
            client_as(persona).post(
                reverse(name, args=[mus.pk]), {"text": HOSTILE}, headers=headers
            )
        )
    assert not Note.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_a_theme_with_nul_is_refused_and_not_stored(client_as, mus, persona):
    _refused(
        client_as(persona).post(
            reverse("conversations:propose_theme", args=[mus.pk]), {"text": HOSTILE}
        )
    )
    assert not AgendaItem.objects.exists()


def _answer(client, conversation, url_name: str):
    question = Question.objects.filter(
        section__version=conversation.questionnaire_version, type=QuestionType.TEXT
    ).first()
    assert question is not None
    return client.post(
        reverse(url_name, args=[conversation.pk]),
        {"question": question.pk, f"q{question.pk}": HOSTILE},
        headers={"hx-request": "true"},
    )


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_a_preparation_answer_with_nul_is_refused_and_not_stored(client_as, mus, persona):
    _refused(_answer(client_as(persona), mus, "conversations:prepare_save"))
    assert not Answer.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "colleague"])
def test_a_team_preparation_answer_with_nul_is_refused_and_not_stored(client_as, grus, persona):
    _refused(_answer(client_as(persona), grus, "conversations:prepare_team_save"))
    assert not Answer.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "hr", "admin"])
def test_a_search_with_nul_is_refused(client_as, persona):
    _refused(client_as(persona).get(reverse("org:search"), {"q": "Emma\x00"}))


def test_text_without_nul_still_saves(client_as, mus):
    response = client_as("employee").post(
        reverse("conversations:propose_theme", args=[mus.pk]), {"text": "Før og efter"}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().text == "Før og efter"


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_the_api_answers_a_nul_in_its_own_shape(client_as, persona):
    response = client_as(persona).get("/api/v1/conversations", {"state": "held\x00"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == MESSAGE
    assert body["errors"][0]["loc"] == ["query", "state"]
