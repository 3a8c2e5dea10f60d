"""HR's workbook of development plans as a background job.

A whole municipality's workbook takes longer to write than a web request may last, so HR
asks for it (``start``): a ``PlanExport`` row records who asked, for which units (their
HR scope then), when, and the ``write_plan_export`` task (Django's Tasks API: the
``django-tasks-db`` worker in production, at once in the demo and the tests) writes it
(``execute``) with ``samtale.development.export`` to private storage (no URL), with the
rows and the plans it holds and its size on the row. The export page polls the row.

Only the person who asked downloads it, and only while they are still HR for every unit
it covers (``can_download``, asked again at each download). ``prune`` (the daily
``samtale prune_plan_exports``) deletes files older than ``SAMTALE_EXPORT_KEEP_HOURS``
and keeps their rows as the record. A failed export keeps a short error; HR asks again.
"""

from __future__ import annotations

import logging
import tempfile
from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samtale.access.viewer import acting_as
from samtale.development import export, policy
from samtale.development.models import ExportState, PlanExport

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

logger = logging.getLogger(__name__)

RECENT = 10


def keep_for() -> timedelta:
    return timedelta(hours=settings.SAMTALE_EXPORT_KEEP_HOURS)


def _covers(paths: tuple[str, ...], scope: list[str]) -> bool:
    """Every unit of ``scope`` lies at or below one of ``paths``."""
    return bool(scope) and all(any(unit.startswith(p) for p in paths if p) for unit in scope)


def recent(viewer: Viewer) -> list[PlanExport]:
    """The viewer's own latest exports, newest first (one query)."""
    if viewer.person is None:
        return []
    return list(PlanExport.objects.filter(by=viewer.person).order_by("-queued_at", "-pk")[:RECENT])


def start(viewer: Viewer) -> PlanExport:
    """Record HR's request and queue the task that writes the workbook (in the caller's
    transaction: with the database backend the task commits with the row, or neither)."""
    if not policy.can_export_plans(viewer) or viewer.person is None:
        raise PermissionError
    retire_stale()
    if PlanExport.objects.filter(by=viewer.person, state__in=PlanExport.ACTIVE).exists():
        raise ValidationError(_("Your workbook is already being written. Wait until it is done."))
    row = PlanExport.objects.create(
        by=viewer.person,
        by_user=viewer.user,
        scope=list(viewer.hr_paths),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    write_plan_export.enqueue(row.pk)
    row.refresh_from_db()  # the immediate backend has written it already
    return row


@task()
def write_plan_export(export_id: int) -> str:
    """The background task: write the queued workbook. Returns its state afterwards."""
    return execute(export_id).state


def execute(export_id: int) -> PlanExport:
    """Write a queued export here and now; one someone else has taken is left alone. The
    asker's scope is read again: one who is no longer HR gets a failed export."""
    claimed = PlanExport.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, started_at=timezone.now()
    )
    row = PlanExport.objects.select_related("by").get(pk=export_id)
    if not claimed:
        return row
    # Inside a transaction (the immediate backend runs the task in the request), a
    # savepoint: a failure is rolled back and recorded, and the request goes on.
    guard: Any = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard, translation.override(row.language or settings.LANGUAGE_CODE):
            _write(row)
    except Exception as exc:
        logger.exception("The export %s of development plans failed", row.pk)
        if row.file:
            row.file.delete(save=False)
        PlanExport.objects.filter(pk=row.pk).update(
            state=ExportState.FAILED,
            finished_at=timezone.now(),
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
    row.refresh_from_db()
    return row


def _write(row: PlanExport) -> None:
    viewer = acting_as(row.by)
    if not _covers(viewer.hr_paths, row.scope):
        raise PermissionError("The asker is no longer HR for the units asked for.")
    # Only the units asked for, even if the asker has since become HR for more.
    viewer = _narrowed(viewer, row.scope)
    with tempfile.TemporaryFile() as out:
        written = export.write(viewer, out)
        size = out.tell()
        out.seek(0)
        row.file.save(_file_name(row), File(out), save=False)
    finished = timezone.now()
    PlanExport.objects.filter(pk=row.pk).update(
        state=ExportState.DONE,
        finished_at=finished,
        expires_at=finished + keep_for(),
        goals=written.goals,
        activities=written.activities,
        plans=written.plans,
        size=size,
        file=row.file.name,
        error="",
    )


def _narrowed(viewer: Viewer, scope: list[str]) -> Viewer:
    return replace(viewer, hr_paths=tuple(scope))


def _file_name(row: PlanExport) -> str:
    return f"udviklingsplaner-{row.pk}-{timezone.localtime(row.queued_at):%Y%m%d-%H%M%S}.xlsx"


def download_name(row: PlanExport) -> str:
    return f"udviklingsplaner-{timezone.localtime(row.queued_at):%Y-%m-%d}.xlsx"


def can_download(viewer: Viewer, row: PlanExport) -> bool:
    """The person who asked, while they are still HR for every unit it covers, and while
    the file is kept."""
    return (
        viewer.person is not None
        and row.by_id == viewer.person.pk
        and policy.can_export_plans(viewer)
        and _covers(viewer.hr_paths, row.scope)
        and row.is_downloadable
    )


def prune(now: datetime | None = None) -> int:
    """Delete the files of exports whose time is up; keep the rows. Returns how many."""
    now = now or timezone.now()
    count = 0
    due = PlanExport.objects.filter(expires_at__lte=now, deleted_at__isnull=True).exclude(file="")
    for row in due.iterator(chunk_size=500):
        row.file.delete(save=False)
        PlanExport.objects.filter(pk=row.pk).update(file="", deleted_at=now)
        count += 1
    return count


STALE_AFTER = timedelta(hours=2)


def retire_stale(after: timedelta = STALE_AFTER) -> int:
    """An export that waits or runs but was asked for more than ``after`` ago has died
    (its worker stopped, or its task was lost): mark it failed, so HR asks again."""
    return PlanExport.objects.filter(
        state__in=PlanExport.ACTIVE, queued_at__lt=timezone.now() - after
    ).update(
        state=ExportState.FAILED,
        finished_at=timezone.now(),
        error="Stopped without finishing (no worker, or the worker stopped).",
    )


@task()
def prune_plan_exports_task() -> int:
    """The same as ``samtale prune_plan_exports``, for a task scheduler to enqueue."""
    retire_stale()
    return prune()
