"""Panels: parts of a conversation that a higher layer shows (the development plan, and
later the round's themes and competences).

``samtale.conversations`` sits below the apps that build on conversations and never
imports them. An app that has something to show with a conversation registers a
``Panel`` in its ``AppConfig.ready``; ``samtale.conversations.reading.content_for`` asks
every registered panel what the viewer may read of it, writes what the panels report into
the read log together with the conversation's own content, and hands the panels to the
page, the API and the PDF, which render each with its own template.

    panels.register(Panel(name="development_plan", order=10, load=..., template=...))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation


@dataclass(frozen=True)
class PanelContent:
    """What a panel shows one viewer of one conversation.

    ``context`` is for the panel's templates (and the API); ``reads`` are the read-log
    entries for content someone else wrote that it shows: ``(conversation id, what)``,
    on the conversation the content belongs to (last year's plan on last year's
    conversation)."""

    context: dict[str, Any]
    reads: Sequence[tuple[int, str]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Panel:
    name: str
    # The panel's part of the conversation page, and of its PDF (None: not in the PDF).
    template: str
    pdf_template: str | None
    # What the viewer may read of it, or None when it shows nothing for them; called
    # only for participants of the conversation. It must not write the read log.
    load: Callable[[Viewer, Conversation], PanelContent | None]
    order: int = 0
    # Relations of the conversation the panel reads, fetched with the conversation by
    # ``queries.conversation_for`` in its one query (e.g. "round_link__round").
    select_related: tuple[str, ...] = ()
    # Where the page shows it: "end" (after the conversation's own parts) or "top"
    # (under the conversation's time and place: something to do about them).
    place: str = "end"
    # Its section of the preparation form (the round's themes to prepare), or None.
    preparation_template: str | None = None
    # Annotations of the summary versions the panel reads (name -> expression), computed
    # in the versions' own query by ``reading.content_for``, which keeps the versions the
    # viewer may read on the conversation (``summaries_loaded``) before the panels load:
    # a panel about the summary costs no query of its own.
    summary_annotations: Callable[[], Mapping[str, Any]] | None = None

    # Values about the conversation the panel needs, asked in the conversation's one
    # query (``queries.conversation_for``): given the path from that query's rows to the
    # conversation (e.g. "conversation__"), expressions by name; their values are kept
    # on the conversation in ``panel_values`` (e.g. whether its team has a plan).
    annotate: Callable[[str], dict[str, Any]] | None = None

    # ``load`` for many conversations at once (by conversation id; a missing id shows
    # nothing), reading what they share in one query: ``reading.contents_for`` (the
    # own-data export) uses it when given, ``load`` once per conversation otherwise.
    load_many: (
        Callable[[Viewer, Sequence[Conversation]], Mapping[int, PanelContent | None]] | None
    ) = None


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    content: PanelContent

    @property
    def name(self) -> str:
        return self.panel.name

    @property
    def context(self) -> dict[str, Any]:
        return self.content.context


_registry: dict[str, Panel] = {}
_annotation_names: list[str] | None = None


def register(panel: Panel) -> None:
    """Add (or replace, by name) a panel; call it from an ``AppConfig.ready``."""
    global _annotation_names
    _registry[panel.name] = panel
    _annotation_names = None


def related() -> list[str]:
    """What every panel asks to have fetched with the conversation."""
    return sorted({path for panel in _registry.values() for path in panel.select_related})


def summary_annotations() -> dict[str, Any]:
    """What every panel asks to have computed with each summary version."""
    annotations: dict[str, Any] = {}
    for panel in _registry.values():
        if panel.summary_annotations is not None:
            annotations.update(panel.summary_annotations())
    return annotations


def annotations_for(path: str) -> dict[str, Any]:
    """What every panel asks to have annotated on the conversation's query."""
    found: dict[str, Any] = {}
    for panel in _registry.values():
        if panel.annotate is not None:
            found.update(panel.annotate(path))
    return found


def annotation_names() -> list[str]:
    """The names ``annotations_for`` gives (kept until a panel is registered)."""
    global _annotation_names
    if _annotation_names is None:
        _annotation_names = list(annotations_for(""))
    return _annotation_names


def load_all(
    panel: Panel, viewer: Viewer, conversations: Sequence[Conversation], *, many: bool
) -> Mapping[int, PanelContent | None]:
    """What ``panel`` shows the viewer with each conversation, by conversation id;
    ``many``: with its ``load_many`` if it has one (for one conversation, ``load`` reads
    less)."""
    if many and panel.load_many is not None:
        return panel.load_many(viewer, conversations)
    return {c.pk: panel.load(viewer, c) for c in conversations}


def registered() -> list[Panel]:
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.name))
