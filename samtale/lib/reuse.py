"""``{% reuse %}``: a part of a template rendered once per process for each set of its
inputs; every later page with the same inputs gets the same text without rendering it.

    {% load reuse %}
    {% reuse searches=viewer|can_search person=viewer.person|flag %}
      ... {% translate "Menu" %} ... {% url 'home' %} ... {% static 'x.svg' %} ...
    {% endreuse %}

Every page has the same layout around its own content: the head with its static files,
the main menu (twice: the bar and the phone's drawer), the search box, the footer. For a
logged-in user that is some 200 template nodes (translations, links, static URLs)
rendered on every request to give the same few kilobytes of text again.

The part is rendered with its named inputs and nothing else: not the page's context,
not the request's values (so no ``{% csrf_token %}`` inside: it is refused, and so is a
``{% block %}``). What it shows is therefore a function of the inputs, the active
language and the process's constants (translations, URL configuration and script
prefix, static files' names), and those are its key. Inputs are plain values (text,
numbers, True/False, None), never objects: a person or a viewer cannot become part of a
text reused for someone else, only what the page computed from them (``|flag`` turns a
value into True or False).

With ``REUSE_CHECK`` (the tests), every reuse renders the part again and fails if the
text differs from the one kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from django import template
from django.conf import settings
from django.forms import Form
from django.template.base import (
    UNKNOWN_SOURCE,
    FilterExpression,
    Node,
    NodeList,
    Parser,
    Token,
    token_kwargs,
)
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samtale.lib.urltag import current_app

register = template.Library()

# Input types a key may hold: their text is their value (no object behind them).
_PLAIN = (str, int, bool, type(None))
# Key -> the text. The layout's menu is a few kB for each page name and menu a process
# meets (tens, in practice); the bound keeps a process under a few MB whatever comes.
LIMIT = 1024
_texts: dict[tuple[Any, ...], SafeString] = {}


class ReuseError(AssertionError):
    """A reused text differs from a fresh rendering of its part (``REUSE_CHECK``)."""


def forget() -> None:
    """Forget every kept text (tests)."""
    _texts.clear()


class ReuseNode(Node):
    # No {% block %} inside (refused when parsed): {% extends %} need not look in here.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, inputs: dict[str, FilterExpression], place: str) -> None:
        self.nodelist = nodelist
        self.inputs = inputs
        self.place = place

    def render(self, context: Any) -> str:
        values = {name: expression.resolve(context) for name, expression in self.inputs.items()}
        _require_plain(values, f"{{% reuse %}} at {self.place}")
        key = (self.place, current_app(context), tuple(values.items()))
        return _kept(key, lambda: self.nodelist.render(context.new(values)))


def _require_plain(values: Mapping[str, Any], where: str) -> None:
    """Refuse a key part that is not a plain value (an object could carry one person's
    data into a text kept for everyone)."""
    for name, value in values.items():
        if type(value) not in _PLAIN:
            raise TypeError(
                f"{where}: {name} is a {type(value).__name__}, "
                "not text, a number, True/False or None"
            )


def _kept(key: tuple[Any, ...], make: Callable[[], str]) -> SafeString:
    """The text kept for ``key`` (with the language and the URL configuration), made by
    ``make`` the first time; with ``REUSE_CHECK`` made again and compared."""
    key = (*key, translation.get_language(), get_urlconf() or settings.ROOT_URLCONF)
    key = (*key, get_script_prefix())
    kept = _texts.get(key)
    if kept is not None and not settings.REUSE_CHECK:
        return kept
    text = mark_safe(make())
    if kept is None:
        if len(_texts) >= LIMIT:
            _texts.clear()
        _texts[key] = text
    elif kept != text:
        raise ReuseError(f"A reused text ({key[0]}) gave another text for {key}")
    return text


def blank_form(
    form_class: type[Form], *, texts: Mapping[str, str] | None = None, **options: Any
) -> SafeString:
    """The fields of a new, unbound ``form_class`` as ``includes/form.html`` shows them,
    rendered once per process and language like a ``{% reuse %}`` part (the conversation
    page's cancel, document upload, job-description revision and new-goal forms, some
    0.5 ms each to render). Only for a form that is the same for everyone: no choices
    read from the database, no initial values of the request, settings only as the
    process has them (no ``{% csrf_token %}``: the page puts it outside).

    ``options``: arguments of the form's constructor that are the same on many pages
    (plain values: part of the key). ``texts``: arguments that differ from page to page
    but only appear as text in the form (a person's name in a choice's label): the form
    is rendered once with a marker in their place, and each page's value, escaped,
    replaces it."""
    _require_plain(options, f"blank_form({form_class.__qualname__})")
    texts = texts or {}
    markers: dict[str, Any] = {name: f"\ue000{name}\ue001" for name in sorted(texts)}
    key = (
        f"blank form {form_class.__module__}.{form_class.__qualname__}",
        tuple(sorted(options.items())),
        tuple(markers),
    )
    arguments: dict[str, Any] = {**options, **markers}
    text: str = _kept(
        key, lambda: render_to_string("includes/form.html", {"form": form_class(**arguments)})
    )
    for name, marker in markers.items():
        text = text.replace(marker, escape(texts[name]))
    return mark_safe(text)


_strings = itertools.count(1)


def _place(parser: Parser, token: Token) -> str:
    """Which part this is, the same every time its template is parsed: the template's
    name and the part's number in it (a template from a string gets a number of its
    own: two of them may share a name)."""
    name = parser.origin.name if parser.origin is not None else UNKNOWN_SOURCE
    if name == UNKNOWN_SOURCE:
        name = f"{name}#{next(_strings)}"
    number = getattr(parser, "_reuse_parts", 0) + 1
    parser._reuse_parts = number  # type: ignore[attr-defined]
    return f"{name}:{token.lineno}:{number}"


@register.tag
def reuse(parser: Parser, token: Token) -> ReuseNode:
    bits = token.split_contents()[1:]
    inputs = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError(
            f"{{% reuse %}} takes named inputs only (name=value), not {bits[0]!r}"
        )
    nodelist = parser.parse(("endreuse",))
    parser.delete_first_token()
    place = _place(parser, token)
    for refused, what in ((BlockNode, "{% block %}"), (CsrfTokenNode, "{% csrf_token %}")):
        if nodelist.get_nodes_by_type(refused):
            raise template.TemplateSyntaxError(f"{{% reuse %}} at {place} holds a {what}")
    return ReuseNode(nodelist, inputs, place)


@register.filter
def flag(value: Any) -> bool:
    """True or False: a value's truth, as an input of ``{% reuse %}``."""
    return bool(value)
