"""Parts of the summary page that belong to a higher app (the agreed competence levels of
a MUS, ``samtale.competences.summary_part``, registered in ``CompetencesConfig.ready``).

``samtale.conversations`` never imports the apps above it. An app that records something
with the summary registers a ``SummaryPart``: its form, shown inside the summary's form
while the leader writes it, and validated with it. The page hands what each valid form
cleaned to ``services.write_summary`` (``parts``, by name), which sends it with
``signals.summary_written`` inside its transaction; the app's receiver saves it through
its own services.

    summary_parts.register(SummaryPart(name="agreed_levels", template=..., form=...))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, SummaryVersion


class PartForm(Protocol):
    """What the page needs of a part's form (a Django form is one)."""

    cleaned_data: dict[str, Any]

    def is_valid(self) -> bool: ...


@dataclass(frozen=True)
class SummaryPart:
    name: str
    # Rendered inside the summary's form, with ``form`` (the part's form).
    template: str
    # The part's form for the viewer writing this conversation's summary: bound to
    # ``data`` (a POST), or without it showing what ``latest`` (the latest version, or
    # None) holds; None when the part has nothing for this conversation. It may read
    # (and write the read log for what it shows), never change anything.
    form: Callable[
        [Viewer, Conversation, SummaryVersion | None, Mapping[str, Any] | None], PartForm | None
    ]
    order: int = 0


@dataclass(frozen=True)
class ShownPart:
    part: SummaryPart
    form: PartForm

    @property
    def name(self) -> str:
        return self.part.name


_registry: dict[str, SummaryPart] = {}


def register(part: SummaryPart) -> None:
    """Add (or replace, by name) a part; call it from an ``AppConfig.ready``."""
    _registry[part.name] = part


def forms_for(
    viewer: Viewer,
    conversation: Conversation,
    latest: SummaryVersion | None,
    data: Mapping[str, Any] | None,
) -> list[ShownPart]:
    """Every registered part that has a form for this viewer and conversation."""
    shown = []
    for part in sorted(_registry.values(), key=lambda p: (p.order, p.name)):
        form = part.form(viewer, conversation, latest, data)
        if form is not None:
            shown.append(ShownPart(part, form))
    return shown


def cleaned(shown: list[ShownPart]) -> dict[str, Any]:
    """What the parts' valid forms cleaned, by part name, for ``services.write_summary``."""
    return {one.name: one.form.cleaned_data for one in shown}
