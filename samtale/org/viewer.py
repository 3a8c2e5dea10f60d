"""Who is asking, as the organisation's rules see it.

``samtale.access`` builds the real viewer (``samtale.access.viewer.Viewer``) from the
organisation's data, so it sits above ``org``; the organisation's own rules and
querysets are written against this protocol, which that viewer satisfies, and so ``org``
never imports ``access``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest

if TYPE_CHECKING:
    from samtale.org.models import Person


class Viewer(Protocol):
    @property
    def person(self) -> Person | None: ...

    @property
    def is_admin(self) -> bool: ...

    @property
    def leads_anyone(self) -> bool: ...

    @property
    def hr_paths(self) -> tuple[str, ...]: ...

    @property
    def tr_paths(self) -> tuple[str, ...]: ...

    @property
    def amr_paths(self) -> tuple[str, ...]: ...


class ViewerRequest(HttpRequest):
    """The request as the organisation's pages see it: ``viewer`` is set by
    ``samtale.access``'s middleware (the apps above ``access`` use its
    ``samtale.access.http.ViewerRequest``, whose viewer has the login too)."""

    viewer: Viewer
