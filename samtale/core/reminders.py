"""When reminders go out: ``SAMTALE_REMINDER_DAYS`` days before something starts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone


def reminder_dates(start: datetime, days: Iterable[int] | None = None) -> list[date]:
    """The dates (Danish time) on which to remind about something starting at ``start``,
    earliest first: ``days`` (default ``settings.SAMTALE_REMINDER_DAYS``) before its day.
    """
    if timezone.is_naive(start):
        raise ValueError("start must be an aware datetime")
    day = timezone.localtime(start).date()
    offsets = settings.SAMTALE_REMINDER_DAYS if days is None else days
    return sorted({day - timedelta(days=offset) for offset in offsets})
