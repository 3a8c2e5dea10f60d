"""Finding people and units: by name (every word of the query, anywhere in the name), by
employee number, e-mail address or unit code (from the start), within what the viewer
may see. The header's search box and the search page (``search_views``) ask here,
through ``Person.objects.search(viewer, terms)`` (the list under the box:
``Person.objects.suggested(viewer, terms, limit)``) and ``OrgUnit.objects.search(...)``.

Names are compared folded (``samtale.lib.folding``: upper case, no accents), so "emma
niel" finds "Emma Nielsen" and "soren" finds "Søren". A word of one or two letters
matches the start of a word of the name ("e niel"); a longer one anywhere in it.
E-mail addresses compare in lower case; employee numbers as they are, and only among the
people whose employment details the viewer may see (``policy.employment_visible_q``), so
that a number never tells who has it to anyone else.

Ranked: an exact match first (the whole name, the number, the address, the code), then
one that starts with the query, then a name with a later word starting with it, then the
rest; within each of the first three, the closest by trigram similarity (PostgreSQL only,
and for queries of three letters or more), then by name.

People's names are folded once, when written (``Person.search_name``, a generated
column); units are few, and fold as they are searched. On PostgreSQL every condition is
served by an index (migration org 0003: trigram indexes on the folded names and codes, a
prefix index on the lower-case addresses); on SQLite it is the same query without
indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from samtale.lib.folding import Folded, Similarity, fold

if TYPE_CHECKING:
    from samtale.org.models import Person
    from samtale.org.queries import OrgUnitQuerySet, PersonQuerySet
    from samtale.org.viewer import Viewer

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_WORDS = 6
# A word shorter than this matches the start of a word of the name: a trigram index
# cannot find two letters anywhere, but it can find them after a space.
WHOLE_WORD_FROM = 3
# Characters that start a new word in a name ("Mette Mælkebøtte-Ansat").
WORD_BREAKS = (" ", "-")


@dataclass(frozen=True)
class Terms:
    """A query as typed (``text``, spaces collapsed), folded (``folded``) and split into
    folded ``words``."""

    text: str
    folded: str
    words: tuple[str, ...]

    @property
    def searchable(self) -> bool:
        return len(self.text) >= MIN_LENGTH

    @property
    def one_word(self) -> bool:
        """A number, an e-mail address or a code is one word."""
        return len(self.words) == 1


def parse(raw: str | None) -> Terms:
    text = " ".join((raw or "").split())[:MAX_LENGTH].strip()
    folded = fold(text) or ""
    return Terms(text=text, folded=folded, words=tuple(folded.split()[:MAX_WORDS]))


def _word_q(field: str, word: str, *, anywhere: bool = True) -> Q:
    """The word anywhere in the name (from WHOLE_WORD_FROM letters, unless ``anywhere``
    is off), else at the start of one of its words."""
    if anywhere and len(word) >= WHOLE_WORD_FROM:
        return Q(**{f"{field}__contains": word})
    q = Q(**{f"{field}__startswith": word})
    for br in WORD_BREAKS:
        q |= Q(**{f"{field}__contains": br + word})
    return q


def _all_words_q(field: str, terms: Terms, *, anywhere: bool = True) -> Q:
    q = Q()
    for word in terms.words:
        q &= _word_q(field, word, anywhere=anywhere)
    return q


def _rank(exact: Q, starts: Q, later_word: Q) -> Case:
    return Case(
        When(exact, then=Value(0)),
        When(starts, then=Value(1)),
        When(later_word, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def _ranked(queryset: Any, q: Q, exact: Q, starts: Q, terms: Terms) -> Any:
    queryset = queryset.filter(q).alias(
        _rank=_rank(exact, starts, Q(_name__contains=" " + terms.folded))
    )
    if len(terms.folded) < WHOLE_WORD_FROM:
        # Two letters have no trigrams to compare; and they match many.
        return queryset.order_by("_rank", "name", "pk")
    # Similarity only within the first three ranks, which the indexes keep small: a
    # query like "sen" is inside the names of thousands.
    closeness = Case(
        When(_rank__lt=3, then=Similarity("_name", Value(terms.folded))),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return queryset.alias(_similarity=closeness).order_by("_rank", "-_similarity", "name", "pk")


def people(
    queryset: PersonQuerySet, viewer: Viewer, terms: Terms, *, anywhere: bool = True
) -> PersonQuerySet:
    """The people of ``queryset`` (already those the viewer may see) that match, ranked.
    With ``anywhere`` off, every word must start a word of the name."""
    from samtale.org import policy

    if not terms.searchable:
        return queryset.none()
    queryset = queryset.alias(_name=F("search_name"), _email=Lower("email"))
    q = _all_words_q("_name", terms, anywhere=anywhere)
    exact = Q(_name=terms.folded)
    starts = Q(_name__startswith=terms.folded)
    if terms.one_word:
        number, address = terms.text, terms.text.lower()
        employment = policy.employment_visible_q(viewer)
        q |= Q(_email__startswith=address) | (Q(employee_number__startswith=number) & employment)
        exact |= Q(_email=address) | (Q(employee_number=number) & employment)
        starts |= Q(_email__startswith=address) | (
            Q(employee_number__startswith=number) & employment
        )
    return _ranked(queryset, q, exact, starts, terms)


def suggested_people(
    queryset: PersonQuerySet, viewer: Viewer, terms: Terms, limit: int
) -> list[Person]:
    """Up to ``limit + 1`` people for the list under the search box (one more than it
    shows, to tell that there are more), in one or two queries.

    First those whose name has words starting with the query's words (and the numbers,
    addresses), ranked: the trigram indexes keep them few. Only if they are not enough,
    some of those with a word inside a name, in name order: a query like "sen" is inside
    the names of half the municipality, and ranking them all would cost more than the
    list may. The search page ranks them all, page by page."""
    first = list(people(queryset, viewer, terms, anywhere=False)[: limit + 1])
    if len(first) > limit or not any(len(w) >= WHOLE_WORD_FROM for w in terms.words):
        return first
    inside = (
        queryset.alias(_name=F("search_name"))
        .filter(_all_words_q("_name", terms))
        .exclude(pk__in=[p.pk for p in first])
        .order_by()[: limit + 1 - len(first)]
    )
    return first + sorted(inside, key=lambda p: (p.name, p.pk))


def units(queryset: OrgUnitQuerySet, terms: Terms) -> OrgUnitQuerySet:
    """The units of ``queryset`` (already those the viewer may see) that match, ranked."""
    if not terms.searchable:
        return queryset.none()
    queryset = queryset.alias(_name=Folded("name"), _code=Folded("code"))
    q = _all_words_q("_name", terms)
    exact = Q(_name=terms.folded)
    starts = Q(_name__startswith=terms.folded)
    if terms.one_word:
        q |= Q(_code__startswith=terms.folded)
        exact |= Q(_code=terms.folded)
        starts |= Q(_code__startswith=terms.folded)
    return _ranked(queryset, q, exact, starts, terms)
