"""``samtale end_sessions``: end the sessions of people who have left (run daily)."""

from __future__ import annotations

import datetime

from django.utils.translation import ngettext

from samtale.access.leavers import end_leavers_sessions
from samtale.lib.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "End the stored sessions of everyone whose employment ended before today, so "
        "that they are logged out everywhere (their data stays). Run it from cron once "
        "a day, e.g. at 00:05."
    )

    def run(self, today: datetime.date | None) -> int:
        return end_leavers_sessions(today)

    def report(self, count: int) -> str:
        return ngettext(
            "Ended %(count)s session of people who have left.",
            "Ended %(count)s sessions of people who have left.",
            count,
        ) % {"count": count}
