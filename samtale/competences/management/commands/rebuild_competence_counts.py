"""``samtale rebuild_competence_counts``: recount the strategic overview's maintained
counts from the people and their agreed levels (``samtale.competences.counts``). The
database keeps them by itself; this repairs them should they ever differ (``--check``
only compares), and leaves out the rows of employments that have ended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from samtale.competences import counts
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = (
        "Recount the competence overview's maintained counts from the people and their "
        "agreed levels (--check: only compare them with a recount)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the counts with a recount and fail if they differ; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = counts.differences()
        wrong = sum(len(rows) for rows in found.values())
        if options["check"]:
            if wrong:
                raise CommandError(
                    _("%(n)d of the competence overview's counts differ from a recount.")
                    % {"n": wrong}
                )
            self.stdout.write(_("The competence overview's counts are right."))
            return
        people, levels = counts.rebuild()
        self.stdout.write(
            _(
                "Recounted the competence overview: %(people)d rows of people and "
                "%(levels)d rows of agreed levels (%(wrong)d differed)."
            )
            % {"people": people, "levels": levels, "wrong": wrong}
        )
