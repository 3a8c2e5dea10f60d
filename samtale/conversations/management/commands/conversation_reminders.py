"""``samtale conversation_reminders``: send the reminders due today (run daily from cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.conversations.reminders import send_due_reminders
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
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
                raise CommandError(
                    _("%(option)s %(value)s: write the date as YYYY-MM-DD.")
                    % {"option": "--date", "value": date}
                ) from exc
        count = send_due_reminders(today=today)
        self.stdout.write(
            ngettext(
                "Queued %(count)s reminder e-mail.", "Queued %(count)s reminder e-mails.", count
            )
            % {"count": count}
        )
