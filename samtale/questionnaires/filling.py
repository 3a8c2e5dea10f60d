"""Filling in a form on a page: what the templates need, and turning a POST into an
answer. The conversations app decides *who* may fill in or read a response; this module
only does the form part.

In a view of a higher layer::

    from samtale.questionnaires.filling import fill_context, save_from_post

    # the page: {% include "questionnaires/_fill.html" %} with **fill_context(...)
    context.update(fill_context(response, save_url=url))

    # the htmx endpoint save_url points at (POST), after the access check:
    return save_from_post(request, response)

Field names: question 12's value is ``q12`` (``q12`` repeated for a multiple choice),
a grid row is ``q12-row-<key>``; each request also carries ``question=12``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from samtale.lib.prepared import PreparedIn
from samtale.questionnaires import services
from samtale.questionnaires.grid import answer_annotations, answered_rows, grid_rows
from samtale.questionnaires.models import (
    SCALE_POINTS,
    Answer,
    Question,
    QuestionnaireVersion,
    QuestionType,
    Response,
    Section,
)
from samtale.questionnaires.queries import (
    answers_by_question,
    sections_of_versions,
    sections_with_questions,
)


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def answer_data_from_post(question: Question, post: QueryDict | dict[str, Any]) -> dict[str, Any]:
    """The ``data`` for ``services.save_answer`` from a POST (see the module docstring)."""
    name = field_name(question)
    if question.type == QuestionType.MULTIPLE:
        values = post.getlist(name) if isinstance(post, QueryDict) else post.get(name, [])
        return {"values": list(values)}
    if question.type == QuestionType.COMPETENCE_GRID:
        prefix = f"{name}-row-"
        return {
            f"row-{key.removeprefix(prefix)}": post.get(key, "")
            for key in post
            if key.startswith(prefix)
        }
    return {"value": post.get(name, "")}


def question_from_post(response: Response, post: QueryDict) -> Question:
    """The question the POST is about, within the response's version; 404 otherwise."""
    raw = post.get("question", "")
    if not raw.isdigit():
        raise Http404
    question = (
        Question.objects.filter(pk=int(raw), section__version_id=response.version_id)
        .select_related("section")
        .first()
    )
    if question is None:
        raise Http404
    return question


def save_from_post(
    request: HttpRequest,
    response: Response,
    save: Callable[[Question, dict[str, Any]], Answer] | None = None,
) -> HttpResponse:
    """Save one answer from an htmx POST and answer with the small status text that
    _fill.html shows next to the question ("Saved", or what is wrong). Always 200 so
    htmx swaps the message in; the caller has already checked access. ``save`` stores
    the answer when the caller has rules of its own (default ``services.save_answer``)."""
    question = question_from_post(response, request.POST)
    error = ""
    try:
        data = answer_data_from_post(question, request.POST)
        if save is None:
            services.save_answer(response, question, data)
        else:
            save(question, data)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return render(request, "questionnaires/_status.html", {"error": error, "question": question})


# --- what the templates show -----------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False
    number: int | None = None


@dataclass
class GridRow:
    key: str
    label: str
    options: list[Option] = field(default_factory=list)
    # What each level means for this competence (level 1 first), or empty.
    levels: tuple[str, ...] = ()


@dataclass
class QuestionView:
    question: Question
    value: Any = None
    options: list[Option] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return field_name(self.question)

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def answered(self) -> bool:
        return services.is_answered(self.question, self.value)

    @property
    def chosen(self) -> list[str]:
        """The labels chosen (scale, single and multiple choice), for reading."""
        return [o.label for o in self.options if o.checked]


@dataclass
class SectionView:
    title: str
    intro: str
    questions: list[QuestionView]


def _question_view(
    question: Question,
    value: Any,
    response: Response | None,
    *,
    read: bool = False,
    answer: Answer | None = None,
) -> QuestionView:
    view = QuestionView(question=question, value=value)
    kind = question.type
    if kind == QuestionType.SCALE:
        labels = question.labels
        view.options = [
            Option(
                str(n),
                labels[n - 1] if n - 1 < len(labels) else "",
                checked=value == n,
                number=n,
            )
            for n in range(1, SCALE_POINTS + 1)
        ]
    elif kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        chosen = set(value or []) if kind == QuestionType.MULTIPLE else {value}
        view.options = [
            Option(str(i), label, checked=i in chosen) for i, label in enumerate(question.choices)
        ]
    elif kind == QuestionType.COMPETENCE_GRID:
        view.labels = question.labels
        answered = value if isinstance(value, dict) else {}
        points = question.points
        rows = None
        if read and question.options.get("source"):
            # Reading a grid from a source: only the rows answered are shown; the source
            # names them from the answers' query, and an unanswered grid needs none.
            rows = answered_rows(question, answer) if answer is not None else []
        if rows is None:
            rows = grid_rows(question, response)
        view.rows = [
            GridRow(
                row.key,
                row.label,
                [
                    Option(
                        str(n),
                        view.labels[n - 1] if n - 1 < len(view.labels) else "",
                        checked=answered.get(row.key) == n,
                        number=n,
                    )
                    for n in range(1, points + 1)
                ],
                levels=row.levels,
            )
            for row in rows
        ]
    return view


def value_view(question: Question, value: Any, response: Response | None = None) -> QuestionView:
    """One stored answer value as the pages show it (``questionnaires/_value.html``):
    e.g. an answer before and after a change."""
    return _question_view(question, value, response)


def _section_views(
    sections: Iterable[Section],
    answers: dict[int, Answer],
    response: Response | None,
    *,
    read: bool = False,
) -> list[SectionView]:
    return [
        SectionView(
            section.title,
            section.intro,
            [
                _question_view(
                    q,
                    answers[q.pk].value if q.pk in answers else None,
                    response,
                    read=read,
                    answer=answers.get(q.pk),
                )
                for q in section.questions.all()
            ],
        )
        for section in sections
    ]


def sections_for(
    version: QuestionnaireVersion, response: Response | None = None
) -> list[SectionView]:
    """The version's sections and questions with the response's answers filled in (three
    queries: sections, questions, answers). For several responses at once, use
    ``sections_for_responses``."""
    # A blank response that is not stored yet (a preparation page before the first
    # save) has no answers to read.
    answers = (
        answers_by_question(response) if response is not None and response.pk is not None else {}
    )
    return _section_views(sections_with_questions(version), answers, response)


# The answers of the responses a page reads (a conversation's preparations: one to a few),
# with what the registered grid sources compute, compiled once per process for each
# number of responses (the sources are registered before the first request).
_answers_of = PreparedIn(
    lambda ids: Answer.objects.filter(response__in=ids).annotate(**answer_annotations())
)


def sections_for_responses(responses: Sequence[Response]) -> dict[int, list[SectionView]]:
    """``sections_for`` for many responses at once, keyed by response id: three queries
    whatever their number (the sections of every distinct version, their questions, and
    the answers of all the responses); none for no responses. A page that shows many
    filled-in forms (a GRUS page with every member's shared preparation) uses this.

    The forms are read, not filled in: a competence grid shows the rows answered, which a
    registered row source names from what it computes with the answers' query
    (``grid.register_row_source``), without a query of its own."""
    if not responses:
        return {}
    version_field = Response._meta.get_field("version")
    sections = sections_of_versions(
        {r.version_id: r.version if version_field.is_cached(r) else None for r in responses}
    )
    answers: dict[int, dict[int, Answer]] = {r.pk: {} for r in responses}
    for answer in _answers_of([r.pk for r in responses]):
        answers[answer.response_id][answer.question_id] = answer
    return {
        r.pk: _section_views(sections.get(r.version_id, []), answers[r.pk], r, read=True)
        for r in responses
    }


def fill_context(
    response: Response | None = None,
    *,
    version: QuestionnaireVersion | None = None,
    save_url: str = "",
    disabled: bool = False,
) -> dict[str, Any]:
    """The context for ``questionnaires/_fill.html`` (and ``_answers.html``).

    Give a response to fill in (its version is used), or only a version for a preview
    (always disabled)."""
    if response is not None:
        version = response.version
    if version is None:
        raise ValueError("fill_context needs a response or a version")
    return {
        "response": response,
        "version": version,
        "sections": sections_for(version, response),
        "save_url": save_url,
        "disabled": disabled or response is None or not save_url,
    }
