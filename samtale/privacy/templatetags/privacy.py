"""``{% load privacy %}``: whether the viewer may erase a person (the person's page)."""

from __future__ import annotations

from typing import Any

from django import template

from samtale.privacy import policy, services

register = template.Library()


@register.filter
def can_erase(viewer: Any, person: Any) -> bool:
    """Asks the database (is the person erased?) only when the viewer may erase them."""
    return (
        bool(viewer.is_authenticated)
        and policy.can_erase(viewer, person)
        and not services.is_erased(person)
    )
