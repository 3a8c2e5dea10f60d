"""Forms inside a part of a page kept in the cache (``{% cache %}``).

A kept part is the same for every request with its key, but a form's CSRF token is the
request's own (Django rotates it at login), so a kept form cannot carry one. Such a form
writes a marker instead, and the view answers with ``render`` from here, which puts the
request's token in place of every marker::

    {% load keptforms %}
    {% cache ... %}<form method="post">{% kept_csrf_token %}...</form>{% endcache %}

The marker holds ``<`` and ``"``, which no escaped text on the page can hold, so nothing
but the marker is ever replaced.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render as django_render
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MARKER = '<input type="hidden" name="csrfmiddlewaretoken" data-kept-csrf>'


@register.simple_tag
def kept_csrf_token() -> SafeString:
    return mark_safe(MARKER)


def render(request: HttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse:
    """``django.shortcuts.render``, with the request's CSRF token in every kept form."""
    response = django_render(request, template_name, context)
    if MARKER.encode() in response.content:
        field = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        response.content = response.content.replace(MARKER.encode(), field.encode())
    return response
