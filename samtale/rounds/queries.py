"""Reads of rounds that know the viewer (the rules are ``samtale.rounds.policy``'s, said
here as SQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from samtale.lib.paths import SEP, ids_in_path
from samtale.org.policy import NOTHING, subtree_q
from samtale.rounds.models import Round
from samtale.rounds.policy import PUBLIC

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer


def _ancestor_paths(path: str) -> list[str]:
    ids = ids_in_path(path)
    return [SEP + SEP.join(str(i) for i in ids[: n + 1]) + SEP for n in range(len(ids))]


def meets_q(scopes: tuple[str, ...] | list[str]) -> Q:
    """Rounds with a unit inside one of ``scopes`` or above it (policy.meets)."""
    scopes = [s for s in scopes if s]
    if not scopes:
        return NOTHING
    above = {p for s in scopes for p in _ancestor_paths(s)}
    return subtree_q("units__path", scopes) | Q(units__path__in=sorted(above))


def rounds_for(viewer: Viewer) -> QuerySet[Round]:
    """The rounds the viewer may see (policy.can_see), newest first."""
    rounds = Round.objects.all()
    if viewer.is_admin:
        return rounds
    q = meets_q((*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths))
    me = viewer.person
    if me is not None:
        public = Q(state__in=PUBLIC)
        if viewer.leads_anyone:
            q |= public
        elif me.unit is not None:
            q |= public & Q(units__path__in=_ancestor_paths(me.unit.path))
    return (
        rounds.filter(pk__in=Round.objects.filter(q).values("pk"))
        if q != NOTHING
        else rounds.none()
    )
