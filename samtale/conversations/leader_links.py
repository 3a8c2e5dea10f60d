"""Links a higher app adds to the leader's overview ("Mine medarbejdere").

``samtale.conversations`` never imports the apps above it. An app with a page a leader
needs for the conversations they hold (the round's offered times, ``samtale.rounds``)
registers a function in its ``AppConfig.ready`` that says, for one viewer, which links
to show; the overview lists them under its introduction::

    leader_links.register("rounds-booking", links_for)  # links_for(viewer) -> [Link]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


@dataclass(frozen=True)
class Link:
    text: str
    url: str


_registry: dict[str, Callable[[Viewer], list[Link]]] = {}


def register(name: str, links: Callable[[Viewer], list[Link]]) -> None:
    """Add (or replace, by name) a source of links; call it from an ``AppConfig.ready``."""
    _registry[name] = links


def for_leader(viewer: Viewer) -> list[Link]:
    """Every registered app's links for the viewer, by the apps' names."""
    return [link for name in sorted(_registry) for link in _registry[name](viewer)]
