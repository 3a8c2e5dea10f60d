"""Rows of a competence grid.

A grid question lists its rows in ``options["rows"]``. With ``options["source"]`` set
(e.g. "catalogue"), a higher layer supplies the rows instead: the development-plans app
registers a provider at start-up (in its ``AppConfig.ready``)::

    from samtale.questionnaires.grid import register_row_source

    def catalogue_rows(question, response):
        return [(f"c{c.pk}", c.name) for c in Competence.objects.active()]

    register_row_source("catalogue", catalogue_rows)

Row keys are strings; they are what answers are keyed by, so a provider must keep a
competence's key stable (its primary key, not its position). A provider may give each row
the descriptions of its levels (``GridRow.levels``, one per point of the grid), which the
form shows under the row. Without a provider the static rows are used, keyed "0", "1", ...

A grid from a source is rated on the catalogue's levels 1-4 (``SOURCE_POINTS``); one with
static rows on 1-5. The points of a published question are its number of labels, so an
older form keeps the scale it was published with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from samtale.questionnaires.models import Question, Response


class GridRow(NamedTuple):
    key: str
    label: str
    # What each level means for this row (level 1 first), or empty.
    levels: tuple[str, ...] = ()


RowProvider = Callable[["Question", "Response | None"], Sequence[GridRow]]

_SOURCES: dict[str, RowProvider] = {}
SOURCE_CATALOGUE = "catalogue"
KNOWN_SOURCES = (SOURCE_CATALOGUE,)
# The points of a grid whose rows come from a source (the catalogue's levels 1-4).
SOURCE_POINTS = 4


# For reading filled-in forms (``filling.sections_for_responses``): per source, an
# expression computed with each answer in the answers' own query, and the rows of an
# answer from its value and that expression (the rows answered, in the source's order).
AnswerRows = Callable[[Any, Any], list[GridRow]]
_ANSWERED: dict[str, tuple[Callable[[], Any], AnswerRows]] = {}


def register_row_source(
    name: str,
    provider: RowProvider,
    *,
    answer_annotation: Callable[[], Any] | None = None,
    answered_rows: AnswerRows | None = None,
) -> None:
    """``provider`` gives a grid's rows to fill in. With ``answer_annotation`` and
    ``answered_rows`` the source also names the rows of answers being read without a
    query of its own: a page that shows shared preparations costs the same with a grid
    from the source."""
    _SOURCES[name] = provider
    if answer_annotation is not None and answered_rows is not None:
        _ANSWERED[name] = (answer_annotation, answered_rows)


def unregister_row_source(name: str) -> None:
    _SOURCES.pop(name, None)
    _ANSWERED.pop(name, None)


def _annotation_name(source: str) -> str:
    return f"grid_rows_{source}"


def answer_annotations() -> dict[str, Any]:
    """What the registered sources compute with each answer being read."""
    return {_annotation_name(name): factory() for name, (factory, _rows) in _ANSWERED.items()}


def answered_rows(question: Question, answer: Any) -> list[GridRow] | None:
    """The rows of a read answer to a grid from a source, from what the answers' query
    computed; None when the source has nothing for it (ask ``grid_rows``)."""
    source = question.options.get("source")
    if not source or source not in _ANSWERED:
        return None
    name = _annotation_name(source)
    if not hasattr(answer, name):
        return None
    return _ANSWERED[source][1](answer.value, getattr(answer, name))


def grid_rows(question: Question, response: Response | None = None) -> list[GridRow]:
    """The rows of a competence grid question."""
    source = question.options.get("source")
    if source and source in _SOURCES:
        return list(_SOURCES[source](question, response))
    return [GridRow(str(i), str(label)) for i, label in enumerate(question.options.get("rows", []))]
