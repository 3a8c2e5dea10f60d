"""The conversation page of a round's conversation costs at most 15 queries (issue 9 §5),
as the benchmark database has them: the round with themes linked to strategic goals, its
units, and plans whose goals are linked to competences and have activities. The pins of
``conversations/tests/test_pages.py`` and ``development/tests/test_plans.py`` hold the
same for conversations outside any round.

Each test reads the page once first (a published form's sections and questions, and
what else is kept per process, are read then), then counts the second reading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.access.viewer import acting_as
from samtale.competences.models import Competence
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation
from samtale.development import services as plan_services
from samtale.development.models import ActivityKind
from samtale.org import services as org_services
from samtale.questionnaires import services as questionnaire_services
from samtale.questionnaires.models import Question
from samtale.rounds import services
from samtale.rounds.models import Round, RoundConversation
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

# Issue 9 §5. The pages ask (2026-12-07, later): the invited MUS and GRUS 13, the held
# GRUS and MUS 14, and 15 with documents and a follow-up request too: the session, the
# viewer, the conversation with its people (and whether it has documents and follow-up
# requests, and its round's units), agenda, preparations, their answers, [held: summary
# versions with their answers (``reading._answered``), notes], [the follow-up requests,
# the documents], the round's themes with their goals, the person's or team's plans,
# their goals, their activities, the read log's one insert, the history. Before held,
# no summary is read; notes are read in any state.
MOST = 15


@pytest.fixture
def hr(personas):
    return acting_as(personas.hr)


@pytest.fixture
def team(personas):
    """A team of six in Solsikken (Emma, Kasper and four more), holding a GRUS in the round."""
    newcomers = [
        org_services.create_person(
            name=f"Solstråle {i}", unit=personas.units["SOL"], manager=personas.leader
        )
        for i in range(4)
    ]
    return org_services.create_team(
        name="Stue Solstrålen",
        unit=personas.units["SOL"],
        leader=personas.leader,
        members=[personas.employee, personas.colleague, *newcomers],
    )


@pytest.fixture
def round_(personas, hr, team) -> Round:
    """A running round over Dagtilbud Nord with three themes, two of them serving
    strategic goals of Børn og Unge and Dagtilbud Nord, announced (launched)."""
    language = services.add_goal(personas.units["BU"], by=hr, title="Alle børn lærer sprog")
    health = services.add_goal(personas.units["BU"], by=hr, title="Sundhed og trivsel")
    nature = services.add_goal(personas.units["DN"], by=hr, title="Ud i naturen")
    round_ = factories.running_round(hr, [personas.units["DN"]], name="MUS 2026", began_days_ago=10)
    services.add_theme(round_, by=hr, title="Sprog i hverdagen", goals=[language, health])
    services.add_theme(round_, by=hr, title="Naturen som rum", goals=[nature])
    services.add_theme(round_, by=hr, title="Arbejdsmiljø")
    return services.announce(round_, by=hr, override_reason="Test")


def in_round(round_: Round, **which) -> Conversation:
    return RoundConversation.objects.get(round=round_, **which).conversation


def invite(conversation: Conversation, *, hours: float = 0, days: float = 3) -> Conversation:
    return conversation_services.invite(
        conversation,
        by=host(conversation),
        starts_at=factories.soon(days, hours=hours),
        location=factories.PLACE,
    )


def share_answer(conversation: Conversation, person, *, team: bool = False) -> None:
    """``person`` prepares (``team``: the team's preparation), answers and shares."""
    question = (
        Question.objects.filter(section__version=conversation.questionnaire_version, type="text")
        .order_by("section__order", "order", "pk")
        .first()
    )
    assert question is not None
    preparation = conversation_services.preparation_of(conversation, by=actor(person), team=team)
    questionnaire_services.save_answer(
        preparation.response, question, {"value": f"Svar fra {person.name}"}
    )
    conversation_services.share_preparation(preparation, by=actor(person))


def plan_with_goals(conversation: Conversation, leader, *, goal: str) -> None:
    """Two goals, each linked to a competence, each with an activity."""
    competences = list(Competence.objects.filter(active=True).order_by("pk")[:2])
    for n, competence in enumerate(competences):
        item = plan_services.add_item(
            conversation, by=actor(leader), goal=f"{goal} {n}", competence=competence
        )
        plan_services.add_activity(
            item,
            by=actor(leader),
            kind=ActivityKind.COURSE,
            description=f"Kursus til {goal} {n}",
            cost=Decimal("1200.00"),
            hours=Decimal("7.5"),
        )


def counted(client, conversation: Conversation) -> tuple[int, str]:
    """The queries of the page's second reading, and the page."""
    url = reverse("conversations:detail", args=[conversation.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    asked = [q["sql"] for q in queries.captured_queries]
    print(len(asked), *(sql[:160] for sql in asked), sep="\n  ")
    return len(asked), page.content.decode()


def assert_at_most(count: int, most: int = MOST) -> None:
    assert count <= most, f"{count} queries, at most {most}"


def last_years(kind_code: str, leader, **whom) -> Conversation:
    """Last year's conversation, held and its summary accepted, with a plan of two goals
    (each linked to a competence, with an activity): the plan this year's follows up."""
    conversation = factories.accepted(factories.held(kind_code, days_ago=360, **whom))
    plan_with_goals(conversation, leader, goal="Sidste års mål")
    return conversation


def hold_and_accept(conversation: Conversation, leader) -> Conversation:
    """Marked as held, notes kept, the summary written, shared and accepted by every
    participant, and this year's plan written."""
    conversation_services.mark_held(conversation, by=host(conversation))
    conversation_services.save_note(conversation, by=actor(leader), shared=True, text="Fælles")
    conversation_services.save_note(conversation, by=actor(leader), shared=False, text="Mine")
    conversation = factories.accepted(conversation)
    plan_with_goals(conversation, leader, goal="Årets mål")
    return conversation


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_an_invited_mus_in_a_round(client_as, personas, round_, persona):
    """Emma's MUS of the round, invited: themes proposed by both, both preparations
    shared, and last year's plan to follow up."""
    employee, leader = personas.employee, personas.leader
    last_year = last_years("mus", leader, person=employee)
    mus = invite(in_round(round_, conversation__person=employee))
    conversation_services.propose_theme(mus, by=actor(employee), text="Min arbejdstid")
    conversation_services.propose_theme(mus, by=actor(leader), text="Næste år")
    for person in (employee, leader):
        share_answer(mus, person)
    count, page = counted(client_as(persona), mus)
    assert "Rundens temaer" in page and "Sprog i hverdagen" in page
    assert "Alle børn lærer sprog" in page and "Ud i naturen" in page
    assert "Min arbejdstid" in page and "Svar fra Emma Ansat" in page
    assert "Kursus til Sidste års mål 1" in page
    assert reverse("conversations:detail", args=[last_year.pk]) in page
    assert_at_most(count)


@pytest.mark.parametrize("held", [False, True], ids=["invited", "held"])
@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_a_grus_with_several_members_in_a_round(client_as, personas, round_, team, persona, held):
    """The team's GRUS of the round, invited (every member's and the team's preparation
    shared, a theme proposed) or also held (notes, the summary accepted by every member,
    this year's team plan); last year's team plan to follow up either way."""
    leader = personas.leader
    last_years("grus", leader, team=team)
    grus = invite(in_round(round_, conversation__team=team), days=0 if held else 3, hours=1)
    for member in team.members.all():
        share_answer(grus, member)
    share_answer(grus, personas.employee, team=True)
    conversation_services.propose_theme(grus, by=actor(personas.colleague), text="Vores stue")
    if held:
        grus = hold_and_accept(grus, leader)
    count, page = counted(client_as(persona), grus)
    assert "Rundens temaer" in page and "Ud i naturen" in page
    assert "Svar fra Solstråle 3" in page and "Vores stue" in page
    assert "Kursus til Sidste års mål 1" in page
    assert ("Kursus til Årets mål 1" in page) == held
    assert_at_most(count)


def test_a_held_mus_with_this_and_last_years_plan_in_a_round(client_as, personas, round_):
    """Kasper's MUS of the round, held: both preparations shared, notes, the summary
    accepted, this year's plan written (goals linked to competences, with activities)
    and last year's plan followed up."""
    leader, colleague = personas.leader, personas.colleague
    last_year = last_years("mus", leader, person=colleague)
    mus = invite(in_round(round_, conversation__person=colleague), days=0, hours=1)
    for person in (colleague, leader):
        share_answer(mus, person)
    mus = hold_and_accept(mus, leader)
    count, page = counted(client_as("leader"), mus)
    assert "Rundens temaer" in page and "Sprog i hverdagen" in page
    assert "Svar fra Kasper Kollega" in page and "Et godt år." in page
    assert "Sidste års mål 1" in page and "Årets mål 1" in page
    assert "Kursus til Årets mål 0" in page and "Kursus til Sidste års mål 1" in page
    assert reverse("conversations:detail", args=[last_year.pk]) in page
    assert_at_most(count)


def test_documents_and_a_follow_up_request_cost_a_query_each_when_there_are_any(
    client_as, personas, round_, settings, tmp_path
):
    """The page asks with the conversation whether it has documents and follow-up
    requests, and reads none when it has none (most have none); with them, each costs
    its query and is shown."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samtale.conversations.documents import services as document_services
    from samtale.conversations.followups import services as followup_services

    settings.MEDIA_ROOT = tmp_path / "media"
    leader, colleague = personas.leader, personas.colleague
    last_years("mus", leader, person=colleague)
    mus = invite(in_round(round_, conversation__person=colleague), days=0, hours=1)
    mus = hold_and_accept(mus, leader)
    without, _page = counted(client_as("leader"), mus)
    document_services.attach_document(
        mus,
        by=actor(colleague),
        upload=SimpleUploadedFile(
            "Kursusbevis.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
            content_type="application/pdf",
        ),
        title="Kursusbevis",
    )
    followup_services.request_follow_up(mus, by=actor(colleague), reason="Min nye vagtplan")
    count, page = counted(client_as("leader"), mus)
    assert "Kursusbevis" in page and "Min nye vagtplan" in page
    assert count == without + 2
    assert_at_most(count)  # everything a conversation can have, at once
