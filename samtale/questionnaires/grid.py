"""Rows of a competence grid.

A grid question lists its rows in ``options["rows"]``. With ``options["source"]`` set
(e.g. "catalogue"), a higher layer supplies the rows instead: the development-plans app
registers a provider at start-up (in its ``AppConfig.ready``)::

    from samtale.questionnaires.grid import register_row_source

    def catalogue_rows(question, response):
        return [(f"c{c.pk}", c.name) for c in Competence.objects.active()]

    register_row_source("catalogue", catalogue_rows)

Row keys are strings; they are what answers are keyed by, so a provider must keep a
competence's key stable (its primary key, not its position). Without a provider the
static rows are used, keyed "0", "1", ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samtale.questionnaires.models import Question, Response

RowProvider = Callable[["Question", "Response | None"], list[tuple[str, str]]]

_SOURCES: dict[str, RowProvider] = {}
SOURCE_CATALOGUE = "catalogue"
KNOWN_SOURCES = (SOURCE_CATALOGUE,)


def register_row_source(name: str, provider: RowProvider) -> None:
    _SOURCES[name] = provider


def unregister_row_source(name: str) -> None:
    _SOURCES.pop(name, None)


def grid_rows(question: Question, response: Response | None = None) -> list[tuple[str, str]]:
    """The (key, label) rows of a competence grid question."""
    source = question.options.get("source")
    if source and source in _SOURCES:
        return list(_SOURCES[source](question, response))
    return [(str(i), str(label)) for i, label in enumerate(question.options.get("rows", []))]
