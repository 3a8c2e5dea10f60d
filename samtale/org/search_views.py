"""Finding people and units (samtale.org.search): the list under the header's search box,
fetched as one types (htmx), and the search page, which works without JavaScript.

Both are for those ``policy.can_search`` lets search (403 for anyone else) and show only
whom the viewer may see; ended employees are left out unless the page is asked to
include them (they are then marked).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.org import policy, search
from samtale.org.models import OrgUnit, Person
from samtale.org.viewer import ViewerRequest

# As one types: at most this many people and this many units.
SUGGESTED = 10
# On the search page, with the people: the first units (all of them on their own page).
UNITS_WITH_PEOPLE = 10


def _terms(request: ViewerRequest) -> search.Terms:
    if not policy.can_search(request.viewer):
        raise PermissionDenied
    return search.parse(request.GET.get("q"))


def suggestions(request: ViewerRequest) -> HttpResponse:
    """The list under the search box: people and units, each at most ``SUGGESTED``."""
    viewer = request.viewer
    terms = _terms(request)
    people = Person.objects.active().select_related("unit").suggested(viewer, terms, SUGGESTED)
    units = list(OrgUnit.objects.search(viewer, terms).select_related("parent")[: SUGGESTED + 1])
    return render(
        request,
        "org/_search_suggestions.html",
        {
            "terms": terms,
            "people": people[:SUGGESTED],
            "units": units[:SUGGESTED],
            "status": _status(terms, people, units),
        },
    )


def _status(terms: search.Terms, people: list[Person], units: list[OrgUnit]) -> str:
    """What a screen reader announces when the list changes."""
    if not terms.searchable:
        return ""
    if not people and not units:
        return _("No people or units found.")
    if people and units:
        return _("Found: %(units)s and %(people)s.") % {
            "units": _units_found(len(units)),
            "people": _people_found(len(people)),
        }
    return _("Found: %(found)s.") % {
        "found": _people_found(len(people)) if people else _units_found(len(units))
    }


def _people_found(n: int) -> str:
    if n > SUGGESTED:
        return ngettext("more than %(n)d person", "more than %(n)d people", SUGGESTED) % {
            "n": SUGGESTED
        }
    return ngettext("%(n)d person", "%(n)d people", n) % {"n": n}


def _units_found(n: int) -> str:
    if n > SUGGESTED:
        return ngettext("more than %(n)d unit", "more than %(n)d units", SUGGESTED) % {
            "n": SUGGESTED
        }
    return ngettext("%(n)d unit", "%(n)d units", n) % {"n": n}


def page(request: ViewerRequest) -> HttpResponse:
    """The search page: the units and the people that match, page by page. ``ended=1``
    includes people whose employment has ended; ``kind=units`` shows only the units."""
    viewer = request.viewer
    terms = _terms(request)
    include_ended = request.GET.get("ended") == "1"
    only_units = request.GET.get("kind") == "units"
    number = request.GET.get("page")
    units = OrgUnit.objects.search(viewer, terms).select_related("parent")
    people = Person.objects.search(viewer, terms).select_related(
        "unit", "manager", "professional_group"
    )
    if not include_ended:
        people = people.active()
    size = settings.SAMTALE_PAGE_SIZE
    return render(
        request,
        "org/search.html",
        {
            "terms": terms,
            "min_length": search.MIN_LENGTH,
            "include_ended": include_ended,
            "only_units": only_units,
            "units_page": Paginator(units, size if only_units else UNITS_WITH_PEOPLE).get_page(
                number if only_units else 1
            ),
            "people_page": None if only_units else Paginator(people, size).get_page(number),
        },
    )
