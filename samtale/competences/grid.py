"""The rows of a competence grid whose question takes them from the catalogue
(``samtale.questionnaires.grid``, registered in ``CompetencesConfig.ready``): the
competences of the person's profile, or every active competence when the person has no
profile (or the form is previewed, or the conversation is a team's); each row with the
catalogue's description of its four levels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case, TextField, Value, When

from samtale.competences.models import Competence
from samtale.competences.queries import active_competences, profile_for
from samtale.lib.jsonrows import json_rows, parsed
from samtale.org.models import Person
from samtale.questionnaires.grid import GridRow
from samtale.questionnaires.models import QuestionType

if TYPE_CHECKING:
    from samtale.questionnaires.models import Question, Response

# The rows are kept on the response: a form with several grids, or a page that shows the
# response's every question, asks once.
_CACHE = "_competence_grid_rows"


def person_of(response: Response) -> Person | None:
    """The person the conversation of this preparation is about (one query; None for a
    team's conversation or a response that is no preparation). A blank response not yet
    stored (a preparation page before its first save) carries its preparation."""
    if response.pk is None:
        preparation = getattr(response, "preparation", None)
        return None if preparation is None else preparation.conversation.person
    return (
        Person.objects.filter(own_conversations__preparations__response=response)
        .only("pk", "professional_group_id", "unit_id")
        .first()
    )


def rows_for_person(person: Person | None) -> list[GridRow]:
    competences = None
    if person is not None:
        profile = profile_for(person)
        if profile.requirements:
            competences = [r.competence for r in profile.requirements]
    if competences is None:
        competences = active_competences()
    return [
        GridRow(c.grid_key, c.name, tuple(text for _level, text in c.levels)) for c in competences
    ]


def rows_for(question: Question, response: Response | None) -> list[GridRow]:
    if response is None:
        return rows_for_person(None)
    rows = getattr(response, _CACHE, None)
    if rows is None:
        rows = rows_for_person(person_of(response))
        setattr(response, _CACHE, rows)
    return list(rows)


def answer_annotation() -> Any:
    """With each answer to a competence grid being read, every competence of the catalogue
    (retired ones too: an answer keeps its competence) as JSON text, computed in the
    answers' own query: shared preparations cost no query for their grid's names."""
    catalogue = json_rows(
        Competence.objects.all(),
        c="id",
        n="name",
        co="category__order",
        cn="category__name",
        o="order",
    )
    return Case(
        When(question__type=QuestionType.COMPETENCE_GRID, then=catalogue),
        default=Value(""),
        output_field=TextField(),
    )


def answered_rows(value: Any, catalogue: str | None) -> list[GridRow]:
    """The rows answered (``value``: row key -> level), named from ``answer_annotation``,
    in catalogue order."""
    if not isinstance(value, dict) or not catalogue:
        return []
    found = [c for c in parsed(catalogue) if f"c{c['c']}" in value]
    found.sort(key=lambda c: (c["co"], c["cn"], c["o"], c["n"], c["c"]))
    return [GridRow(f"c{c['c']}", str(c["n"])) for c in found]
