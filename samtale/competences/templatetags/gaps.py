"""The overview's cells: one filter, not an include per cell (a heatmap has hundreds)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samtale.lib.urls import reverse_fast

register = template.Library()


_HIDDEN = (
    '<td class="samtale-gap samtale-gap--hidden"><span aria-hidden="true">{dash}</span>'
    '<span class="sr-only">{why}</span></td>'
)


@register.filter
def gap_cell(cell: Any) -> SafeString:
    """A ``<td>`` for a number of a gap table (``Shown`` with ``Stats``, or
    ``Suppressed``): its colour band as a class AND the numbers as text; a hidden
    number as "–" with its explanation for screen readers."""
    if cell.suppressed:
        return mark_safe(_HIDDEN.format(dash=escape(str(cell)), why=escape(cell.explanation)))
    if not cell.people:
        return format_html(
            '<td class="samtale-gap samtale-gap--empty"><span aria-hidden="true">·</span>'
            '<span class="sr-only">{}</span></td>',
            gettext("No one with this requirement"),
        )
    stats = cell.value
    if not stats.assessed:
        return format_html(
            '<td class="samtale-gap samtale-gap--none">{}</td>',
            ngettext(
                "%(n)s with the requirement, none assessed",
                "%(n)s with the requirement, none assessed",
                cell.people,
            )
            % {"n": cell.people},
        )
    text = gettext("%(below)s of %(assessed)s assessed below; %(n)s with the requirement") % {
        "below": stats.below,
        "assessed": stats.assessed,
        "n": cell.people,
    }
    share = round(100 * stats.below / stats.assessed)
    return mark_safe(
        f'<td class="samtale-gap samtale-gap--{stats.band}"><strong>{share} %</strong>'
        f"<br>{escape(text)}</td>"
    )


@register.filter
def person_gap_row(found: Any) -> SafeString:
    """A ``<tr>`` of a leader's list of their people (``gaps.PersonGaps``): name (linked)
    and group, how many requirements are met, not assessed, and those below ("Samarbejde
    3/4"). One filter per row: a leader may have a hundred people or more."""
    person = found.person
    group = person.professional_group
    name = f'<a href="{reverse_fast("org:person", args=[person.pk])}">{escape(person.name)}</a>'
    if group:
        name += f'<br><span class="samtale-count">{escape(group.name)}</span>'
    below: str
    if found.below:
        below = "; ".join(
            f"{escape(r.competence.name)} {r.agreed}/{r.required}" for r in found.below
        )
    else:
        below = escape(gettext("None") if found.requirements else gettext("No profile"))
    return mark_safe(  # every text above is escaped
        f'<tr><th scope="row">{name}</th><td>{found.at}</td><td>{found.not_assessed}</td>'
        f"<td>{below}</td></tr>"
    )
