"""``{% load rounds %}``: ``viewer|sees_rounds`` for the main menu,
``event|round_event`` (what happened to a round, in words) for the round's history, and
``n|shown_count`` (a count, or the dash of a hidden one: ``anonymous.HiddenCounts``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from samtale.rounds import anonymous, queries
from samtale.rounds.models import RoundEvent

register = template.Library()

EVENTS = {
    "created": _("Created"),
    "changed": _("Changed"),
    "agreement_dropped": _("The terms changed after the agreement: a draft again"),
    "signed_off": _("Signed off"),
    "agreed": _("Agreed"),
    "override": _("Announced without the agreement"),
    "announced": _("Announced"),
    "launched": _("Conversations made"),
    "closed": _("Closed"),
}
# Events whose note is written for people (a reason, what changed).
NOTED = frozenset({"agreement_dropped", "override"})


register.filter("shown_count", anonymous.shown_count)


@register.filter
def sees_rounds(viewer: Any) -> bool:
    return viewer is not None and viewer.is_authenticated and queries.sees_rounds(viewer)


@register.filter
def round_event(event: RoundEvent) -> str:
    return str(EVENTS.get(event.action, event.action))


@register.filter
def round_event_note(event: RoundEvent) -> str:
    return event.note if event.action in NOTED else ""
