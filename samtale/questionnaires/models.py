"""Preparation forms (samtaleskemaer): versioned forms of sections and questions, and the
filled-in forms (responses) with their answers.

A ``Questionnaire`` is one form in one language; its language variants share a
``family`` slug ("mus", "grus", "lus", "en-til-en", or one HR makes up). The questions
live in ``QuestionnaireVersion``\\s: at most one draft per form, which HR edits, and the
published versions, which never change again. A conversation keeps the version it was
created with, so a ``Response`` points at a version, never at the form.

State changes go through ``samtale.questionnaires.services``. The models refuse, on
their own, to save or delete a section or question of a published version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samtale.lib.models import LabelledModel

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

TEXT_MAX_LENGTH = 10_000
SCALE_POINTS = 5


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


class Questionnaire(LabelledModel):
    name = models.CharField(_("name"), max_length=200)
    family = models.SlugField(
        _("family"),
        max_length=50,
        help_text=_("Shared by the language variants of the same form, e.g. “mus”."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DANISH
    )
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    if TYPE_CHECKING:
        versions: RelatedManager[QuestionnaireVersion]

    class Meta:
        verbose_name = _("preparation form")
        verbose_name_plural = _("preparation forms")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "language"],
                name="questionnaire_family_language_unique",
                violation_error_message=_("There is already a form in this family and language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class QuestionnaireVersion(LabelledModel):
    """One version of a form. A draft may be edited; a published version never changes."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("form"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    if TYPE_CHECKING:
        sections: RelatedManager[Section]
        responses: RelatedManager[Response]
        questionnaire_id: int

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"],
                name="questionnaireversion_number_unique",
                violation_error_message=_("This version number is already used."),
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status="draft"),
                name="questionnaireversion_one_draft",
                violation_error_message=_("A form has at most one draft."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="questionnaireversion_published_has_date",
                violation_error_message=_("A published version has a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.name} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


def _refuse_if_published(published: bool) -> None:
    if published:
        raise ValidationError(
            _("This version of the form is published and can no longer be changed."),
            code="published",
        )


class _PartOfAVersion(LabelledModel):
    """A part of a form version (a section, a question): refuses every change once the
    version is published. Subclasses say how to find out with ``_version_published``."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_published(self._version_published())
        super().save(*args, **kwargs)

    def clean(self) -> None:
        _refuse_if_published(self._version_published())

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_published(self._version_published())
        return super().delete(*args, **kwargs)

    def _version_published(self) -> bool:
        raise NotImplementedError


class Section(_PartOfAVersion):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    if TYPE_CHECKING:
        questions: RelatedManager[Question]
        version_id: int

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["version", "order"], name="section_version_order_idx")]

    def __str__(self) -> str:
        return self.title

    def _version_published(self) -> bool:
        return QuestionnaireVersion.objects.filter(
            pk=self.version_id, status=VersionStatus.PUBLISHED
        ).exists()


class QuestionType(models.TextChoices):
    TEXT = "text", _("Free text")
    SCALE = "scale", _("Scale 1–5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    COMPETENCE_GRID = "competence_grid", _("Competence grid")


class Question(_PartOfAVersion):
    """A question in a section.

    ``options`` (JSON) depends on ``type``:

    - TEXT: ``{}``.
    - SCALE: ``{"labels": [five labels]}``, the meaning of 1 to 5
      (e.g. "Meget dårligt" ... "Meget godt").
    - SINGLE and MULTIPLE: ``{"choices": [two or more distinct choices]}``.
    - COMPETENCE_GRID: ``{"rows": [competence names], "labels": [five labels]}``: each row
      is rated 1 to 5. An optional ``"source": "catalogue"`` says the rows come from the
      organisation's competence catalogue instead (the person's profile): a higher layer
      (competences) registers a row provider with
      ``samtale.questionnaires.grid.register_row_source``, and ``rows`` is then the
      fallback shown while no provider is registered. Such a grid has four labels, the
      catalogue's levels, and is rated 1 to 4 (one published before with five keeps 1-5:
      ``points`` is the number of labels).

    Answers (``Answer.value``) are stored as: TEXT a string; SCALE an int 1-5 or null;
    SINGLE the index of the choice or null; MULTIPLE a sorted list of indexes;
    COMPETENCE_GRID ``{row key: int 1-points}`` (static rows are keyed "0", "1", ...;
    catalogue rows "c<competence id>").
    """

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    type = models.CharField(
        _("type"), max_length=20, choices=QuestionType.choices, default=QuestionType.TEXT
    )
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("options"), default=dict, blank=True)

    if TYPE_CHECKING:
        section_id: int

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["section", "order"], name="question_section_order_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    def _version_published(self) -> bool:
        return QuestionnaireVersion.objects.filter(
            sections=self.section_id, status=VersionStatus.PUBLISHED
        ).exists()

    @property
    def labels(self) -> list[str]:
        return list(self.options.get("labels", []))

    @property
    def points(self) -> int:
        """A scale's or grid's number of points: 5, or a grid's number of labels (4 for a
        grid rated on the competence catalogue's levels)."""
        if self.type == QuestionType.COMPETENCE_GRID and self.labels:
            return len(self.labels)
        return SCALE_POINTS

    @property
    def choices(self) -> list[str]:
        return list(self.options.get("choices", []))

    @property
    def rows(self) -> list[str]:
        return list(self.options.get("rows", []))


class Response(models.Model):
    """A filled-in form: one person's preparation (or the shared notes) for a
    conversation. Conversation content: never shown in the admin."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("form version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    if TYPE_CHECKING:
        answers: RelatedManager[Answer]
        version_id: int

    class Meta:
        verbose_name = _("filled-in form")
        verbose_name_plural = _("filled-in forms")

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("filled-in form"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(_("answer"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    if TYPE_CHECKING:
        question_id: int
        response_id: int

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="answer_one_per_question",
                violation_error_message=_("The question is already answered in this form."),
            )
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"
