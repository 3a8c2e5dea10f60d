"""``samtale conversation_reminders``: send the reminders due today (run daily from cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samtale.conversations.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail every participant of an invited or moved conversation that starts in "
        "SAMTALE_REMINDER_DAYS days. Each reminder is sent once, so running it again the "
        "same day sends nothing more. Run it once a day from cron, e.g. at 07:00."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Send the reminders due on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, date: str | None, **options: Any) -> None:
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date {date!r}: expected YYYY-MM-DD.") from exc
        count = send_due_reminders(today=today)
        self.stdout.write(f"Queued {count} reminder e-mail(s).")
