"""The launch as a background task, and its progress.

Announcing a round, and *make what is missing*, queue a launch (``start``): a
``RoundLaunch`` row and the ``launch_round`` task (Django's Tasks API: the
``django-tasks-db`` worker in production, at once in the demo and the tests). The task
(``execute``) makes the conversations (``samtale.rounds.launch.run``, batch by batch),
then queues the announcement to everyone in the round (``samtale.rounds.emails``), and
writes its progress on the row between batches; the round's page polls it
(``views.launch_progress``) and shows a progress bar until it is done, then what could
not be made. ``samtale launch_round`` runs the same in the foreground with a progress
bar in the terminal.

At most one launch of a round waits or runs at a time (a unique constraint on the
active rows). A launch that fails keeps its error for HR and may be run again: the
launch is idempotent. A launch that has not moved for ``STALE_AFTER`` (its worker
died) no longer blocks a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.access.viewer import Viewer
from samtale.rounds import emails, launch
from samtale.rounds.models import (
    LaunchState,
    LaunchStep,
    Round,
    RoundEvent,
    RoundLaunch,
)

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)

# Called with (step, done, total) whenever the launch moves.
Progress = Callable[[str, int, int], None]


def latest(round_: Round) -> RoundLaunch | None:
    return round_.launches.order_by("-queued_at", "-pk").first()


def _retire_stale(round_: Round) -> None:
    """A launch that waits or runs but has not moved for ``STALE_AFTER`` has died (its
    worker stopped, or its task was lost): mark it failed, so it blocks no new one."""
    RoundLaunch.objects.filter(
        round=round_, state__in=RoundLaunch.ACTIVE, updated_at__lt=timezone.now() - STALE_AFTER
    ).update(
        state=LaunchState.FAILED,
        finished_at=timezone.now(),
        error=_("The launch stopped without finishing."),
    )


def start(round_: Round, *, by: Viewer | None, enqueue: bool = True) -> RoundLaunch:
    """Queue a launch of the round (the caller checks who may, inside its transaction).
    ``enqueue=False`` only records it, for ``execute`` to run here (the command).
    ``ValidationError`` when a launch of the round already waits or runs."""
    _retire_stale(round_)
    try:
        with transaction.atomic():
            row = RoundLaunch.objects.create(
                round=round_,
                by=by.person if by else None,
                by_user=by.user if by else None,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("The round is already being launched. Wait until it is done.")
        ) from exc
    if enqueue:
        # In the caller's transaction: the database backend's task row commits with the
        # launch's row and the round's state, or neither does.
        launch_round.enqueue(row.pk)
        row.refresh_from_db()  # the immediate backend has run it already
    return row


@task()
def launch_round(launch_id: int) -> str:
    """The background task: run the queued launch. Returns its state afterwards."""
    return execute(launch_id).state


def _viewer(row: RoundLaunch) -> Viewer:
    """Whom the conversations' history names as having planned them."""
    return Viewer(user=row.by_user, person=row.by)


def execute(launch_id: int, *, progress: Progress | None = None) -> RoundLaunch:
    """Run a queued launch here and now; a launch someone else has taken (or that is
    done) is left alone. Progress goes on the row (committed at once when not inside a
    transaction, as in the worker) and to ``progress``."""
    claimed = RoundLaunch.objects.filter(pk=launch_id, state=LaunchState.QUEUED).update(
        state=LaunchState.RUNNING, step=LaunchStep.PLANNING, started_at=timezone.now()
    )
    row = RoundLaunch.objects.select_related("round", "by", "by_user").get(pk=launch_id)
    if not claimed:
        return row

    def moved(step: str, done: int, total: int) -> None:
        RoundLaunch.objects.filter(pk=row.pk).update(
            step=step, done=done, total=total, updated_at=timezone.now()
        )
        if progress is not None:
            progress(step, done, total)

    if progress is not None:
        progress(LaunchStep.PLANNING, 0, 0)
    # Inside a transaction (the immediate backend runs the task in the request), a
    # savepoint: a failure is rolled back and recorded, and the request goes on.
    guard: Any = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            result, mailed = _run(row, moved)
    except Exception as exc:
        logger.exception("The launch %s of round %s failed", row.pk, row.round_id)
        RoundLaunch.objects.filter(pk=row.pk).update(
            state=LaunchState.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:5000],
        )
        row.refresh_from_db()
        return row
    RoundLaunch.objects.filter(pk=row.pk).update(
        state=LaunchState.DONE,
        finished_at=timezone.now(),
        created=result.created,
        joined=result.joined,
        already=result.already,
        mailed=mailed,
        problems=[asdict(p) for p in result.problems],
        not_eligible=result.not_eligible,
        on_leave=[
            {
                "person_id": p.person_id,
                "name": p.name,
                "leave_from": p.leave_from.isoformat(),
                "leave_until": p.leave_until.isoformat() if p.leave_until else None,
            }
            for p in result.on_leave
        ],
        error="",
    )
    RoundEvent.objects.create(
        round=row.round,
        action="launched",
        by=row.by,
        note=f"created={result.created} joined={result.joined} already={result.already} "
        f"problems={len(result.problems)} mailed={mailed}",
    )
    row.refresh_from_db()
    return row


def _run(row: RoundLaunch, moved: Progress) -> tuple[launch.Result, int]:
    round_ = row.round
    result = launch.run(
        round_,
        by=_viewer(row),
        progress=lambda done, total: moved(LaunchStep.MAKING, done, total),
    )
    called_without = [p.person_id for p in result.problems if p.person_id is not None]
    mailed = emails.queue_announcement(
        round_,
        also=called_without,
        progress=lambda done, total: moved(LaunchStep.MAILING, done, total),
    )
    return result, mailed
