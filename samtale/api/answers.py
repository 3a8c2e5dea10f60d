"""Filled-in preparation forms as text, the way the conversation page shows them
(``templates/questionnaires/_answers.html``), from the same views of the questions
(``samtale.questionnaires.filling.sections_for_responses``): three queries for any
number of preparations.

Call it only with responses the viewer may read: it loads their answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samtale.questionnaires.filling import QuestionView, sections_for_responses
from samtale.questionnaires.models import QuestionType, Response


def answer_text(view: QuestionView) -> str | None:
    """One answer as text, or None when it is not answered: free text as written; a
    scale's number and its label, "4 (Godt)"; the chosen choices separated by commas; a
    competence grid's rated rows, one per line, "Sprog: 4 (Godt)"."""
    if not view.answered:
        return None
    if view.type == QuestionType.TEXT:
        return str(view.value)
    if view.type == QuestionType.SCALE:
        labels = [label for label in view.chosen if label]
        return f"{view.value} ({labels[0]})" if labels else str(view.value)
    if view.type == QuestionType.COMPETENCE_GRID:
        return "\n".join(
            f"{row.label}: {option.number} ({option.label})"
            for row in view.rows
            for option in row.options
            if option.checked
        )
    return ", ".join(view.chosen)


def sections_with_answers(responses: Sequence[Response]) -> dict[int, list[dict[str, Any]]]:
    """response id -> its form's sections in order, each with its questions and the
    answers as text (``answer_text``)."""
    return {
        response_id: [
            {
                "title": section.title,
                "questions": [
                    {
                        "question": view.question.text,
                        "type": view.type,
                        "answered": view.answered,
                        "answer": answer_text(view),
                    }
                    for view in section.questions
                ],
            }
            for section in sections
        ]
        for response_id, sections in sections_for_responses(responses).items()
    }
