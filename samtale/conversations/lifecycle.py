"""The conversation's lifecycle: one state machine.

    planned ──invite──▶ invited ──hold──▶ held ──accept──▶ accepted ──close──▶ closed
                          │  ▲
                 reschedule  └──── rescheduled ──hold──▶ held
    planned / invited / rescheduled ──cancel──▶ cancelled
    accepted ──revise──▶ held   (a changed summary needs acceptance again)

Every allowed step is listed here, once. ``step`` refuses any other with a message
that says what the conversation is and what was tried.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samtale.conversations.models import State


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("invite", _("be invited"), frozenset({State.PLANNED}), State.INVITED),
        Step(
            "reschedule",
            _("be moved"),
            frozenset({State.INVITED, State.RESCHEDULED}),
            State.RESCHEDULED,
        ),
        Step(
            "hold",
            _("be marked as held"),
            frozenset({State.INVITED, State.RESCHEDULED}),
            State.HELD,
        ),
        Step("accept", _("have its summary accepted"), frozenset({State.HELD}), State.ACCEPTED),
        Step("revise", _("get a new summary"), frozenset({State.ACCEPTED}), State.HELD),
        Step("close", _("be closed"), frozenset({State.ACCEPTED}), State.CLOSED),
        Step(
            "cancel",
            _("be cancelled"),
            frozenset({State.PLANNED, State.INVITED, State.RESCHEDULED}),
            State.CANCELLED,
        ),
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
