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
    """The version's sections in order, each with its questions prefetched: two queries,
    none for a published version read before (``sections_of_versions``)."""
    return sections_of_versions({version.pk: version})[version.pk]


# A published version never changes, so its sections and questions are kept in memory
# (per process), under the version's id and the moment it was published. A draft is
# read every time. Only the many pages that show filled-in forms are saved the queries.
_PUBLISHED: dict[tuple[int, object], list[Section]] = {}
_PUBLISHED_MAX = 500


def forget_published_forms() -> None:
    """Empty the memory of published forms (for tests that count queries)."""
    _PUBLISHED.clear()


def _memory_key(version: QuestionnaireVersion | None) -> tuple[int, object] | None:
    if version is None or version.status != VersionStatus.PUBLISHED or not version.published_at:
        return None
    return (version.pk, version.published_at)


def sections_of_versions(
    versions: dict[int, QuestionnaireVersion | None],
) -> dict[int, list[Section]]:
    """Version id -> its sections in order, each with its questions. A version given as
    None (not loaded) is read, and not kept."""
    found: dict[int, list[Section]] = {}
    for pk, version in versions.items():
        key = _memory_key(version)
        if key is not None and key in _PUBLISHED:
            found[pk] = _PUBLISHED[key]
    missing = [pk for pk in versions if pk not in found]
    if not missing:
        return found
    for pk in missing:
        found[pk] = []
    for section in (
        Section.objects.filter(version_id__in=missing)
        .order_by("version_id", "order", "pk")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "pk")))
    ):
        found[section.version_id].append(section)
    for pk in missing:
        key = _memory_key(versions[pk])
        if key is not None:
            if len(_PUBLISHED) >= _PUBLISHED_MAX:
                _PUBLISHED.clear()
            _PUBLISHED[key] = found[pk]
    return found


def answers_by_question(response: Response) -> dict[int, Answer]:
    """The response's answers keyed by question id: one query."""
    return {a.question_id: a for a in Answer.objects.filter(response=response)}
