"""The form builder pages (/samtaleskemaer/): who may use them, a whole form built,
previewed and published through the pages, and pinned query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.org import services as org_services
from samtale.org.models import Role
from samtale.questionnaires import services
from samtale.questionnaires.models import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    VersionStatus,
)
from samtale.questionnaires.tests.factories import draft_with_every_type
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

OTHERS = tuple(name for name in LOGGED_IN if name != "admin")


@pytest.fixture
def draft():
    version, questions = draft_with_every_type()
    return version, questions


def _pages(version, questions) -> list[tuple[str, str]]:
    """(method, url) of every builder page and action."""
    section = questions["text"].section
    question = questions["text"]
    form = version.questionnaire
    return [
        ("get", reverse("questionnaires:list")),
        ("get", reverse("questionnaires:create")),
        ("post", reverse("questionnaires:create")),
        ("get", reverse("questionnaires:form", args=[form.pk])),
        ("post", reverse("questionnaires:new_draft", args=[form.pk])),
        ("get", reverse("questionnaires:version", args=[version.pk])),
        ("get", reverse("questionnaires:preview", args=[version.pk])),
        ("get", reverse("questionnaires:publish", args=[version.pk])),
        ("post", reverse("questionnaires:publish", args=[version.pk])),
        ("post", reverse("questionnaires:delete_draft", args=[version.pk])),
        ("get", reverse("questionnaires:section_add", args=[version.pk])),
        ("get", reverse("questionnaires:section", args=[section.pk])),
        ("post", reverse("questionnaires:section_delete", args=[section.pk])),
        ("post", reverse("questionnaires:section_move", args=[section.pk])),
        ("get", reverse("questionnaires:question_add", args=[section.pk])),
        ("get", reverse("questionnaires:question", args=[question.pk])),
        ("post", reverse("questionnaires:question_delete", args=[question.pk])),
        ("post", reverse("questionnaires:question_move", args=[question.pk])),
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_closed_to_everyone_but_administrators_and_organisation_hr(client_as, persona, draft):
    client = client_as(persona)
    for method, url in _pages(*draft):
        response = getattr(client, method)(url, {"direction": "up", "name": "X"})
        assert response.status_code == 404, (persona, method, url)
    # Nothing changed.
    version, _ = draft
    assert QuestionnaireVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT
    assert Question.objects.filter(section__version=version).count() == 5


def test_anonymous_is_sent_to_login(client_as, draft):
    client = client_as("anonymous")
    for method, url in _pages(*draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["admin", "hr_top"])
def test_administrators_and_organisation_hr_see_every_page(client_as, personas, persona, draft):
    if persona == "hr_top":
        org_services.grant_role(personas.hr, Role.HR, personas.units["K"])
        persona = "hr"
    client = client_as(persona)
    for method, url in _pages(*draft):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_menu_shows_the_builder_only_to_those_allowed(client_as, personas):
    url = reverse("questionnaires:list")
    assert f'href="{url}"' in client_as("admin").get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_as("hr").get(reverse("home")).content.decode()
    org_services.grant_role(personas.hr, Role.HR, personas.units["K"])
    assert f'href="{url}"' in client_as("hr").get(reverse("home")).content.decode()


def test_build_preview_and_publish_a_form_through_the_pages(client_as, personas):
    org_services.grant_role(personas.hr, Role.HR, personas.units["K"])
    client = client_as("hr")

    response = client.post(
        reverse("questionnaires:create"),
        {"name": "Trivselssamtale", "family": "", "language": "da", "description": "Kort."},
    )
    form = Questionnaire.objects.get(name="Trivselssamtale")
    assert form.family == "trivselssamtale"
    version = form.versions.get()
    edit_url = reverse("questionnaires:version", args=[version.pk])
    assert response["Location"] == edit_url

    # A section, then one question of each type.
    response = client.post(
        reverse("questionnaires:section_add", args=[version.pk]),
        {"title": "Hverdagen", "intro": "Om din hverdag."},
    )
    assert response.status_code == 302
    section = version.sections.get()
    add_url = reverse("questionnaires:question_add", args=[section.pk])
    posts = [
        {"type": "text", "text": "Hvad fylder mest?", "help_text": "Skriv frit."},
        {"type": "scale", "text": "Hvordan trives du?", "required": "on", "labels": ""},
        {"type": "single", "text": "Arbejdsmængden?", "choices": "For lidt\nPassende\nFor meget"},
        {"type": "multiple", "text": "Hvad vil du tale om?", "choices": "Tempo\nRammer\n"},
        {"type": "competence_grid", "text": "Kompetencer", "choices": "Faglighed\nSamarbejde"},
        {"type": "competence_grid", "text": "Fra kataloget", "from_catalogue": "on"},
    ]
    for data in posts:
        response = client.post(add_url, data)
        assert response.status_code == 302, response.content.decode()
    questions = list(section.questions.order_by("order"))
    assert [q.type for q in questions] == [
        "text",
        "scale",
        "single",
        "multiple",
        "competence_grid",
        "competence_grid",
    ]
    assert questions[1].options["labels"][4] == "Meget godt"  # the standard labels
    assert questions[1].required
    assert questions[2].choices == ["For lidt", "Passende", "For meget"]
    assert questions[4].rows == ["Faglighed", "Samarbejde"]
    assert questions[5].options["source"] == "catalogue"

    # A bad question is shown back with the reason, and nothing is added.
    response = client.post(add_url, {"type": "single", "text": "Kun ét valg?", "choices": "Ja"})
    assert response.status_code == 400
    assert "between 2" in response.content.decode() or "mellem 2" in response.content.decode()
    assert section.questions.count() == 6

    # Edit and move.
    response = client.post(
        reverse("questionnaires:question", args=[questions[0].pk]),
        {"type": "text", "text": "Hvad fylder mest lige nu?"},
    )
    assert response.status_code == 302
    client.post(
        reverse("questionnaires:question_move", args=[questions[5].pk]), {"direction": "up"}
    )
    order = list(section.questions.order_by("order").values_list("pk", flat=True))
    assert order[4] == questions[5].pk
    client.post(reverse("questionnaires:question_delete", args=[questions[5].pk]))
    assert section.questions.count() == 5

    # The edit page lists it all; the preview shows the form as it will be filled in.
    page = client.get(edit_url).content.decode()
    assert "Hvad fylder mest lige nu?" in page
    preview = client.get(reverse("questionnaires:preview", args=[version.pk])).content.decode()
    assert "Hvad fylder mest lige nu?" in preview
    assert "Samarbejde" in preview
    assert "hx-post" not in preview
    assert " disabled" in preview

    # Publish with a confirmation.
    publish_url = reverse("questionnaires:publish", args=[version.pk])
    assert client.get(publish_url).status_code == 200
    response = client.post(publish_url)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_by == personas.hr.user

    # From now on every change is refused with a message, and nothing changes.
    question = section.questions.order_by("order").first()
    assert question is not None
    response = client.post(
        reverse("questionnaires:question", args=[question.pk]),
        {"type": "text", "text": "Ændret efter udgivelse"},
    )
    assert response.status_code == 400
    assert "published" in response.content.decode() or "udgivet" in response.content.decode()
    response = client.post(
        reverse("questionnaires:section_add", args=[version.pk]), {"title": "Sent"}, follow=True
    )
    assert response.status_code == 200
    assert version.sections.count() == 1
    client.post(reverse("questionnaires:question_delete", args=[question.pk]))
    assert Question.objects.filter(pk=question.pk, text="Hvad fylder mest lige nu?").exists()
    # The edit page of a published version is its read-only view.
    assert client.get(edit_url)["Location"] == reverse("questionnaires:preview", args=[version.pk])

    # A new draft starts as a copy.
    response = client.post(reverse("questionnaires:new_draft", args=[form.pk]))
    new = form.versions.get(status=VersionStatus.DRAFT)
    assert response["Location"] == reverse("questionnaires:version", args=[new.pk])
    assert Question.objects.filter(section__version=new).count() == 5


def test_publishing_an_empty_draft_says_why(client_as):
    form = services.create_questionnaire(name="Tom", family="tom", language="da", by=None)
    version = services.new_draft(form, by=None)
    response = client_as("admin").post(
        reverse("questionnaires:publish", args=[version.pk]), follow=True
    )
    assert response.status_code == 200
    assert "section" in response.content.decode() or "afsnit" in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_forms_list_costs_the_same_for_8_or_60_forms(client_as, personas):
    client = client_as("admin")
    url = reverse("questionnaires:list")
    small = _count(client, url)
    for i in range(60):
        form = services.create_questionnaire(name=f"Skema {i:02}", family=f"s{i}", by=None)
        version, _ = draft_with_every_type(family=f"x{i}")
        services.publish(version, by=None)
        services.new_draft(form, by=None)
    assert Questionnaire.objects.count() >= 128
    # session, user, viewer (an administrator has no person, hence no grants), count,
    # the page of forms with their draft and newest published version (subqueries)
    assert small == _count(client, url) == 5


def test_the_edit_page_costs_the_same_for_5_or_60_questions(client_as, draft):
    version, questions = draft
    client = client_as("admin")
    url = reverse("questionnaires:version", args=[version.pk])
    small = _count(client, url)
    section = questions["grid"].section
    for i in range(55):
        services.add_question(section, type=QuestionType.TEXT, text=f"Spørgsmål {i}")
    for i in range(10):
        services.add_section(version, title=f"Afsnit {i}")
    # session, user, viewer (no person), version with its form, sections, questions
    assert small == _count(client, url) == 6


def test_the_preview_costs_the_same_for_5_or_60_questions(client_as, draft):
    version, questions = draft
    client = client_as("admin")
    url = reverse("questionnaires:preview", args=[version.pk])
    small = _count(client, url)
    for i in range(55):
        services.add_question(questions["text"].section, type=QuestionType.TEXT, text=f"Q{i}")
    # session, user, viewer (no person), version with its form, sections, questions
    assert small == _count(client, url) == 6


def test_sections_are_edited_moved_and_deleted_through_the_pages(client_as, draft):
    version, _questions = draft
    client = client_as("admin")
    first, second = list(version.sections.order_by("order"))
    response = client.post(
        reverse("questionnaires:section", args=[second.pk]), {"title": "Fremover", "intro": ""}
    )
    assert response.status_code == 302
    client.post(reverse("questionnaires:section_move", args=[second.pk]), {"direction": "up"})
    assert list(version.sections.order_by("order").values_list("title", flat=True)) == [
        "Fremover",
        "Siden sidst",
    ]
    # A direction that is neither up nor down is not a page.
    response = client.post(
        reverse("questionnaires:section_move", args=[second.pk]), {"direction": "sideways"}
    )
    assert response.status_code == 404
    client.post(reverse("questionnaires:section_delete", args=[first.pk]))
    assert list(version.sections.values_list("title", flat=True)) == ["Fremover"]
    page = client.get(reverse("questionnaires:version", args=[version.pk])).content.decode()
    assert "Fremover" in page
    assert "Siden sidst" not in page
