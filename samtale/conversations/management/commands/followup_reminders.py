"""``samtale followup_reminders``: remind leaders of follow-ups still to be held."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.conversations.followups.reminders import send_due_reminders
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = (
        "Send the reminders about requested follow-up conversations that are due: to the "
        "leader a week and two days before the deadline (SAMTALE_FOLLOW_UP_REMINDER_DAYS), "
        "each once. Run it from cron once a day (running it more often sends nothing twice)."
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
            ngettext(
                "Sent %(count)s follow-up reminder.", "Sent %(count)s follow-up reminders.", count
            )
            % {"count": count}
        )
