"""The read log's writer: record reads of content by anyone but its author. The domain
decides what was read (``samtale.conversations.reading``); this layer only writes."""

from __future__ import annotations

from typing import Any

from samtale.access.models import ReadLog


def _reader(viewer: Any) -> tuple[Any, str]:
    person = getattr(viewer, "person", None)
    user = getattr(viewer, "user", None)
    return user, person.name if person is not None else (user.email if user is not None else "")


def record_reads(viewer: Any, reads: list[tuple[str, int, str]]) -> None:
    """Record several reads at once (one query): ``(subject_type, subject_id, what)``."""
    if not reads:
        return
    user, name = _reader(viewer)
    ReadLog.objects.bulk_create(
        ReadLog(
            reader=user,
            reader_name=name,
            subject_type=subject_type,
            subject_id=subject_id,
            what=what[:200],
        )
        for subject_type, subject_id, what in reads
    )
