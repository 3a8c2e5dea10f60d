"""State changes of preparation forms. Views, commands and tests call these; nobody else
saves questionnaire models.

A published version never changes: every function that edits a version, its sections
or its questions refuses a published one with a ValidationError (and the models refuse
too, should anyone save them directly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.questionnaires import policy
from samtale.questionnaires.grid import KNOWN_SOURCES, SOURCE_POINTS, grid_rows
from samtale.questionnaires.models import (
    SCALE_POINTS,
    TEXT_MAX_LENGTH,
    Answer,
    Language,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Response,
    Section,
    VersionStatus,
)

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

Direction = Literal["up", "down"]
LABEL_MAX_LENGTH = 200
MAX_CHOICES = 50


def _refuse_published(version: QuestionnaireVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("This version of the form is published and can no longer be changed."),
            code="published",
        )


def _locked_version(version: QuestionnaireVersion) -> QuestionnaireVersion:
    """The version as stored now, locked for the rest of the transaction."""
    return QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)


def _draft_of_section(section: Section) -> QuestionnaireVersion:
    version = _locked_version(section.version)
    _refuse_published(version)
    return version


def _allow(by: Viewer | None) -> None:
    """Who acts: a viewer who may manage forms (``policy.can_manage_forms``, asked again
    here), or None for Samtale itself (the default forms, a command)."""
    if by is not None and not policy.can_manage_forms(by):
        raise PermissionDenied(_("Only HR for the whole organisation and administrators do this."))


# --- forms -----------------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(
    *,
    name: str,
    family: str,
    language: str = Language.DANISH,
    description: str = "",
    by: Viewer | None,
) -> Questionnaire:
    """A new form (without versions; start one with ``new_draft``)."""
    _allow(by)
    questionnaire = Questionnaire(
        name=name.strip(), family=family.strip(), language=language, description=description
    )
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def update_questionnaire(
    questionnaire: Questionnaire, *, name: str, description: str = ""
) -> Questionnaire:
    questionnaire.name = name.strip()
    questionnaire.description = description
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def new_draft(questionnaire: Questionnaire, *, by: Viewer | None) -> QuestionnaireVersion:
    """A new draft version: a copy of the newest published version, or empty.

    Refuses when the form already has a draft."""
    _allow(by)
    Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    versions = QuestionnaireVersion.objects.filter(questionnaire=questionnaire)
    if versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("This form already has a draft."), code="draft_exists")
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    source = versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
    draft = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, status=VersionStatus.DRAFT
    )
    if source is not None:
        for section in source.sections.order_by("order", "pk").prefetch_related("questions"):
            copy = Section.objects.create(
                version=draft, order=section.order, title=section.title, intro=section.intro
            )
            Question.objects.bulk_create(
                Question(
                    section=copy,
                    order=q.order,
                    type=q.type,
                    text=q.text,
                    help_text=q.help_text,
                    required=q.required,
                    options=q.options,
                )
                for q in section.questions.order_by("order", "pk")
            )
    return draft


@transaction.atomic
def delete_draft(version: QuestionnaireVersion) -> None:
    version = _locked_version(version)
    _refuse_published(version)
    Question.objects.filter(section__version=version).delete()
    Section.objects.filter(version=version).delete()
    version.delete()


@transaction.atomic
def publish(version: QuestionnaireVersion, *, by: Viewer | None) -> QuestionnaireVersion:
    """Publish a draft. From now on it never changes. Refuses an empty form and a
    section without questions."""
    _allow(by)
    locked = _locked_version(version)
    _refuse_published(locked)
    sections = list(Section.objects.filter(version=locked).order_by("order", "pk"))
    if not sections:
        raise ValidationError(_("Add at least one section before publishing."), code="empty")
    with_questions = set(
        Question.objects.filter(section__version=locked).values_list("section_id", flat=True)
    )
    empty = [s.title for s in sections if s.pk not in with_questions]
    if empty:
        raise ValidationError(
            _("Every section needs a question before publishing. Without questions: %(titles)s")
            % {"titles": ", ".join(empty)},
            code="empty_section",
        )
    for question in Question.objects.filter(section__version=locked):
        validate_options(question.type, question.options)
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by.user if by is not None else None
    locked.save(update_fields=["status", "published_at", "published_by"])
    version.status, version.published_at = locked.status, locked.published_at
    version.published_by = locked.published_by
    return version


# --- sections --------------------------------------------------------------------------


@transaction.atomic
def add_section(version: QuestionnaireVersion, *, title: str, intro: str = "") -> Section:
    version = _locked_version(version)
    _refuse_published(version)
    order = (version.sections.aggregate(n=Max("order"))["n"] or 0) + 1
    section = Section(version=version, order=order, title=title.strip(), intro=intro.strip())
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def update_section(section: Section, *, title: str, intro: str = "") -> Section:
    _draft_of_section(section)
    section.title = title.strip()
    section.intro = intro.strip()
    section.full_clean()
    # Only these fields: the object's order may be stale after a move.
    section.save(update_fields=["title", "intro"])
    return section


@transaction.atomic
def delete_section(section: Section) -> None:
    """Deletes a draft's section with its questions."""
    _draft_of_section(section)
    Question.objects.filter(section=section).delete()
    section.delete()


def _swap(items: list[Any], item: Any, direction: Direction) -> bool:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def _renumber(items: list[Any]) -> None:
    for i, item in enumerate(items, start=1):
        if item.order != i:
            item.order = i
            item.save(update_fields=["order"])


@transaction.atomic
def move_section(section: Section, direction: Direction) -> None:
    version = _draft_of_section(section)
    sections = list(Section.objects.filter(version=version).order_by("order", "pk"))
    if _swap(sections, section, direction):
        _renumber(sections)


# --- questions -------------------------------------------------------------------------


def _clean_list(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("The %(what)s must be a list of texts.") % {"what": what})
    items = [v.strip() for v in value]
    if any(not v for v in items):
        raise ValidationError(_("The %(what)s cannot contain empty lines.") % {"what": what})
    if any(len(v) > LABEL_MAX_LENGTH for v in items):
        raise ValidationError(
            _("Each of the %(what)s can be at most %(n)s characters.")
            % {"what": what, "n": LABEL_MAX_LENGTH}
        )
    if len(set(items)) != len(items):
        raise ValidationError(_("The %(what)s must be different from each other.") % {"what": what})
    return items


def validate_options(type: str, options: Any) -> dict[str, Any]:
    """The options for a question of this type, cleaned; ValidationError if they do not
    fit (see ``Question``'s docstring for the shape per type)."""
    options = options or {}
    if not isinstance(options, dict):
        raise ValidationError(_("The options of a question must be an object."))
    if type == QuestionType.TEXT:
        return {}
    if type == QuestionType.SCALE:
        labels = _clean_list(options.get("labels"), _("scale labels"))
        if len(labels) != SCALE_POINTS:
            raise ValidationError(
                _("A scale needs exactly %(n)s labels, one for each point.") % {"n": SCALE_POINTS}
            )
        return {"labels": labels}
    if type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = _clean_list(options.get("choices"), _("choices"))
        if not 2 <= len(choices) <= MAX_CHOICES:
            raise ValidationError(
                _("A choice question needs between 2 and %(n)s choices.") % {"n": MAX_CHOICES}
            )
        return {"choices": choices}
    if type == QuestionType.COMPETENCE_GRID:
        labels = _clean_list(options.get("labels"), _("scale labels"))
        source = options.get("source") or ""
        if source and source not in KNOWN_SOURCES:
            raise ValidationError(_("Unknown source of competences."))
        points = SOURCE_POINTS if source else SCALE_POINTS
        if len(labels) != points:
            raise ValidationError(
                _("A scale needs exactly %(n)s labels, one for each point.") % {"n": points}
            )
        rows = _clean_list(options.get("rows", []), _("competences"))
        if not rows and not source:
            raise ValidationError(_("A competence grid needs at least one competence."))
        if len(rows) > MAX_CHOICES:
            raise ValidationError(
                _("A competence grid can have at most %(n)s competences.") % {"n": MAX_CHOICES}
            )
        cleaned: dict[str, Any] = {"rows": rows, "labels": labels}
        if source:
            cleaned["source"] = source
        return cleaned
    raise ValidationError(_("Unknown question type."))


@transaction.atomic
def add_question(
    section: Section,
    *,
    type: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    options: dict[str, Any] | None = None,
) -> Question:
    _draft_of_section(section)
    order = (section.questions.aggregate(n=Max("order"))["n"] or 0) + 1
    question = Question(
        section=section,
        order=order,
        type=type,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        options=validate_options(type, options),
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def update_question(
    question: Question,
    *,
    type: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    options: dict[str, Any] | None = None,
) -> Question:
    _draft_of_section(question.section)
    question.type = type
    question.text = text.strip()
    question.help_text = help_text.strip()
    question.required = required
    question.options = validate_options(type, options)
    question.full_clean()
    # Only these fields: the object's order may be stale after a move.
    question.save(update_fields=["type", "text", "help_text", "required", "options"])
    return question


@transaction.atomic
def delete_question(question: Question) -> None:
    _draft_of_section(question.section)
    question.delete()


@transaction.atomic
def move_question(question: Question, direction: Direction) -> None:
    """Up or down within its section; at the edge nothing happens."""
    _draft_of_section(question.section)
    questions = list(Question.objects.filter(section=question.section_id).order_by("order", "pk"))
    if _swap(questions, question, direction):
        _renumber(questions)


# --- filling in ------------------------------------------------------------------------


@transaction.atomic
def start_response(version: QuestionnaireVersion) -> Response:
    """An empty filled-in form for a published version."""
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published form can be filled in."), code="draft")
    return Response.objects.create(version=version)


def _int_in(value: Any, low: int, high: int, message: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(message, code="invalid") from None
    if not low <= number <= high:
        raise ValidationError(message, code="invalid")
    return number


def clean_answer(question: Question, data: dict[str, Any], response: Response | None = None) -> Any:
    """The value to store for ``data`` (the shape ``answer_data_from_post`` makes):

    - TEXT: ``{"value": "text"}`` (at most 10,000 characters)
    - SCALE: ``{"value": "1".."5"}`` or ``{"value": ""}`` (no answer)
    - SINGLE: ``{"value": "<index of the choice>"}`` or ``{"value": ""}``
    - MULTIPLE: ``{"values": ["<index>", ...]}``
    - COMPETENCE_GRID: ``{"row-<key>": "1".."5" or "", ...}`` for the rows answered

    Raises ValidationError with a message a person can act on."""
    if not isinstance(data, dict):
        raise ValidationError(_("The answer could not be read."), code="invalid")
    kind = question.type
    if kind == QuestionType.TEXT:
        value = data.get("value", "")
        if not isinstance(value, str):
            raise ValidationError(_("The answer could not be read."), code="invalid")
        value = value.replace("\r\n", "\n")
        if len(value) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("The answer is too long: at most %(max)s characters (it has %(n)s).")
                % {"max": f"{TEXT_MAX_LENGTH:,}".replace(",", "."), "n": len(value)},
                code="too_long",
            )
        return value
    if kind == QuestionType.SCALE:
        raw = data.get("value", "")
        if raw in ("", None):
            return None
        return _int_in(raw, 1, SCALE_POINTS, _("Choose a point from 1 to 5 on the scale."))
    if kind == QuestionType.SINGLE:
        raw = data.get("value", "")
        if raw in ("", None):
            return None
        return _int_in(raw, 0, len(question.choices) - 1, _("Choose one of the choices."))
    if kind == QuestionType.MULTIPLE:
        raw_values = data.get("values", [])
        if not isinstance(raw_values, list):
            raise ValidationError(_("The answer could not be read."), code="invalid")
        last = len(question.choices) - 1
        return sorted({_int_in(v, 0, last, _("Choose among the choices.")) for v in raw_values})
    if kind == QuestionType.COMPETENCE_GRID:
        keys = {row.key for row in grid_rows(question, response)}
        grid: dict[str, int] = {}
        for name, raw in data.items():
            key = name.removeprefix("row-") if isinstance(name, str) else ""
            if not name.startswith("row-") or key not in keys:
                raise ValidationError(_("Unknown competence in the answer."), code="invalid")
            if raw in ("", None):
                continue
            grid[key] = _int_in(
                raw,
                1,
                question.points,
                _("Choose a point from 1 to %(n)s for each competence.") % {"n": question.points},
            )
        return grid
    raise ValidationError(_("Unknown question type."))


@transaction.atomic
def save_answer(response: Response, question: Question, data: dict[str, Any]) -> Answer:
    """Store (replace) the answer to one question. The question must belong to the
    response's version."""
    # The section is usually loaded with the question already (question_from_post).
    if question.section.version_id != response.version_id:
        raise ValidationError(_("The question is not part of this form."), code="foreign")
    value = clean_answer(question, data, response)
    now = timezone.now()
    # One statement whether the answer is new or replaced (saved as the person types).
    (answer,) = Answer.objects.bulk_create(
        [Answer(response=response, question=question, value=value, updated=now)],
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["value", "updated"],
    )
    Response.objects.filter(pk=response.pk).update(updated=now)
    return answer


def is_answered(question: Question, value: Any) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def missing_required(response: Response) -> list[Question]:
    """The required questions of the response's version that have no answer yet."""
    answered = Answer.objects.filter(response=response, question__required=True)
    answers = {a.question_id: a.value for a in answered}
    required = Question.objects.filter(
        section__version_id=response.version_id, required=True
    ).order_by("section__order", "order", "pk")
    return [q for q in required if not is_answered(q, answers.get(q.pk))]


def answers_by_question(response: Response) -> dict[int, Answer]:
    """The response's answers keyed by question id (a read: see queries)."""
    from samtale.questionnaires import queries

    return queries.answers_by_question(response)
