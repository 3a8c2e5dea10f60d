"""What waits for a person in their current conversations: the list "Det venter på dig"
at the top of "Mine samtaler".

Each conversation gives at most one step, the next one in its life, for the person who
has to take it:

- the leader who holds it: choose the time and invite (planned), mark it as held (its
  time has passed), write the summary or share the draft (held);
- every participant, the leader included: prepare while it lies ahead and has a form,
  until the preparation is shared;
- the other participants: read the shared summary and accept it or comment (held, and
  they have not answered the latest version).

The leader also has the follow-ups asked of them (held by them: their people's, or handed
to them by a leader who left) that are not planned yet.
The conversations are the viewer's own (``visible_to``: they take part in each), annotated
by ``ConversationQuerySet.with_progress_of(person)``, so the list costs no query of its
own; the follow-ups are one query. Who may do what is asked of ``policy``; this module
only says which step comes next.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.conversations import policy
from samtale.conversations.lifecycle import PLANNED_STATES as BEFORE
from samtale.conversations.lifecycle import State

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, FollowUpRequest


class Step:
    SCHEDULE = "schedule"
    MARK_HELD = "mark_held"
    PREPARE = "prepare"
    FINISH_PREPARATION = "finish_preparation"
    WRITE_SUMMARY = "write_summary"
    SHARE_SUMMARY = "share_summary"
    ANSWER_SUMMARY = "answer_summary"
    PLAN_FOLLOW_UP = "plan_follow_up"

    LABELS: dict[str, Promise] = {
        SCHEDULE: _("Choose the time and invite"),
        MARK_HELD: _("Mark it as held"),
        PREPARE: _("Prepare"),
        FINISH_PREPARATION: _("Finish your preparation and share it"),
        WRITE_SUMMARY: _("Write the summary and agreements"),
        SHARE_SUMMARY: _("Share the summary with the participants"),
        ANSWER_SUMMARY: _("Read the summary and accept it or comment"),
        PLAN_FOLLOW_UP: _("Plan the follow-up conversation asked for"),
    }


@dataclass(frozen=True)
class ToDo:
    step: str
    conversation: Conversation
    # where the step is taken: the URL's name (its argument is ``url_pk``, else the
    # conversation's id) and an anchor; reversed only for the steps shown
    url_name: str
    anchor: str = ""
    # the conversation's time, or the follow-up's deadline; None when not yet set
    due: datetime.datetime | datetime.date | None = None
    overdue: bool = False
    url_pk: int | None = None

    @property
    def url(self) -> str:
        pk = self.url_pk if self.url_pk is not None else self.conversation.pk
        return reverse(self.url_name, args=[pk]) + self.anchor

    @property
    def label(self) -> str:
        return str(Step.LABELS[self.step])

    @property
    def sort_key(self) -> tuple[int, datetime.date]:
        if self.due is None:
            return (1, datetime.date.max)
        if isinstance(self.due, datetime.datetime):
            return (0, timezone.localdate(self.due))
        return (0, self.due)


def next_step(
    viewer: Viewer, conversation: Conversation, now: datetime.datetime | None = None
) -> ToDo | None:
    """The step that waits for the viewer in ``conversation`` (one they take part in,
    annotated with ``with_progress_of(viewer.person)``), or None."""
    now = now or timezone.now()
    host = policy.is_host(viewer, conversation)
    state = conversation.state
    starts = conversation.starts_at

    def todo(step: str, url_name: str, anchor: str = "") -> ToDo:
        return ToDo(step, conversation, url_name, anchor, due=starts)

    if state == State.PLANNED and policy.can_schedule(viewer, conversation):
        return todo(Step.SCHEDULE, "conversations:schedule")
    if host and state in BEFORE and starts is not None and starts <= now:
        return todo(Step.MARK_HELD, "conversations:detail", "#handlinger")
    ahead = state in BEFORE and (starts is None or starts > now)
    if (
        ahead
        and conversation.questionnaire_version_id
        and not _flag(conversation, "my_preparation_shared")
    ):
        started = _flag(conversation, "my_preparation_started")
        step = Step.FINISH_PREPARATION if started else Step.PREPARE
        return todo(step, "conversations:prepare")
    if state != State.HELD:
        return None
    shared = getattr(conversation, "shared_summary_id", None)
    if policy.can_write_summary(viewer, conversation):
        if _flag(conversation, "has_summary_draft"):
            return todo(Step.SHARE_SUMMARY, "conversations:detail", "#referat")
        if shared is None:
            return todo(Step.WRITE_SUMMARY, "conversations:summary")
        return None
    if shared is not None and not _flag(conversation, "my_summary_answered"):
        return todo(Step.ANSWER_SUMMARY, "conversations:detail", "#referat")
    return None


def summary_progress(viewer: Viewer, conversation: Conversation) -> str:
    """A held conversation's summary as the viewer sees it: not written, a draft (the
    leader only), waiting for the participants' answers, or answered by the viewer."""
    host = policy.is_host(viewer, conversation)
    if getattr(conversation, "shared_summary_id", None) is None:
        if host and _flag(conversation, "has_summary_draft"):
            return str(_("summary drafted, not shared"))
        return str(_("no summary yet"))
    if not host and _flag(conversation, "my_summary_answered"):
        return str(_("you have answered the summary"))
    return str(_("summary waiting to be accepted"))


def follow_ups_to_plan(requests: Sequence[FollowUpRequest], today: datetime.date) -> list[ToDo]:
    """The follow-ups waiting for the leader who holds them with no live follow-up
    conversation yet (``followups.queries.open_for_leader``, already fetched); planned on
    the original's page, or on the request's own when it was handed to them."""
    from samtale.conversations.followups.queries import held_elsewhere

    result = []
    for request in requests:
        follow_up = request.follow_up
        if follow_up is not None and follow_up.state != State.CANCELLED:
            continue  # planned: its own conversation carries the next step
        handed_over = held_elsewhere(request)
        result.append(
            ToDo(
                step=Step.PLAN_FOLLOW_UP,
                conversation=request.conversation,
                url_name="conversations:followup_detail" if handed_over else "conversations:detail",
                anchor="" if handed_over else "#opfoelgning",
                due=request.deadline,
                overdue=request.deadline < today,
                url_pk=request.pk if handed_over else None,
            )
        )
    return result


def for_viewer(
    viewer: Viewer,
    conversations: list[Conversation],
    *,
    follow_ups: Sequence[FollowUpRequest] = (),
    now: datetime.datetime | None = None,
) -> list[ToDo]:
    """Everything waiting for the viewer, the earliest first; steps without a date last."""
    now = now or timezone.now()
    items = [item for c in conversations if (item := next_step(viewer, c, now)) is not None]
    items += follow_ups_to_plan(follow_ups, timezone.localdate(now))
    return sorted(items, key=lambda item: item.sort_key)


def _flag(conversation: Any, name: str) -> bool:
    return bool(getattr(conversation, name, False))
