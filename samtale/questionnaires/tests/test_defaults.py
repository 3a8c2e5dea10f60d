"""Samtale's own default forms: MUS, GRUS, LUS and En-til-en in Danish and English,
published as version 1 by the data migration."""

from __future__ import annotations

import pytest

from samtale.questionnaires import defaults, services
from samtale.questionnaires.models import Question, Questionnaire, QuestionType, VersionStatus
from samtale.questionnaires.queries import latest_published

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("family", ["mus", "grus", "lus", "en-til-en"])
def test_every_default_form_is_published(family, language):
    version = latest_published(family, language)
    assert version is not None
    assert version.number == 1
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None
    assert version.questionnaire.language == language
    sections = list(version.sections.prefetch_related("questions"))
    assert len(sections) >= 3
    for section in sections:
        questions = list(section.questions.all())
        assert 1 <= len(questions) <= 5, section.title
        for q in questions:
            # The options fit the type (the same check HR's questions get).
            assert services.validate_options(q.type, q.options) == q.options, q.text
    if family != "en-til-en":
        assert 5 <= len(sections) <= 7


def test_the_language_variants_have_the_same_shape():
    for family in defaults.FAMILIES:
        shapes = []
        for language in defaults.LANGUAGES:
            version = latest_published(family, language)
            assert version is not None
            shapes.append(
                list(
                    Question.objects.filter(section__version=version)
                    .order_by("section__order", "order")
                    .values_list("section__order", "type")
                )
            )
        assert shapes[0] == shapes[1], family


def test_the_forms_use_every_question_type():
    types = set(
        Question.objects.filter(section__version__questionnaire__family="mus").values_list(
            "type", flat=True
        )
    )
    assert types == set(QuestionType.values)


def test_the_topics_of_the_issue_are_covered():
    def titles(family: str, language: str) -> str:
        version = latest_published(family, language)
        assert version is not None
        text = " ".join(s.title for s in version.sections.all())
        text += " " + " ".join(
            Question.objects.filter(section__version=version).values_list("text", flat=True)
        )
        return text.lower()

    mus = titles("mus", "da")
    for topic in (
        "siden sidst",
        "sidste års udviklingsplan",
        "opgaver",
        "samarbejde",
        "trivs",
        "arbejdsmiljø",
        "kompetencer",
        "feedback",
    ):
        assert topic in mus, topic
    lus = titles("lus", "da")
    lus_topics = ("ledelsesopgaver og ansvar", "institutionens udvikling", "strategiske dokumenter")
    for topic in lus_topics:
        assert topic in lus, topic
    lus_version = latest_published("lus", "da")
    documents = Question.objects.get(
        section__version=lus_version, type=QuestionType.MULTIPLE, section__order=2
    )
    assert "Min stillingsbeskrivelse" in documents.choices
    assert "Kvalitetsrapporten" in documents.choices
    assert "Sidste års udviklingsplan" in documents.choices
    assert "teamet" in titles("grus", "da")
    assert "the institution's development" in titles("lus", "en")


def test_install_again_adds_nothing_and_restores_a_deleted_form():
    assert defaults.install() == 0
    before = Questionnaire.objects.count()
    mus_en = Questionnaire.objects.get(family="en-til-en", language="en")
    Question.objects.filter(section__version__questionnaire=mus_en).delete()
    mus_en.delete()
    assert defaults.install() == 1
    assert Questionnaire.objects.count() == before
    assert latest_published("en-til-en", "en") is not None
