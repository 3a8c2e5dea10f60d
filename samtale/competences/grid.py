"""The rows of a competence grid whose question takes them from the catalogue
(``samtale.questionnaires.grid``, registered in ``CompetencesConfig.ready``): the
competences of the person's profile, or every active competence when the person has no
profile (or the form is previewed, or the conversation is a team's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samtale.competences.queries import active_competences, profile_for
from samtale.org.models import Person

if TYPE_CHECKING:
    from samtale.questionnaires.models import Question, Response

# The rows are kept on the response: a form with several grids, or a page that shows the
# response's every question, asks once.
_CACHE = "_competence_grid_rows"


def person_of(response: Response) -> Person | None:
    """The person the conversation of this preparation is about (one query; None for a
    team's conversation or a response that is no preparation)."""
    return (
        Person.objects.filter(own_conversations__preparations__response=response)
        .only("pk", "professional_group_id", "unit_id")
        .first()
    )


def rows_for_person(person: Person | None) -> list[tuple[str, str]]:
    competences = None
    if person is not None:
        profile = profile_for(person)
        if profile.requirements:
            competences = [r.competence for r in profile.requirements]
    if competences is None:
        competences = active_competences()
    return [(c.grid_key, c.name) for c in competences]


def rows_for(question: Question, response: Response | None) -> list[tuple[str, str]]:
    if response is None:
        return rows_for_person(None)
    rows = getattr(response, _CACHE, None)
    if rows is None:
        rows = rows_for_person(person_of(response))
        setattr(response, _CACHE, rows)
    return list(rows)
