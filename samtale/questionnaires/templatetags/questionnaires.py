"""``{% load questionnaires %}``: ``viewer|can_manage_forms`` for the main menu."""

from __future__ import annotations

from typing import Any

from django import template

from samtale.questionnaires import policy

register = template.Library()


@register.filter
def can_manage_forms(viewer: Any) -> bool:
    return viewer is not None and policy.can_manage_forms(viewer)
