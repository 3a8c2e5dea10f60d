"""``samtale round_reminders``: the reminders of the announced rounds that are due."""

from __future__ import annotations

import datetime

from django.utils.translation import ngettext

from samtale.lib.commands import DailyJobCommand
from samtale.rounds.reminders import send_due_reminders


class Command(DailyJobCommand):
    help = (
        "Send the reminders of the announced rounds that are due: to leaders who have "
        "neither offered times nor invited, and to people who have not booked an offered "
        "time, SAMTALE_ROUND_REMINDER_DAYS days before the round's 'invitations sent by' "
        "date; to people who have not shared their preparation, "
        "SAMTALE_PREPARATION_REMINDER_DAYS days before their conversation. Each once: run "
        "it from cron once a day (running it more often sends nothing twice)."
    )

    def run(self, today: datetime.date | None) -> int:
        return send_due_reminders(today)

    def report(self, count: int) -> str:
        return ngettext(
            "Sent %(count)s round reminder.", "Sent %(count)s round reminders.", count
        ) % {"count": count}
