"""What a leader's overview counts now: a registry that a higher app fills.

"This year" is, on its own, the conversations created since 1 January (``this_year_q``).
The yearly round knows better: while a leader is in a round that has been announced,
the conversations that count are the round's (a MUS made in December for the January
round counts in it), and the people the round does not call to a kind are not missing
it (a team that chose GRUS instead of MUS, a unit whose rule holds no MUS this year).

``samtale.conversations`` sits below the rounds and never imports them. The rounds
register a ``Provider`` in their ``AppConfig.ready``; ``for_leader`` asks the providers
and falls back to this year by ``created_at`` when none has an answer::

    counting.register(provider)  # provider(leader, today) -> Counting | None
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from samtale.org.models import Person


def year_start(today: datetime.date | None = None) -> datetime.date:
    """1 January of this (Danish) year."""
    return (today or timezone.localdate()).replace(month=1, day=1)


def this_year_q(today: datetime.date | None = None) -> Q:
    """Conversations of this year: created since 1 January (Danish time)."""
    return Q(created_at__date__gte=year_start(today))


@dataclass(frozen=True)
class Counting:
    """What counts for one leader now.

    ``kinds``: the kinds (ids) a provider answers for; ``conversations`` says which of
    the leader's conversations of those kinds count. Every other kind counts this year's
    (``this_year_q``). ``not_offered``: per kind id, the people (for a team kind: the
    teams) it is not for, on top of ``policy.is_offered``; they are never missing it.
    ``title`` and ``url`` name what is counted (a round) and where its progress is."""

    conversations: Q
    kinds: frozenset[int] = frozenset()
    not_offered: Mapping[int, frozenset[int]] = field(default_factory=dict)
    title: str = ""
    url: str = ""

    def q(self, today: datetime.date | None = None) -> Q:
        """The conversations that count, as a filter on ``Conversation``."""
        if not self.kinds:
            return this_year_q(today)
        return (Q(kind_id__in=self.kinds) & self.conversations) | (
            ~Q(kind_id__in=self.kinds) & this_year_q(today)
        )

    def offered(self, kind_id: int, pk: int) -> bool:
        """Whether the person (or team) ``pk`` is called to the kind, as far as the
        provider knows (``policy.is_offered`` says the rest)."""
        return pk not in self.not_offered.get(kind_id, frozenset())


Provider = Callable[["Person", datetime.date], Counting | None]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider (once); call it from an ``AppConfig.ready``."""
    if provider not in _providers:
        _providers.append(provider)


def for_leader(leader: Person, today: datetime.date | None = None) -> Counting:
    """What counts now for ``leader``: the first provider's answer, else this year's
    conversations by ``created_at``."""
    today = today or timezone.localdate()
    for provider in _providers:
        found = provider(leader, today)
        if found is not None:
            return found
    return Counting(conversations=this_year_q(today))
