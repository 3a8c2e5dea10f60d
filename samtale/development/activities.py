"""An activity's lifecycle: one state machine, in this file. Services take the steps;
policies ask who may.

    proposed ──approve──▶ approved ──plan──▶ planned ──complete──▶ done ──evaluate──▶ evaluated
        └─────decline──▶ declined

Approving and declining write an ``ActivityDecision`` (who, when, why) beside the step.
``check`` refuses any other step with a message that says what the activity is and what
was tried.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samtale.development.models import ActivityStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("approve", _("be approved"), frozenset({ActivityStatus.PROPOSED}), "approved"),
        Step("decline", _("be declined"), frozenset({ActivityStatus.PROPOSED}), "declined"),
        Step("plan", _("be planned"), frozenset({ActivityStatus.APPROVED}), "planned"),
        Step("complete", _("be marked as done"), frozenset({ActivityStatus.PLANNED}), "done"),
        Step("evaluate", _("be evaluated"), frozenset({ActivityStatus.DONE}), "evaluated"),
    )
}

# The steps the participants take to follow up (after the decision).
FOLLOW_UP_STEPS = ("plan", "complete")
# While proposed, the activity is still a proposal: its author changes or withdraws it.
CHANGEABLE_STATES = frozenset({ActivityStatus.PROPOSED})
# Approved and on its way: the participants still adjust it (``policy.activity_fields_editable``).
FOLLOWED_UP_STATES = frozenset({ActivityStatus.APPROVED, ActivityStatus.PLANNED})


class InvalidStep(ValidationError):
    pass


def check(status: str, step_name: str) -> Step:
    """The step, if it may be taken from ``status``; otherwise InvalidStep."""
    step = STEPS[step_name]
    if status not in step.sources:
        raise InvalidStep(
            gettext("An activity that is %(status)s cannot %(step)s.")
            % {"status": ActivityStatus(status).label.lower(), "step": step.label}
        )
    return step


def may(status: str, step_name: str) -> bool:
    return status in STEPS[step_name].sources


def is_changeable(status: str) -> bool:
    return status in CHANGEABLE_STATES
