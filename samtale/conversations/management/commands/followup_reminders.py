"""``samtale followup_reminders``: remind leaders of follow-ups still to be held."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samtale.conversations.followups.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders about requested follow-up conversations that are due: to the "
        "leader on day 7 and day 12 after the request, each once. Run it from cron once "
        "a day (running it more often sends nothing twice)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )

    def handle(self, *args: Any, today: str | None, **options: Any) -> None:
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--today: {error}") from error
        count = send_due_reminders(day)
        self.stdout.write(f"Sent {count} follow-up reminder(s).")
