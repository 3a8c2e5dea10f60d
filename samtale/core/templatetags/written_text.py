"""``{% load written_text %}``: text a person typed, shown as they wrote it.

``{{ text|paragraphs }}`` is Django's ``linebreaks`` (a blank line starts a paragraph, a
line break stays a line break), except that lines starting with a bullet (``-``, ``*``,
``•`` or ``–`` and a space) become a real list, and an indented line after a bullet
continues its item. A list is announced as one by a screen reader, and in the PDF each
bullet stays with its item: the item is not split over two pages, its lines hang under
the bullet, and it is tagged as a list item (label and body). Numbered lines are left
as they are ("1. december" starts many Danish sentences).
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

register = template.Library()

BULLET = re.compile(r"^\s*[-*•–]\s+(?P<item>\S.*)$")


@register.filter(needs_autoescape=True)
def paragraphs(value: object, autoescape: bool = True) -> SafeString:
    def lines_html(lines: list[str]) -> str:
        return "<br>".join(str(conditional_escape(x)) if autoescape else x for x in lines)

    html = []
    text = normalize_newlines(str(value)).strip()
    for block in re.split(r"\n{2,}", text) if text else []:
        for kind, parts in _parts(block):
            if kind == "ul":
                html.append("<ul>" + "".join(f"<li>{lines_html(i)}</li>" for i in parts) + "</ul>")
            else:
                html.append(f"<p>{lines_html(parts[0])}</p>")
        html.append("\n\n")
    return mark_safe("".join(html).strip())  # every line of the text is escaped above


def _parts(block: str) -> list[tuple[str, list[list[str]]]]:
    """A block's paragraphs ``("p", [lines])`` and lists ``("ul", [lines of each item])``."""
    parts: list[tuple[str, list[list[str]]]] = []
    for line in block.split("\n"):
        bullet = BULLET.match(line)
        kind = parts[-1][0] if parts else None
        if bullet and kind == "ul":
            parts[-1][1].append([bullet["item"].strip()])
        elif bullet:
            parts.append(("ul", [[bullet["item"].strip()]]))
        elif kind == "ul" and line[:1].isspace() and line.strip():
            parts[-1][1][-1].append(line.strip())  # an indented line continues the item
        elif kind == "p":
            parts[-1][1][0].append(line)
        else:
            parts.append(("p", [[line]]))
    return parts
