"""Reminder dates, and the SAMTALE_REMINDER_DAYS / TASKS_BACKEND settings."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from samtale.core.reminders import reminder_dates
from samtale.lib.ics import DANISH_TIME


def test_default_is_two_days_before(settings):
    settings.SAMTALE_REMINDER_DAYS = [2]
    assert reminder_dates(datetime(2027, 3, 10, 9, 0, tzinfo=DANISH_TIME)) == [date(2027, 3, 8)]


def test_several_days_earliest_first(settings):
    settings.SAMTALE_REMINDER_DAYS = [7, 1]
    start = datetime(2027, 3, 10, 9, 0, tzinfo=DANISH_TIME)
    assert reminder_dates(start) == [date(2027, 3, 3), date(2027, 3, 9)]
    assert reminder_dates(start, days=[0]) == [date(2027, 3, 10)]


def test_the_day_is_the_danish_day():
    # 23:30 UTC on 9 March is 00:30 on 10 March in Copenhagen.
    start = datetime(2027, 3, 9, 23, 30, tzinfo=UTC)
    assert reminder_dates(start, days=[1]) == [date(2027, 3, 9)]


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        reminder_dates(datetime(2027, 3, 10, 9, 0), days=[1])


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = f"import samtale.settings as s; print(repr(({expression})))"
    environment = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "SAMTALE_REMINDER_DAYS", "TASKS_BACKEND"):
        environment.pop(name, None)
    environment.update({"SECRET_KEY": "x", **env})
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_settings_read_the_environment():
    result = settings_value(
        "s.SAMTALE_REMINDER_DAYS, s.TASKS['default']['BACKEND']",
        SAMTALE_REMINDER_DAYS="1, 7,7",
        TASKS_BACKEND="immediate",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("([7, 1], 'django.tasks.backends.immediate.ImmediateBackend')")
    default = settings_value("s.SAMTALE_REMINDER_DAYS, s.TASKS['default']['BACKEND']")
    assert default.stdout.strip() == "([2], 'django_tasks_db.DatabaseBackend')"


def test_malformed_reminder_days_stop_the_start():
    result = settings_value("s.SAMTALE_REMINDER_DAYS", SAMTALE_REMINDER_DAYS="7,-1")
    assert result.returncode != 0
    assert "SAMTALE_REMINDER_DAYS" in result.stderr
