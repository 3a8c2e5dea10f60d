"""``samtale prune_plan_exports``: delete the files of HR's workbooks whose time is up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from samtale.development import exporting
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = (
        "Delete the files of HR's workbooks of development plans that are older than "
        "SAMTALE_EXPORT_KEEP_HOURS (the records stay), and mark workbooks that never "
        "finished as failed. Run it from cron once a day (or more often)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = exporting.retire_stale()
        pruned = exporting.prune()
        self.stdout.write(
            ngettext(
                "Deleted %(count)s workbook of development plans.",
                "Deleted %(count)s workbooks of development plans.",
                pruned,
            )
            % {"count": pruned}
        )
        if stale:
            self.stdout.write(
                ngettext(
                    "%(count)s workbook that never finished is marked failed.",
                    "%(count)s workbooks that never finished are marked failed.",
                    stale,
                )
                % {"count": stale}
            )
