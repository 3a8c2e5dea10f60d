"""Management commands whose output people read, in Danish by default and in English
with ``--lang en``, like the rest of Samtale."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _


class TranslatedCommand(BaseCommand):
    """A command that writes sentences for people. It gets ``--lang`` (the languages of
    settings.LANGUAGES, Danish by default) and runs with that language active, so what
    it writes with ``gettext`` and its CommandErrors come out in it."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the output (default: %(default)s).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            return super().execute(*args, **options)


class DailyJobCommand(TranslatedCommand):
    """A job cron runs once a day (the reminders): ``--today YYYY-MM-DD`` acts as if it
    were that day (to catch up); ``run`` does the work and returns how many it sent,
    ``report`` says so in a sentence."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )

    def run(self, today: datetime.date | None) -> int:
        raise NotImplementedError

    def report(self, count: int) -> str:
        raise NotImplementedError

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
        self.stdout.write(self.report(self.run(day)))
