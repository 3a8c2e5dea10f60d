"""``reverse`` for the common case of a page's many links, without its cost per link.

Django's ``reverse`` looks the name up, fills the pattern and checks the result against
the pattern's regular expression on every call: about 30-50 µs, which a list of 50 people
with three links each pays 150 times. Most of our links name a view whose arguments are
primary keys (``<int:pk>``). For such a name ``reverse_fast`` asks Django once per
process, URL configuration, script prefix and language, with markers in the place of the
arguments, keeps the text around them and fills in the next values itself.

The shape is trusted only when Django gives the same text around two different sets of
markers and around small numbers; anything else (text or keyword arguments, a name
Django does not reverse that way) goes to ``reverse`` every time, so the answer is always
the one ``reverse`` would give (``samtale/lib/tests/test_urls.py`` compares the two for
every named pattern of the project).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
)
from django.utils import translation

# Digits no primary key of ours reaches, standing in for the arguments while the shape is
# read; two sets, so that a pattern that treats them differently is caught.
_MARKERS = (
    (7_301_938_465_104, 7_301_938_465_219, 7_301_938_465_337, 7_301_938_465_452),
    (8_604_117_290_561, 8_604_117_290_673, 8_604_117_290_788, 8_604_117_290_899),
)
_SMALL = (1, 12, 123, 1234)

# (name, number of arguments, urlconf, prefix, language, current app) -> the text around
# the arguments, or None where the name is always left to ``reverse``.
_shapes: dict[tuple[Any, ...], tuple[str, ...] | None] = {}


def _shape(viewname: str, count: int, current_app: str | None) -> tuple[str, ...] | None:
    try:
        first = reverse(viewname, args=_MARKERS[0][:count], current_app=current_app)
    except (NoReverseMatch, TypeError, ValueError):  # left to reverse: it says so again
        return None
    parts: list[str] = []
    rest = first
    for marker in _MARKERS[0][:count]:
        before, found, rest = rest.partition(str(marker))
        if not found or str(marker) in rest:
            return None
        parts.append(before)
    parts.append(rest)
    shape = tuple(parts)
    for values in (_MARKERS[1], _SMALL):
        try:
            again = reverse(viewname, args=values[:count], current_app=current_app)
        except (NoReverseMatch, TypeError, ValueError):
            return None
        if again != _fill(shape, values[:count]):
            return None
    return shape


def _fill(shape: tuple[str, ...], args: tuple[int, ...] | list[int]) -> str:
    out = [shape[0]]
    for value, after in zip(args, shape[1:], strict=True):
        out.append(str(value))
        out.append(after)
    return "".join(out)


def reverse_fast(
    viewname: Any,
    args: Any = None,
    kwargs: Any = None,
    current_app: str | None = None,
) -> str:
    """What ``django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=...)``
    returns; quicker when every argument is an integer and there are at most four."""
    if (
        kwargs
        or not isinstance(viewname, str)
        or (args and len(args) > len(_MARKERS[0]))
        or any(type(arg) is not int or arg < 0 for arg in args or ())
    ):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    args = tuple(args or ())
    key = (
        viewname,
        len(args),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        translation.get_language(),
        current_app,
    )
    try:
        shape = _shapes[key]
    except KeyError:
        shape = _shapes[key] = _shape(viewname, len(args), current_app)
    if shape is None:
        return reverse(viewname, args=args, current_app=current_app)
    return _fill(shape, args)


def named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, int]]:
    """Every named pattern of the URL configuration as (name with its namespaces, number
    of arguments)."""
    resolver = get_resolver() if resolver is None else resolver
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((prefix + entry.name, entry.pattern.regex.groups))
    return found


def learn_all() -> None:
    """The shape of every named pattern, in the current language (a process starting:
    ``samtale.core.startup``); it also makes Django build each namespace's table of
    addresses, which it otherwise does at a first link into it."""
    for name, count in named_patterns():
        if count <= len(_MARKERS[0]):
            # a pattern that takes no number is left to reverse, which says so
            with suppress(NoReverseMatch):
                reverse_fast(name, _SMALL[:count])


def clear() -> None:
    """Forget every shape (the URL configuration changed: tests)."""
    _shapes.clear()
