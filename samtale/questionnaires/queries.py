"""Reads of preparation forms."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from samtale.questionnaires.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    VersionStatus,
)


def latest_published(family: str, language: str = "da") -> QuestionnaireVersion | None:
    """The newest published version of the form in this family and language."""
    return (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .filter(
            questionnaire__family=family,
            questionnaire__language=language,
            status=VersionStatus.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )


def questionnaires_for_list() -> QuerySet[Questionnaire]:
    """Forms with their draft (id, number) and newest published version (id, number,
    date): one query, whatever the number of versions."""
    versions = QuestionnaireVersion.objects.filter(questionnaire=OuterRef("pk"))
    drafts = versions.filter(status=VersionStatus.DRAFT)
    published = versions.filter(status=VersionStatus.PUBLISHED).order_by("-number")
    return Questionnaire.objects.annotate(
        draft_id=Subquery(drafts.values("pk")[:1]),
        draft_number=Subquery(drafts.values("number")[:1]),
        published_id=Subquery(published.values("pk")[:1]),
        published_number=Subquery(published.values("number")[:1]),
        published_at=Subquery(published.values("published_at")[:1]),
    ).order_by("name", "language", "pk")


def sections_with_questions(version: QuestionnaireVersion) -> list[Section]:
    """The version's sections in order, each with its questions prefetched: two queries."""
    return list(
        Section.objects.filter(version=version)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "pk")))
    )


def answers_by_question(response: Response) -> dict[int, Answer]:
    """The response's answers keyed by question id: one query."""
    return {a.question_id: a for a in Answer.objects.filter(response=response)}
