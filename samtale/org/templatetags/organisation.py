"""``{% load organisation %}``: ``viewer|can_search`` for the header's search box."""

from __future__ import annotations

from typing import Any

from django import template

from samtale.org import policy

register = template.Library()


@register.filter
def can_search(viewer: Any) -> bool:
    return viewer is not None and viewer.is_authenticated and policy.can_search(viewer)
