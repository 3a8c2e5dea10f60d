"""``samtale retention``: delete what has been kept long enough (run it nightly from
cron); ``--dry-run`` reports what would go and deletes nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.lib.commands import TranslatedCommand
from samtale.privacy import services


class Command(TranslatedCommand):
    help = (
        "Delete what has been kept long enough: conversations' content after their kind's "
        "retention period, the read log after SAMTALE_READ_LOG_YEARS, people who left more "
        "than SAMTALE_LEAVER_YEARS ago, sent e-mails, and document files that no row names. "
        "With --dry-run, only report what would go. Run it nightly from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would go; delete nothing."
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, dry_run: bool, today: str | None, **options: Any) -> None:
        day = datetime.date.today()
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(
                    _("%(option)s %(value)s: write the date as YYYY-MM-DD.")
                    % {"option": "--today", "value": today}
                ) from error
        report = services.run_retention(day, apply=not dry_run)
        self.stdout.write(
            _("Retention, dry run: nothing is deleted. This would go:")
            if dry_run
            else _("Retention: deleted")
        )
        if not report.counts and not report.leavers and not report.orphan_files:
            self.stdout.write("  " + _("Nothing."))
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        if report.leavers:
            self.stdout.write(
                "  "
                + ngettext(
                    "People who left more than the retention period ago: %(count)s",
                    "People who left more than the retention period ago: %(count)s",
                    report.leavers,
                )
                % {"count": report.leavers}
            )
        if report.orphan_files:
            self.stdout.write(
                "  "
                + ngettext(
                    "Document files that no document names: %(count)s",
                    "Document files that no document names: %(count)s",
                    report.orphan_files,
                )
                % {"count": report.orphan_files}
            )
