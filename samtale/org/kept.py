"""Keys for what the org pages keep in the cache: the org tree (``samtale.org.tree``)
and the parts of the home, unit, person and team pages made from the organisation
alone (``{% cache org_kept.seconds "name" ... org_kept.key LANGUAGE_CODE using="pages" %}``
in their templates: the ``pages`` cache, a store of its own, see settings).

Such a part changes only when the organisation does (people, units, teams, team
members: ``headcount.version``, changed in the same transaction as any of them), when the
day does (who is active changes at midnight) and, where it lists only what the viewer may
see, with who the viewer is: their person and every scope their roles give them (read
with the viewer on every request, so a role granted or taken away shows at once). The
key holds all three, so a kept part is never shown after a change; what a change leaves
behind is never asked for again and leaves the cache within ``SECONDS`` (names of people
among it: an erased person's name is gone from every cache within that time).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import get_language

from samtale.org import headcount

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer

SECONDS = 60 * 60


@dataclass(frozen=True)
class Kept:
    version: str  # the organisation's (``headcount.version``)
    day: datetime.date
    key: str  # version, day and, when asked for, who the viewer is
    seconds: int = SECONDS

    def cache_key(self, name: str, *parts: object) -> str:
        """A cache key for a part a view keeps itself (``{% cache %}`` makes its own):
        ``name``, then a digest of the key, ``parts`` (the page's parameters) and the
        language."""
        text = ":".join((self.key, *map(str, parts), get_language() or ""))
        return f"{name}:{hashlib.sha256(text.encode()).hexdigest()}"


def kept_for(viewer: Viewer | None = None, *, version: str | None = None) -> Kept:
    """The key of parts made from the organisation as ``viewer`` may see it (None: parts
    that are the same for everyone who may open the page). One query: the version
    (none when the caller has read it: ``version``, from another key of the request)."""
    version = version or headcount.version()
    day = timezone.localdate()
    who = _who(viewer) if viewer is not None else "everyone"
    return Kept(version=version, day=day, key=f"{version}:{day.isoformat()}:{who}")


def _who(viewer: Viewer) -> str:
    """Everything about the viewer that decides what they see, as a short digest."""
    person = viewer.person
    parts = (
        "admin" if viewer.is_admin else "",
        str(person.pk) if person is not None else "",
        "hr", *viewer.hr_paths,
        "tr", *viewer.tr_paths,
        "amr", *viewer.amr_paths,
    )  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
