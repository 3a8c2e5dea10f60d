"""Preparation is private until shared, through every page; themes are seen by the
other side once proposed; the leader sees who has prepared (not what)."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.questionnaires.models import Question, QuestionType
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

SECRET = "Jeg vil gerne arbejde mere med sprogpakken – æøå"


@pytest.fixture
def mus(personas):
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Kontoret",
    )
    return conversation


def _text_question(conversation) -> Question:
    question = Question.objects.filter(
        section__version=conversation.questionnaire_version, type=QuestionType.TEXT
    ).first()
    assert question is not None
    return question


def _answer(client, conversation, text: str, url_name: str = "conversations:prepare_save"):
    question = _text_question(conversation)
    return client.post(
        reverse(url_name, args=[conversation.pk]),
        {"question": question.pk, f"q{question.pk}": text},
        headers={"hx-request": "true"},
    )


def test_the_conversation_keeps_its_form_version(mus):
    assert mus.questionnaire_version is not None
    assert mus.questionnaire_version.questionnaire.family == "mus"


def test_private_until_shared_then_read_logged(client_as, mus, personas):
    employee = client_as("employee")
    assert employee.get(reverse("conversations:prepare", args=[mus.pk])).status_code == 200
    assert _answer(employee, mus, SECRET).status_code == 200
    detail = reverse("conversations:detail", args=[mus.pk])
    for persona in ("leader",):
        html = client_as(persona).get(detail).content.decode()
        assert SECRET not in html
        assert "Påbegyndt, ikke delt" in html  # the leader sees *that* she has started
    for persona in ("hr", "admin", "chief", "colleague"):
        assert client_as(persona).get(detail).status_code == 404
    assert not ReadLog.objects.exists()
    employee = client_as("employee")
    employee.post(reverse("conversations:share_preparation", args=[mus.pk]))
    html = client_as("leader").get(detail).content.decode()
    assert SECRET in html
    log = ReadLog.objects.get()
    assert log.reader_name == "Lene Leder" and "Emma Ansat" in log.what


def test_nobody_can_fill_in_someone_elses_preparation(client_as, mus):
    for persona in ("colleague", "hr", "admin", "chief"):
        client = client_as(persona)
        assert client.get(reverse("conversations:prepare", args=[mus.pk])).status_code == 404
        assert _answer(client, mus, "x").status_code == 404


def test_the_admin_never_shows_preparations():
    for name in (
        "admin:questionnaires_response_changelist",
        "admin:questionnaires_answer_changelist",
        "admin:conversations_preparation_changelist",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_grus_team_preparation_is_shared_among_members(client_as, personas):
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    services.invite(
        grus, by=host(grus), starts_at=timezone.now() + datetime.timedelta(days=3), location="x"
    )
    emma = client_as("employee")
    assert (
        _answer(
            emma, grus, "Vi vil have mere tid til planlægning", "conversations:prepare_team_save"
        ).status_code
        == 200
    )
    page = reverse("conversations:prepare_team", args=[grus.pk])
    assert (
        "Vi vil have mere tid til planlægning" in client_as("colleague").get(page).content.decode()
    )
    assert client_as("leader").get(page).status_code == 404
    detail = reverse("conversations:detail", args=[grus.pk])
    assert (
        "Vi vil have mere tid til planlægning"
        not in client_as("leader").get(detail).content.decode()
    )
    client_as("colleague").post(reverse("conversations:share_team_preparation", args=[grus.pk]))
    assert (
        "Vi vil have mere tid til planlægning" in client_as("leader").get(detail).content.decode()
    )


def test_themes_are_seen_once_proposed(client_as, mus):
    client_as("employee").post(
        reverse("conversations:propose_theme", args=[mus.pk]), {"text": "Arbejdstider"}
    )
    html = client_as("leader").get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Arbejdstider" in html
    item = mus.agenda.get()
    # only the one who proposed it can withdraw it
    client_as("leader").post(reverse("conversations:withdraw_theme", args=[mus.pk, item.pk]))
    assert mus.agenda.exists()
    client_as("employee").post(reverse("conversations:withdraw_theme", args=[mus.pk, item.pk]))
    assert not mus.agenda.exists()


@pytest.mark.parametrize("persona", ["colleague", "hr", "admin", "outsider"])
def test_outsiders_cannot_propose_themes(client_as, mus, persona):
    response = client_as(persona).post(
        reverse("conversations:propose_theme", args=[mus.pk]), {"text": "x"}
    )
    assert response.status_code == 404
    assert not mus.agenda.exists()
