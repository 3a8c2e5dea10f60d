"""Reminders to the leader who holds a requested follow-up conversation that is still to
be held (``FollowUpRequest.leader``: a successor once a leader who left handed it over).
``samtale followup_reminders`` runs ``send_due_reminders`` once a day (cron).

The reminders are counted back from the request's deadline: ``SAMTALE_FOLLOW_UP_REMINDER_DAYS``
days before it (7 and 2 by default, so with the shipped 14 days on day 7 and day 12), each
on the workday before when it falls on a weekend or holiday, and never on or before the
day of the request itself (a follow-up kind with a short deadline gets fewer). Each goes
out once (``samtale.core.reminders``, the record every reminder in Samtale shares); when
the job did not run for a while only the latest due reminder goes, and the earlier ones
are recorded as passed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from samtale.conversations.followups import emails
from samtale.conversations.followups.queries import waiting_q
from samtale.conversations.models import FollowUpRequest
from samtale.core import reminders

# A reminder that was missed (the job did not run) still goes this many days after the
# deadline; later the request is only listed as overdue.
GRACE_DAYS = 7


def reminder_key(request: FollowUpRequest, days_before: int) -> str:
    return f"follow-up:{request.pk}:before{days_before}"


def reminder_days(request: FollowUpRequest) -> list[tuple[datetime.date, int]]:
    """``(date, days before the deadline)`` of each reminder of ``request``, earliest
    first."""
    requested_on = timezone.localdate(request.requested_at)
    schedule: dict[datetime.date, int] = {}
    for days_before in settings.SAMTALE_FOLLOW_UP_REMINDER_DAYS:
        (day,) = reminders.reminder_dates(request.deadline, days=[days_before])
        if day > requested_on:
            schedule.setdefault(day, days_before)
    return sorted(schedule.items())


def due(today: datetime.date) -> list[FollowUpRequest]:
    """Waiting requests whose deadline is near enough for a reminder to be due."""
    if not settings.SAMTALE_FOLLOW_UP_REMINDER_DAYS:
        return []
    latest = today + datetime.timedelta(days=max(settings.SAMTALE_FOLLOW_UP_REMINDER_DAYS) + 7)
    return list(
        FollowUpRequest.objects.filter(waiting_q())
        .filter(deadline__gte=today - datetime.timedelta(days=GRACE_DAYS), deadline__lte=latest)
        .select_related(
            "requested_by",
            "follow_up",
            "leader",
            "conversation__kind",
            "conversation__person",
            "conversation__team",
        )
        .order_by("deadline", "pk")
    )


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Remind the leader of each waiting request whose reminder is due ``today`` (Danish
    date), each reminder once. Nothing for withdrawn requests or held follow-ups.
    Returns the number of reminders sent. One transaction per request."""
    today = today or timezone.localdate()
    sent = 0
    for request in due(today):
        passed = [(day, n) for day, n in reminder_days(request) if day <= today]
        if not passed:
            continue
        keys = [reminder_key(request, n) for _day, n in passed]
        if keys[-1] in reminders.already_sent(keys):
            continue
        with transaction.atomic():
            if not reminders.claim(keys[-1]):
                continue  # another run sent it meanwhile
            reminders.mark_sent(keys[:-1])
            sent += emails.send_reminder(request, today=today)
    return sent


@task()
def send_due_reminders_task() -> int:
    """The same as ``samtale followup_reminders``, for a task scheduler to enqueue."""
    return send_due_reminders()
