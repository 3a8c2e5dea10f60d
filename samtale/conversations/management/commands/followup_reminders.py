"""``samtale followup_reminders``: remind leaders of follow-ups still to be held."""

from __future__ import annotations

import datetime

from django.utils.translation import ngettext

from samtale.conversations.followups.reminders import send_due_reminders
from samtale.lib.commands import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Send the reminders about requested follow-up conversations that are due: to the "
        "leader a week and two days before the deadline (SAMTALE_FOLLOW_UP_REMINDER_DAYS), "
        "each once. Run it from cron once a day (running it more often sends nothing twice)."
    )

    def run(self, today: datetime.date | None) -> int:
        return send_due_reminders(today)

    def report(self, count: int) -> str:
        return ngettext(
            "Sent %(count)s follow-up reminder.", "Sent %(count)s follow-up reminders.", count
        ) % {"count": count}
