"""When reminders go out, and the record that each went out once.

``reminder_dates``: ``days`` (by default ``SAMTALE_REMINDER_DAYS``) before something
starts, each moved to the workday before when it falls on a weekend or holiday
(``samtale.lib.workdays``). ``send_once``: every reminder in Samtale, whatever it is
about, is recorded under a key (``SentReminder``) and so goes out once, however often the
job that sends it runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from samtale.core.models import SentReminder
from samtale.lib import workdays


def reminder_dates(start: datetime | date, days: Iterable[int] | None = None) -> list[date]:
    """The dates (Danish time) on which to remind about something on ``start`` (an aware
    datetime, or a date), earliest first: ``days`` before its day, each on a workday."""
    if isinstance(start, datetime):
        if timezone.is_naive(start):
            raise ValueError("start must be an aware datetime")
        day = timezone.localtime(start).date()
    else:
        day = start
    offsets = settings.SAMTALE_REMINDER_DAYS if days is None else days
    return sorted({workdays.on_or_before(day - timedelta(days=offset)) for offset in offsets})


def claim(key: str) -> bool:
    """Record that the reminder ``key`` goes out now; False if it already went out. Call
    it in the transaction that queues the reminder, so both commit or neither."""
    _reminder, created = SentReminder.objects.get_or_create(key=key)
    return created


# Keys asked about per query: a launch asks about a whole organisation at once.
KEYS_PER_QUERY = 2000


def already_sent(keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` have gone out (one query per ``KEYS_PER_QUERY`` keys)."""
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[start : start + KEYS_PER_QUERY]
        found.update(SentReminder.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


def mark_sent(keys: Iterable[str]) -> None:
    """Record reminders as gone out, in bulk: those a batch is sending, or earlier ones
    that a later reminder makes pointless. The caller makes sure no other run sends the
    same batch meanwhile (``claim`` does it one at a time)."""
    SentReminder.objects.bulk_create(
        [SentReminder(key=key) for key in keys], ignore_conflicts=True, batch_size=KEYS_PER_QUERY
    )
