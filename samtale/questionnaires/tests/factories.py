"""Small helpers for the questionnaire tests: a draft with one question of every type."""

from __future__ import annotations

from typing import Any

from samtale.questionnaires import services
from samtale.questionnaires.models import Question, QuestionnaireVersion, QuestionType

SCALE_LABELS = ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
LEVEL_LABELS = ["Begynder", "Selvstændig", "Erfaren", "Ekspert"]
GRID_LABELS = ["Vil udvikle meget", "Vil udvikle noget", "Tilstrækkelig", "God", "Meget god"]


def draft_with_every_type(
    family: str = "test", language: str = "da", by: Any = None
) -> tuple[QuestionnaireVersion, dict[str, Question]]:
    form = services.create_questionnaire(name="Testskema", family=family, language=language, by=by)
    version = services.new_draft(form, by=by)
    first = services.add_section(version, title="Siden sidst", intro="Se tilbage.")
    second = services.add_section(version, title="Fremad")
    questions = {
        "text": services.add_question(
            first, type=QuestionType.TEXT, text="Hvad gik godt?", help_text="Skriv frit."
        ),
        "scale": services.add_question(
            first,
            type=QuestionType.SCALE,
            text="Hvordan trives du?",
            required=True,
            options={"labels": SCALE_LABELS},
        ),
        "single": services.add_question(
            first,
            type=QuestionType.SINGLE,
            text="Hvor langt er du med planen?",
            options={"choices": ["Færdig", "Halvvejs", "Ikke begyndt"]},
        ),
        "multiple": services.add_question(
            second,
            type=QuestionType.MULTIPLE,
            text="Hvordan lærer du bedst?",
            options={"choices": ["Kursus", "Sparring", "Nye opgaver"]},
        ),
        "grid": services.add_question(
            second,
            type=QuestionType.COMPETENCE_GRID,
            text="Dine kompetencer",
            options={"rows": ["Faglighed", "Samarbejde"], "labels": GRID_LABELS},
        ),
    }
    return version, questions
