"""Workdays in Denmark: Saturdays, Sundays and the Danish public holidays (from the
``holidays`` package) are days off. A deadline that falls on a day off moves to the next
workday; a reminder that falls on one moves to the workday before, so that a Monday
morning's conversation is reminded on Friday.

Which holidays count is ``settings.SAMTALE_HOLIDAYS``: the package's categories for
Denmark, ``public`` (the official holidays) by default, ``public,optional`` to add the
days most public workplaces also keep free (1 May, Grundlovsdag, 24 and 31 December).
This module knows no domain model.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings

COUNTRY = "DK"
CATEGORIES = ("public", "optional")
# However long a run of days off (Christmas to New Year with weekends), never more.
_MAX_RUN = 14


@lru_cache(maxsize=64)
def _days_off(year: int, categories: tuple[str, ...]) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays(COUNTRY, years=year, categories=categories))


def holidays_in(year: int) -> frozenset[datetime.date]:
    """The holidays of ``year`` that count as days off."""
    return _days_off(year, tuple(settings.SAMTALE_HOLIDAYS))


def is_workday(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in holidays_in(day.year)


def _walk(day: datetime.date, step: int) -> datetime.date:
    for _ in range(_MAX_RUN):
        if is_workday(day):
            return day
        day += datetime.timedelta(days=step)
    return day


def on_or_after(day: datetime.date) -> datetime.date:
    """``day`` if it is a workday, else the next workday (a deadline)."""
    return _walk(day, 1)


def on_or_before(day: datetime.date) -> datetime.date:
    """``day`` if it is a workday, else the workday before (a reminder)."""
    return _walk(day, -1)
