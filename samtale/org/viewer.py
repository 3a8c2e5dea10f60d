"""Who is asking, as the organisation's rules see it.

``samtale.access`` builds the real viewer (``samtale.access.viewer.Viewer``) from the
organisation's data, so it sits above ``org``; the organisation's own rules and
querysets are written against this protocol, which that viewer satisfies, and so ``org``
never imports ``access``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

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
