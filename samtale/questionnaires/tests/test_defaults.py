"""Samtale's own default forms: MUS, GRUS, LUS and En-til-en in Danish and English,
published as version 1 by the data migration; a new default text becomes the next
version only where the organisation still uses the one shipped before."""

from __future__ import annotations

import pytest

from samtale.questionnaires import defaults, earlier_defaults, services
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
    # What the conversation is for (seed 001): the strategic goals, the job description,
    # the expectations to each other, the contribution to the workplace, competence
    # needs and the development plan.
    for topic in (
        "strategiske mål",
        "stillingsbeskrivelse",
        "forventer du af din leder",
        "forventer af dig",
        "arbejdspladsen trives og udvikler sig",
        "hvilke kompetencer får du brug for",
        "din udviklingsplan",
    ):
        assert topic in mus, topic
    mus_en = titles("mus", "en")
    for topic in (
        "strategic goals",
        "job description",
        "expect of your leader",
        "workplace thrive and develop",
        "which competences will you need",
        "your development plan",
    ):
        assert topic in mus_en, topic
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


# --- a new default text ----------------------------------------------------------------


def shipped_before(language: str) -> Questionnaire:
    """The MUS form as an installation from before its new text has it: the first text,
    published as version 1 and never changed."""
    old = Questionnaire.objects.get(family="mus", language=language)
    Question.objects.filter(section__version__questionnaire=old).delete()
    old.delete()
    form = services.create_questionnaire(
        name="MUS", family="mus", language=language, description="", by=None
    )
    draft = services.new_draft(form, by=None)
    for s in earlier_defaults.MUS_1[language]:
        section = services.add_section(draft, title=s["title"], intro=s["intro"])
        for q in s["questions"]:
            services.add_question(
                section,
                type=q["type"],
                text=q["text"],
                help_text=q["help_text"],
                options=q["options"],
            )
    services.publish(draft, by=None)
    return form


def texts_of(version) -> list[str]:
    return list(
        Question.objects.filter(section__version=version)
        .order_by("section__order", "order")
        .values_list("text", flat=True)
    )


def test_a_new_installation_gets_the_current_text_and_nothing_to_upgrade():
    assert defaults.upgrade() == 0
    for language in defaults.LANGUAGES:
        version = latest_published("mus", language)
        assert version is not None and version.number == 1
        current = defaults.form_data("mus", language)["sections"]
        assert texts_of(version) == [q["text"] for s in current for q in s["questions"]]


def test_a_mus_form_used_as_shipped_gets_the_new_text_as_its_next_version():
    for language in defaults.LANGUAGES:
        shipped_before(language)
    first = latest_published("mus", "da")
    assert first is not None
    first_texts = texts_of(first)
    assert not any("stillingsbeskrivelse" in text for text in first_texts)

    assert defaults.upgrade() == 2

    for language in defaults.LANGUAGES:
        version = latest_published("mus", language)
        assert version is not None and version.number == 2
        assert version.status == VersionStatus.PUBLISHED
        current = defaults.form_data("mus", language)["sections"]
        assert [s.title for s in version.sections.all()] == [s["title"] for s in current]
        assert texts_of(version) == [q["text"] for s in current for q in s["questions"]]
    # Version 1 is unchanged: conversations created with it keep it.
    assert texts_of(first) == first_texts
    # The other default forms had nothing earlier; running it again adds nothing.
    assert defaults.upgrade() == 0
    assert latest_published("grus", "da").number == 1  # type: ignore[union-attr]


def test_a_mus_form_the_organisation_changed_is_left_alone():
    form = shipped_before("da")
    draft = services.new_draft(form, by=None)
    question = Question.objects.filter(section__version=draft).order_by("section__order", "order")[
        0
    ]
    services.update_question(question, type="text", text="Hvad er du stolt af fra året?")
    services.publish(draft, by=None)

    assert defaults.upgrade() == 0
    version = latest_published("mus", "da")
    assert version is not None and version.number == 2
    assert texts_of(version)[0] == "Hvad er du stolt af fra året?"


def test_a_mus_form_with_a_draft_under_way_waits():
    form = shipped_before("da")
    draft = services.new_draft(form, by=None)
    assert defaults.upgrade() == 0
    assert latest_published("mus", "da").number == 1  # type: ignore[union-attr]
    services.delete_draft(draft)
    assert defaults.upgrade() == 1
    assert latest_published("mus", "da").number == 2  # type: ignore[union-attr]


def shipped_as(sections: dict, language: str) -> Questionnaire:
    """The MUS form as an installation has it with an earlier text, version 1."""
    old = Questionnaire.objects.get(family="mus", language=language)
    Question.objects.filter(section__version__questionnaire=old).delete()
    old.delete()
    form = services.create_questionnaire(
        name="MUS", family="mus", language=language, description="", by=None
    )
    draft = services.new_draft(form, by=None)
    for s in sections[language]:
        section = services.add_section(draft, title=s["title"], intro=s["intro"])
        for q in s["questions"]:
            services.add_question(
                section,
                type=q["type"],
                text=q["text"],
                help_text=q["help_text"],
                options=q["options"],
            )
    services.publish(draft, by=None)
    return form


def test_the_mus_grid_from_fixed_rows_to_the_profile_and_pinned_conversations_keep_theirs(
    personas,
):
    """MUS version 2 rated fixed rows 1-5; the next text takes the rows from the person's
    competence profile, rated on the catalogue's levels 1-4. A conversation created with
    version 2 keeps it: its answers stay, and it is still filled in on 1-5."""
    from samtale.conversations import services as conversation_services
    from samtale.questionnaires.filling import sections_for
    from samtale.testing import factories

    for language in defaults.LANGUAGES:
        shipped_as(earlier_defaults.MUS_2, language)
    pinned = factories.invited("mus", person=personas.employee)
    old_version = pinned.questionnaire_version
    assert old_version is not None and old_version.number == 1
    response = conversation_services.preparation_of(
        pinned, by=factories.actor(personas.employee)
    ).response
    old_grid = Question.objects.get(section__version=old_version, type=QuestionType.COMPETENCE_GRID)
    assert old_grid.points == 5 and "source" not in old_grid.options
    services.save_answer(response, old_grid, {"row-0": "5", "row-3": "2"})

    assert defaults.upgrade() == 2
    assert defaults.upgrade() == 0
    for language in defaults.LANGUAGES:
        version = latest_published("mus", language)
        assert version is not None and version.number == 2
        grid = Question.objects.get(section__version=version, type=QuestionType.COMPETENCE_GRID)
        assert grid.options["source"] == "catalogue"
        assert grid.points == 4
        assert grid.labels == defaults.CATALOGUE_LEVELS[defaults.LANGUAGES.index(language)]

    # the pinned conversation keeps version 1 and its answers, still rated 1-5
    pinned.refresh_from_db()
    assert pinned.questionnaire_version_id == old_version.pk
    services.save_answer(response, old_grid, {"row-0": "5", "row-3": "2", "row-4": "4"})
    (grid_view,) = [
        q
        for s in sections_for(old_version, response)
        for q in s.questions
        if q.type == "competence_grid"
    ]
    assert [(r.label, [o.number for o in r.options if o.checked]) for r in grid_view.rows] == [
        ("Faglighed", [5]),
        ("Samarbejde", []),
        ("Kommunikation", []),
        ("Digitale kompetencer", [2]),
        ("Omstilling", [4]),
    ]
    # a new conversation gets the new text, its grid from Emma's profile on 1-4
    new = factories.invited("mus", person=personas.colleague)
    assert new.questionnaire_version == latest_published("mus", "da")
