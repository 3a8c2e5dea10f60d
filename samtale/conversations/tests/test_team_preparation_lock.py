"""GRUS: the team's shared preparation is locked once the conversation is held (nobody
can overwrite what the team brought to it), and every change to it is kept (who, when,
the answer before and after) and shown to the team's members on its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samtale.conversations import services
from samtale.conversations.models import Preparation, TeamPreparationChange
from samtale.questionnaires.models import Answer, Question, QuestionType
from samtale.testing import factories
from samtale.testing.factories import host

pytestmark = pytest.mark.django_db

MEMBERS = ("employee", "colleague")
LOCKED = "Samtalen er afholdt, så teamets forberedelse er låst. Den kan læses, men ikke ændres."


@pytest.fixture
def grus(personas):
    return factories.invited("grus", team=personas.teams["stue"])


def _question(conversation) -> Question:
    question = (
        Question.objects.filter(
            section__version=conversation.questionnaire_version, type=QuestionType.TEXT
        )
        .order_by("section__order", "order")
        .first()
    )
    assert question is not None
    return question


def _save(client, conversation, text: str):
    question = _question(conversation)
    return client.post(
        reverse("conversations:prepare_team_save", args=[conversation.pk]),
        {"question": question.pk, f"q{question.pk}": text},
        headers={"hx-request": "true"},
    )


def _page(client, conversation) -> str:
    response = client.get(reverse("conversations:prepare_team", args=[conversation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_change_is_kept_with_who_when_and_before_after(client_as, grus, personas):
    assert _save(client_as("employee"), grus, "Mere tid til planlægning").status_code == 200
    assert (
        _save(
            client_as("colleague"), grus, "Mere tid til planlægning og faglig sparring"
        ).status_code
        == 200
    )
    assert (
        _save(
            client_as("colleague"), grus, "Mere tid til planlægning og faglig sparring"
        ).status_code
        == 200
    )
    changes = list(TeamPreparationChange.objects.order_by("pk"))
    assert [(c.changed_by, c.old_value, c.new_value) for c in changes] == [
        (personas.employee, None, "Mere tid til planlægning"),
        (
            personas.colleague,
            "Mere tid til planlægning",
            "Mere tid til planlægning og faglig sparring",
        ),
    ]
    assert all(c.question == _question(grus) and c.changed_at for c in changes)


@pytest.mark.parametrize("persona", MEMBERS)
def test_the_members_see_the_history_on_the_page(client_as, grus, personas, persona):
    _save(client_as("employee"), grus, "Første udkast")
    _save(client_as("colleague"), grus, "Andet udkast")
    html = _page(client_as(persona), grus)
    assert "Ændringer" in html
    assert personas.employee.name in html and personas.colleague.name in html
    assert "Første udkast" in html and "Andet udkast" in html


def test_a_personal_preparation_keeps_no_history(client_as, personas):
    mus = factories.invited("mus", person=personas.employee)
    question = _question(mus)
    client_as("employee").post(
        reverse("conversations:prepare_save", args=[mus.pk]),
        {"question": question.pk, f"q{question.pk}": "Kun mit"},
        headers={"hx-request": "true"},
    )
    assert Answer.objects.filter(value="Kun mit").exists()
    assert not TeamPreparationChange.objects.exists()


@pytest.mark.parametrize("persona", MEMBERS)
def test_locked_once_held(client_as, grus, persona):
    _save(client_as("employee"), grus, "Det vi vil tale om")
    services.mark_held(grus, by=host(grus))
    changes = TeamPreparationChange.objects.count()

    # A page opened before the conversation was held still posts: it is told why not.
    response = _save(client_as(persona), grus, "Overskrevet bagefter")
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert Answer.objects.get(question=_question(grus)).value == "Det vi vil tale om"
    assert TeamPreparationChange.objects.count() == changes

    html = _page(client_as(persona), grus)
    assert LOCKED in html
    assert "Det vi vil tale om" in html
    assert "hx-post" not in html  # nothing on the page saves


def test_the_service_refuses_too(grus, personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    from samtale.testing.factories import actor

    services.mark_held(grus, by=host(grus))
    with pytest.raises((ValidationError, PermissionDenied)):
        services.save_preparation_answer(
            services.preparation_of(grus, by=actor(personas.employee), team=True),
            _question(grus),
            {"value": "x"},
            by=actor(personas.employee),
        )
    assert not Preparation.objects.filter(
        conversation=grus, response__answers__isnull=False
    ).exists()
