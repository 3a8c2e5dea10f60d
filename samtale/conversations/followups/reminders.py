"""Reminders to the leader about a requested follow-up conversation that is still to be
held. ``samtale followup_reminders`` runs ``send_due_reminders`` once a day (cron)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from samtale.conversations.followups import emails
from samtale.conversations.followups.queries import waiting_q
from samtale.conversations.models import FollowUpRequest

# Reminders to the leader: this many days after the request.
REMINDER_DAYS = (7, 12)


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, Danish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def send_due_reminders(today: datetime.date | None = None) -> int:
    """Remind the leader of each waiting request on day 7 and day 12 after the request
    (Danish dates), each once. When both are due (the job did not run for a while) only
    the day-12 reminder goes. Nothing for withdrawn requests or held follow-ups.
    Returns the number of reminders sent. Run it daily (``samtale followup_reminders``)."""
    today = today or timezone.localdate()
    first, second = REMINDER_DAYS
    # Requested on or before ``today - n days``: before the start of the day after.
    due_first = _start_of(today - datetime.timedelta(days=first - 1))
    due_second = _start_of(today - datetime.timedelta(days=second - 1))
    due = (
        FollowUpRequest.objects.filter(waiting_q())
        .filter(
            Q(reminded_day_7__isnull=True, requested_at__lt=due_first)
            | Q(reminded_day_12__isnull=True, requested_at__lt=due_second)
        )
        .select_for_update(of=("self",))
        .select_related(
            "requested_by",
            "follow_up",
            "conversation__kind",
            "conversation__leader",
            "conversation__person",
            "conversation__team",
        )
        .order_by("pk")
    )
    now = timezone.now()
    sent = 0
    for request in due:
        if request.reminded_day_12 is None and request.requested_at < due_second:
            request.reminded_day_12 = now
            request.reminded_day_7 = request.reminded_day_7 or now
        else:
            request.reminded_day_7 = now
        request.save(update_fields=["reminded_day_7", "reminded_day_12"])
        sent += emails.send_reminder(request, today=today)
    return sent


@task()
def send_due_reminders_task() -> int:
    """The same as ``samtale followup_reminders``, for a task scheduler to enqueue."""
    return send_due_reminders()
