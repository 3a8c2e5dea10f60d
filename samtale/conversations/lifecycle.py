"""The conversation's lifecycle: one state machine, its states, and the groups of states
every rule about "held", "planned" or "open" asks. This module is the one owner of those
words: policies, services, queries, reports and the development plans all ask here.

    planned ──invite──▶ invited ──hold──▶ held ──accept──▶ accepted ──close──▶ closed
                          │  ▲
                 reschedule  └──── rescheduled ──hold──▶ held
    planned / invited / rescheduled ──cancel──▶ cancelled
    planned / invited / rescheduled ──hand_over──▶ planned   (another leader holds it)
    held / accepted ──take_over──▶ (the same)   (a successor holds it: the leader left)
    accepted ──revise──▶ held   (a changed summary needs acceptance again)

Every allowed step is listed here, once. ``check`` refuses any other with a message
that says what the conversation is and what was tried.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invited")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    HELD = "held", _("Held")
    ACCEPTED = "accepted", _("Summary accepted")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# --- the groups of states (the words the rules use) -------------------------------------

# On its way: planned, or invited (perhaps moved), not yet held. Themes are proposed and
# preparations made while a conversation is here.
PLANNED_STATES = frozenset({State.PLANNED, State.INVITED, State.RESCHEDULED})
# Invited (perhaps moved): it has a time in the participants' calendars and lies ahead.
INVITED_STATES = frozenset({State.INVITED, State.RESCHEDULED})
# Has taken place (the summary may still be on its way): counted as held in progress,
# a follow-up may be asked for, the development plan is followed up.
HELD_STATES = frozenset({State.HELD, State.ACCEPTED, State.CLOSED})
# Its summary has been accepted by every participant (and perhaps closed since).
SUMMARY_ACCEPTED_STATES = frozenset({State.ACCEPTED, State.CLOSED})
# Has a date and time (the database refuses these without one).
TIMED_STATES = INVITED_STATES | HELD_STATES
# Finished one way or the other: nothing more happens in it.
ENDED_STATES = frozenset({State.CLOSED, State.CANCELLED})
# Everything that is not ended: documents are attached, notes kept, the leader acts.
OPEN_STATES = frozenset(State) - ENDED_STATES
# The summary and agreements (and the development plan) are written: held, and until
# closed (a change to an accepted summary is a new version).
SUMMARY_WRITABLE_STATES = frozenset({State.HELD, State.ACCEPTED})
# The participants propose themes for the agenda before the conversation.
THEME_PROPOSABLE_STATES = PLANNED_STATES
# A GRUS team's shared preparation is changed until the conversation is held; then it is
# what the team brought, and is locked (read, never overwritten).
TEAM_PREPARATION_WRITABLE_STATES = PLANNED_STATES
# What "Mine samtaler" counts as current: on its way, or held with its summary pending.
CURRENT_STATES = PLANNED_STATES | {State.HELD}


def is_open(state: str) -> bool:
    return state in OPEN_STATES


def is_held(state: str) -> bool:
    """Has taken place (held, summary accepted or closed)."""
    return state in HELD_STATES


def is_planned(state: str) -> bool:
    """On its way: planned or invited, not yet held."""
    return state in PLANNED_STATES


def summary_writable(state: str) -> bool:
    return state in SUMMARY_WRITABLE_STATES


def may_have_summary(state: str) -> bool:
    """Whether a conversation in ``state`` can have summary versions: a summary is written
    only while ``summary_writable`` (held), and no step leads from a held state to any
    other (nor to cancelled), so a conversation outside ``HELD_STATES`` has never had
    one."""
    return state in HELD_STATES


def theme_proposable(state: str) -> bool:
    return state in THEME_PROPOSABLE_STATES


def team_preparation_writable(state: str) -> bool:
    return state in TEAM_PREPARATION_WRITABLE_STATES


# --- the steps --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str | None  # None: the state stays


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("invite", _("be invited"), frozenset({State.PLANNED}), State.INVITED),
        Step("reschedule", _("be moved"), INVITED_STATES, State.RESCHEDULED),
        Step("hold", _("be marked as held"), INVITED_STATES, State.HELD),
        Step("accept", _("have its summary accepted"), frozenset({State.HELD}), State.ACCEPTED),
        Step("revise", _("get a new summary"), frozenset({State.ACCEPTED}), State.HELD),
        Step("close", _("be closed"), frozenset({State.ACCEPTED}), State.CLOSED),
        Step("cancel", _("be cancelled"), PLANNED_STATES, State.CANCELLED),
        Step("hand_over", _("be handed over"), PLANNED_STATES, State.PLANNED),
        Step("take_over", _("be taken over by a successor"), SUMMARY_WRITABLE_STATES, None),
    )
}


class InvalidStep(ValidationError):
    pass


def check(state: str, step_name: str) -> Step:
    """The step, if it may be taken from ``state``; otherwise InvalidStep."""
    step = STEPS[step_name]
    if state not in step.sources:
        raise InvalidStep(
            gettext("A conversation that is %(state)s cannot %(step)s.")
            % {"state": State(state).label.lower(), "step": step.label}
        )
    return step


def allowed_steps(state: str) -> list[str]:
    return [name for name, step in STEPS.items() if state in step.sources]


def may(state: str, step_name: str) -> bool:
    return state in STEPS[step_name].sources
