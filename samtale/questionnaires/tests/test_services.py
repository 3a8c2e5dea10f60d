"""Forms, versions and answers through the services: publishing, immutability, new
drafts as copies, and every answer type with good and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from samtale.access.viewer import viewer_for
from samtale.questionnaires import grid, services
from samtale.questionnaires.models import (
    Answer,
    Question,
    QuestionnaireVersion,
    QuestionType,
    Section,
    VersionStatus,
)
from samtale.questionnaires.queries import answers_by_question, latest_published
from samtale.questionnaires.tests.factories import (
    LEVEL_LABELS,
    SCALE_LABELS,
    draft_with_every_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The refusals are matched in English (the msgids); Danish is tested elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user(django_user_model):
    """An administrator, acting (the services take the viewer who acts)."""
    return viewer_for(django_user_model.objects.create_superuser("a@eksempel.dk", "x-pass-1234"))


def test_publish_sets_status_date_and_author(admin_user):
    version, _ = draft_with_every_type(by=admin_user)
    services.publish(version, by=admin_user)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None
    assert version.published_by == admin_user.user


def test_only_those_who_manage_forms_create_draft_and_publish(personas):
    """The services ask the policy again: an employee or HR for a part of the
    organisation gets a refusal, whatever page they came from."""
    from django.core.exceptions import PermissionDenied

    version, _questions = draft_with_every_type(by=None)
    form = version.questionnaire
    for persona in ("employee", "hr", "leader"):
        someone = viewer_for(personas.user(persona))
        with pytest.raises(PermissionDenied):
            services.publish(version, by=someone)
        with pytest.raises(PermissionDenied):
            services.new_draft(form, by=someone)
        with pytest.raises(PermissionDenied):
            services.create_questionnaire(name="X", family="x", by=someone)
    services.publish(version, by=viewer_for(personas.user("admin")))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert latest_published("test", "da") == version
    assert latest_published("test", "en") is None


def test_an_empty_form_or_an_empty_section_is_not_published(admin_user):
    form = services.create_questionnaire(name="Tom", family="tom", language="da", by=admin_user)
    version = services.new_draft(form, by=admin_user)
    with pytest.raises(ValidationError, match="section"):
        services.publish(version, by=admin_user)
    services.add_section(version, title="Uden spørgsmål")
    with pytest.raises(ValidationError, match="Uden spørgsmål"):
        services.publish(version, by=admin_user)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_changed_through_the_services(admin_user):
    version, questions = draft_with_every_type(by=admin_user)
    services.publish(version, by=admin_user)
    section = Section.objects.filter(version=version).first()
    assert section is not None
    question = questions["text"]
    refusals = [
        lambda: services.add_section(version, title="Ny"),
        lambda: services.update_section(section, title="Nyt navn"),
        lambda: services.delete_section(section),
        lambda: services.move_section(section, "down"),
        lambda: services.add_question(section, type=QuestionType.TEXT, text="Ny?"),
        lambda: services.update_question(question, type=QuestionType.TEXT, text="Ændret?"),
        lambda: services.delete_question(question),
        lambda: services.move_question(question, "down"),
        lambda: services.publish(version, by=admin_user),
        lambda: services.delete_draft(version),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError, match="published"):
            refuse()
    question.refresh_from_db()
    assert question.text == "Hvad gik godt?"
    assert Section.objects.filter(version=version).count() == 2
    assert Question.objects.filter(section__version=version).count() == 5


def test_the_models_refuse_direct_edits_of_a_published_version(admin_user):
    version, questions = draft_with_every_type(by=admin_user)
    services.publish(version, by=admin_user)
    question = Question.objects.get(pk=questions["text"].pk)
    question.text = "Ændret direkte"
    with pytest.raises(ValidationError):
        question.save()
    with pytest.raises(ValidationError):
        question.delete()
    section = question.section
    section.title = "Ændret"
    with pytest.raises(ValidationError):
        section.save()
    with pytest.raises(ValidationError):
        Section(version=version, title="Ny").save()
    assert Question.objects.get(pk=question.pk).text == "Hvad gik godt?"


def test_new_draft_copies_the_newest_published_version(admin_user):
    version, _ = draft_with_every_type(by=admin_user)
    services.publish(version, by=admin_user)
    draft = services.new_draft(version.questionnaire, by=admin_user)
    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT

    def shape(v: QuestionnaireVersion) -> list[tuple]:
        return list(
            Question.objects.filter(section__version=v)
            .order_by("section__order", "order")
            .values_list("section__title", "type", "text", "help_text", "required", "options")
        )

    assert shape(draft) == shape(version)
    # Editing the copy leaves the published version alone.
    copied = Question.objects.filter(section__version=draft, type=QuestionType.TEXT).get()
    services.update_question(copied, type=QuestionType.TEXT, text="Hvad lykkedes?")
    assert Question.objects.filter(section__version=version, text="Hvad gik godt?").exists()
    # Only one draft at a time.
    with pytest.raises(ValidationError, match="draft"):
        services.new_draft(version.questionnaire, by=admin_user)
    # The database refuses a second draft too.
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireVersion.objects.create(
            questionnaire=version.questionnaire, number=3, status=VersionStatus.DRAFT
        )
    # The newest published version is still version 1 until the draft is published.
    assert latest_published("test") == version
    services.publish(draft, by=admin_user)
    assert latest_published("test") == draft


def test_a_new_form_starts_with_an_empty_draft(admin_user):
    form = services.create_questionnaire(name="Ny", family="ny", language="en", by=admin_user)
    draft = services.new_draft(form, by=admin_user)
    assert draft.number == 1
    assert not draft.sections.exists()


def test_the_same_family_and_language_only_once(admin_user):
    services.create_questionnaire(name="A", family="x", language="da", by=admin_user)
    services.create_questionnaire(name="A (en)", family="x", language="en", by=admin_user)
    with pytest.raises(ValidationError):
        services.create_questionnaire(name="B", family="x", language="da", by=admin_user)


@pytest.mark.parametrize(
    ("type", "options", "message"),
    [
        (QuestionType.SCALE, {"labels": ["a", "b"]}, "exactly 5"),
        (QuestionType.SCALE, {}, "list of texts"),
        (QuestionType.SINGLE, {"choices": ["Kun én"]}, "between 2"),
        (QuestionType.MULTIPLE, {"choices": ["Ja", "Ja"]}, "different"),
        (QuestionType.MULTIPLE, {"choices": ["Ja", " "]}, "empty"),
        (QuestionType.COMPETENCE_GRID, {"rows": [], "labels": SCALE_LABELS}, "at least one"),
        (
            QuestionType.COMPETENCE_GRID,
            {"rows": ["A"], "labels": SCALE_LABELS, "source": "somewhere"},
            "Unknown source",
        ),
        ("essay", {}, "Unknown question type"),
    ],
)
def test_options_are_checked_per_type(admin_user, type, options, message):
    version, _ = draft_with_every_type(by=admin_user)
    section = version.sections.first()
    assert section is not None
    with pytest.raises(ValidationError, match=message):
        services.add_question(section, type=type, text="Spørgsmål", options=options)


def test_a_grid_from_the_catalogue_needs_no_rows_of_its_own(admin_user):
    version, _ = draft_with_every_type(by=admin_user)
    section = version.sections.first()
    assert section is not None
    question = services.add_question(
        section,
        type=QuestionType.COMPETENCE_GRID,
        text="Kompetencer fra kataloget",
        options={"rows": [], "labels": LEVEL_LABELS, "source": "catalogue"},
    )
    assert question.options["source"] == "catalogue"


def test_move_question_up_and_down(admin_user):
    _version, q = draft_with_every_type(by=admin_user)
    section = q["text"].section

    def order() -> list[int]:
        return list(section.questions.order_by("order").values_list("pk", flat=True))

    assert order() == [q["text"].pk, q["scale"].pk, q["single"].pk]
    services.move_question(q["single"], "up")
    assert order() == [q["text"].pk, q["single"].pk, q["scale"].pk]
    services.move_question(q["text"], "up")  # already first: nothing happens
    assert order() == [q["text"].pk, q["single"].pk, q["scale"].pk]
    services.move_question(Question.objects.get(pk=q["text"].pk), "down")
    assert order() == [q["single"].pk, q["text"].pk, q["scale"].pk]


# --- answers ---------------------------------------------------------------------------


@pytest.fixture
def filled(admin_user):
    version, questions = draft_with_every_type(by=admin_user)
    services.publish(version, by=admin_user)
    return services.start_response(version), questions


def test_a_draft_cannot_be_filled_in(admin_user):
    version, _ = draft_with_every_type(by=admin_user)
    with pytest.raises(ValidationError, match="published"):
        services.start_response(version)


def test_every_type_stores_its_value(filled):
    response, q = filled
    services.save_answer(response, q["text"], {"value": "Meget\r\ngik godt"})
    services.save_answer(response, q["scale"], {"value": "4"})
    services.save_answer(response, q["single"], {"value": "1"})
    services.save_answer(response, q["multiple"], {"values": ["2", "0", "2"]})
    services.save_answer(response, q["grid"], {"row-0": "5", "row-1": ""})
    answers = answers_by_question(response)
    assert answers[q["text"].pk].value == "Meget\ngik godt"
    assert answers[q["scale"].pk].value == 4
    assert answers[q["single"].pk].value == 1
    assert answers[q["multiple"].pk].value == [0, 2]
    assert answers[q["grid"].pk].value == {"0": 5}


def test_saving_again_replaces_the_answer(filled):
    response, q = filled
    services.save_answer(response, q["scale"], {"value": "2"})
    services.save_answer(response, q["scale"], {"value": ""})
    assert Answer.objects.get(response=response, question=q["scale"]).value is None
    assert Answer.objects.filter(response=response).count() == 1


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("text", {"value": "x" * 10_001}, "too long"),
        ("text", {"value": ["liste"]}, "could not be read"),
        ("scale", {"value": "6"}, "1 to 5"),
        ("scale", {"value": "0"}, "1 to 5"),
        ("scale", {"value": "god"}, "1 to 5"),
        ("single", {"value": "3"}, "one of the choices"),
        ("single", {"value": "-1"}, "one of the choices"),
        ("multiple", {"values": ["0", "9"]}, "among the choices"),
        ("multiple", {"values": "0"}, "could not be read"),
        ("grid", {"row-7": "3"}, "Unknown competence"),
        ("grid", {"row-0": "9"}, "1 to 5"),
        ("grid", {"other": "3"}, "Unknown competence"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(filled, key, data, message):
    response, q = filled
    with pytest.raises(ValidationError, match=message):
        services.save_answer(response, q[key], data)
    assert not Answer.objects.filter(response=response).exists()


def test_a_question_from_another_form_is_refused(filled, admin_user):
    response, _ = filled
    _other, other_questions = draft_with_every_type(family="andet", by=admin_user)
    with pytest.raises(ValidationError, match="not part of this form"):
        services.save_answer(response, other_questions["text"], {"value": "Hej"})


def test_missing_required(filled):
    response, q = filled
    assert services.missing_required(response) == [q["scale"]]
    services.save_answer(response, q["scale"], {"value": "3"})
    assert services.missing_required(response) == []


def test_a_registered_row_source_supplies_the_grid_rows(admin_user, monkeypatch):
    version, q = draft_with_every_type(by=admin_user)
    section = q["grid"].section
    question = services.add_question(
        section,
        type=QuestionType.COMPETENCE_GRID,
        text="Fra kataloget",
        options={"labels": LEVEL_LABELS, "source": "catalogue"},
    )
    services.publish(version, by=admin_user)
    response = services.start_response(version)
    # The competences app registers its provider at start-up: put it back afterwards.
    monkeypatch.setitem(
        grid._SOURCES, "catalogue", lambda question, response: [grid.GridRow("c7", "Pædagogik")]
    )
    answer = services.save_answer(response, question, {"row-c7": "4"})
    assert answer.value == {"c7": 4}
    with pytest.raises(ValidationError):
        services.save_answer(response, question, {"row-0": "2"})
    # rated on the catalogue's levels 1-4
    with pytest.raises(ValidationError, match=r"1 (to|til) 4"):
        services.save_answer(response, question, {"row-c7": "5"})


def test_a_grid_from_the_catalogue_has_four_levels(admin_user):
    _version, q = draft_with_every_type(by=admin_user)
    with pytest.raises(ValidationError, match=r"(exactly|præcis) 4"):
        services.add_question(
            q["grid"].section,
            type=QuestionType.COMPETENCE_GRID,
            text="Fra kataloget",
            options={"labels": SCALE_LABELS, "source": "catalogue"},
        )


def test_move_and_delete_sections(admin_user):
    version, _ = draft_with_every_type(by=admin_user)
    first, second = list(version.sections.order_by("order"))
    third = services.add_section(version, title="Til sidst")

    def titles() -> list[str]:
        return list(version.sections.order_by("order").values_list("title", flat=True))

    services.move_section(third, "up")
    assert titles() == ["Siden sidst", "Til sidst", "Fremad"]
    services.move_section(first, "up")  # already first
    assert titles() == ["Siden sidst", "Til sidst", "Fremad"]
    services.update_section(second, title="Fremover", intro="Kig frem.")
    services.delete_section(Section.objects.get(pk=first.pk))
    assert titles() == ["Til sidst", "Fremover"]
    assert not Question.objects.filter(section_id=first.pk).exists()
