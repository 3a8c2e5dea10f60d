"""``samtale round_reminders``: the reminders of the announced rounds that are due."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.lib.commands import TranslatedCommand
from samtale.rounds.reminders import send_due_reminders


class Command(TranslatedCommand):
    help = (
        "Send the reminders of the announced rounds that are due: to leaders who have "
        "neither offered times nor invited, and to people who have not booked an offered "
        "time, SAMTALE_ROUND_REMINDER_DAYS days before the round's 'invitations sent by' "
        "date; to people who have not shared their preparation, "
        "SAMTALE_PREPARATION_REMINDER_DAYS days before their conversation. Each once: run "
        "it from cron once a day (running it more often sends nothing twice)."
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
                raise CommandError(
                    _("%(option)s %(value)s: write the date as YYYY-MM-DD.")
                    % {"option": "--today", "value": today}
                ) from error
        count = send_due_reminders(day)
        self.stdout.write(
            ngettext("Sent %(count)s round reminder.", "Sent %(count)s round reminders.", count)
            % {"count": count}
        )
