"""``samtale launch_round ROUND_ID``: run a round's launch here, in the foreground, with a
progress bar: for HR or IT on a large organisation, or when no task worker runs. The
round must be announced (on its page); the launch makes what is missing and announces
the round to whoever has not had the announcement, like *make what is missing* on the
round's page; a launch queued on the page that no worker has taken yet is run here.
See docs/rounds.md."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from samtale.lib.commands import TranslatedCommand
from samtale.rounds import launch, launching
from samtale.rounds.models import LaunchState, LaunchStep, Round, RoundState


class Command(TranslatedCommand):
    help = (
        "Launch an announced round here, with a progress bar: make the conversations it "
        "still misses and queue its announcement to whoever has not had it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round_id", type=int, help="The round's number (in its address).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise CommandError(_("There is no round %(id)s.") % {"id": options["round_id"]})
        if round_.state != RoundState.ANNOUNCED:
            raise CommandError(
                _("%(round)s is not announced: announce it on its page first.")
                % {"round": round_.name}
            )
        # A launch queued from the page that no worker has taken yet is run here.
        queued = round_.launches.filter(state=LaunchState.QUEUED).first()
        if queued is None:
            try:
                queued = launching.start(round_, by=None, enqueue=False)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        show = not options["no_progress"] and options["verbosity"] > 0 and sys.stderr.isatty()
        bar = _Bar() if show else None
        try:
            done = launching.execute(queued.pk, progress=bar)
        finally:
            if bar is not None:
                bar.close()
        if done.state == LaunchState.RUNNING:
            raise CommandError(_("The round is already being launched. Wait until it is done."))
        if done.state == LaunchState.FAILED:
            raise CommandError(_("The launch failed: %(error)s") % {"error": done.error})
        if options["verbosity"] > 0:
            self._report(done)

    def _report(self, done: Any) -> None:
        self.stdout.write(
            _(
                "%(round)s: %(created)s conversations made, %(joined)s planned before joined "
                "the round, %(already)s were there already; the announcement queued for "
                "%(mailed)s people."
            )
            % {
                "round": done.round.name,
                "created": done.created,
                "joined": done.joined,
                "already": done.already,
                "mailed": done.mailed,
            }
        )
        for why, count in sorted(done.not_eligible.items()):
            label = {
                launch.NOT_EMPLOYED_LONG_ENOUGH: _("employed for a shorter time than asked"),
                launch.TOO_FEW_HOURS: _("fewer weekly hours than asked"),
            }.get(why, why)
            self.stdout.write(_("Not called: %(count)s (%(why)s)") % {"count": count, "why": label})
        if done.problems:
            self.stdout.write(
                _("Could not be made (fix the organisation's data, then run this again):")
            )
            for problem in done.problems:
                found = launch.Problem(**problem)
                self.stdout.write(f"  {found.name}: {found.message}")


class _Bar:
    """A tqdm bar for each step of the launch, on standard error."""

    def __init__(self) -> None:
        self.step = ""
        self.bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if step != self.step:
            self.close()
            self.step = step
            self.bar = tqdm(
                total=total or None,
                desc=str(LaunchStep(step).label),
                file=sys.stderr,
                unit=_("conversations") if step == LaunchStep.MAKING else "",
            )
        if self.bar is not None:
            if total and self.bar.total != total:
                self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
