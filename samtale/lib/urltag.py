"""The ``{% url %}`` tag, answered by ``samtale.lib.urls.reverse_fast``.

Loaded as a template builtin after Django's own (``TEMPLATES`` in settings), so every
template's ``{% url %}`` is this one: the same syntax (``as`` included), the same result.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from samtale.lib.urls import reverse_fast

register = template.Library()


def current_app(context: Any) -> str | None:
    request = getattr(context, "request", None)
    if request is None:
        return None
    if hasattr(request, "current_app"):
        return request.current_app
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


class FastURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        positional = [arg.resolve(context) for arg in self.args]
        named = {key: value.resolve(context) for key, value in self.kwargs.items()}
        name = self.view_name.resolve(context)
        try:
            found = reverse_fast(name, positional, named, current_app=current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
            found = ""  # {% url ... as var %} gives an empty text instead of an error
        if self.asvar is not None:
            context[self.asvar] = found
            return ""
        return str(conditional_escape(found)) if context.autoescape else found


@register.tag
def url(parser: Any, token: Any) -> FastURLNode:
    parsed = defaulttags.url(parser, token)
    return FastURLNode(parsed.view_name, parsed.args, parsed.kwargs, parsed.asvar)
