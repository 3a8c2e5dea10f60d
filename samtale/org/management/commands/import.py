"""``samtale import units FILE`` and ``samtale import people FILE``: the organisation from
the HR/payroll system. See docs/import.md."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from samtale.lib.commands import TranslatedCommand
from samtale.lib.tabular import TabularError, read_table
from samtale.org import importing

# Files with fewer data rows than this get no progress bar.
PROGRESS_FROM_ROWS = 2000
LISTED_CHANGES = 50


class Command(TranslatedCommand):
    help = (
        "Import units (code;name;parent_code) or people (employee_number;name;email;"
        "unit_code;...) from a CSV or XLSX file. Nothing is written if any row has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=importing.KINDS, help="units or people")
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1252, ; or ,) or XLSX")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, without writing anything.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar on large files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._run(options)

    def _progress(self, options: dict[str, Any], rows: int) -> importing.Progress:
        show = (
            not options["no_progress"]
            and rows >= PROGRESS_FROM_ROWS
            and sys.stderr.isatty()
            and options["verbosity"] > 0
        )
        if not show:
            return importing.no_progress
        from tqdm import tqdm

        def progress[T](items: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
            return tqdm(items, total=total, desc=desc, file=sys.stderr, leave=False)

        return progress

    def _run(self, options: dict[str, Any]) -> None:
        kind, path = options["kind"], options["file"]
        try:
            table = read_table(path)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        result = importing.import_table(
            kind,
            table,
            dry_run=options["dry_run"],
            progress=self._progress(options, len(table)),
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problems found in %(file)s. Nothing was imported.")
                % {"count": len(result.problems), "file": path}
            )
        plan = result.plan
        assert plan is not None
        self._report(plan, options, applied=result.applied)

    def _report(self, plan: importing.Plan, options: dict[str, Any], *, applied: bool) -> None:
        verbosity = options["verbosity"]
        if verbosity == 0:
            return
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written. The import would give:"))
        elif applied:
            self.stdout.write(_("Imported:"))
        else:
            self.stdout.write(_("Nothing to change:"))
        self.stdout.write(plan.summary())
        if plan.new_groups:
            message = (
                _("Professional groups to be created: %(names)s")
                if options["dry_run"]
                else _("Professional groups created: %(names)s")
            )
            self.stdout.write(message % {"names": ", ".join(plan.new_groups)})
        for warning in plan.successors_needed:
            self.stdout.write(warning)
        if plan.ignored_columns:
            self.stdout.write(
                _("Columns not used: %(names)s") % {"names": ", ".join(plan.ignored_columns)}
            )
        if not options["dry_run"] and verbosity < 2:
            return
        listed = plan.changes if verbosity >= 2 else plan.changes[:LISTED_CHANGES]
        for change in listed:
            line = _("Row %(row)s: %(action)s %(key)s %(name)s") % {
                "row": change.row,
                "action": change.action_label,
                "key": change.key,
                "name": change.name,
            }
            if change.fields:
                line += " (" + ", ".join(change.fields) + ")"
            self.stdout.write(line)
        if len(plan.changes) > len(listed):
            self.stdout.write(
                _("... and %(count)s more changes (use --verbosity 2 to see them all).")
                % {"count": len(plan.changes) - len(listed)}
            )
