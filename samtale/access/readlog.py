"""The read log: record reads of conversation content by anyone but its author."""

from __future__ import annotations

from typing import Any

from samtale.access.models import ReadLog


def record_read(viewer: Any, *, subject_type: str, subject_id: int, what: str) -> ReadLog:
    """Record that ``viewer`` read ``what`` of the subject. Callers skip the author."""
    person = getattr(viewer, "person", None)
    user = getattr(viewer, "user", None)
    name = person.name if person is not None else (user.email if user is not None else "")
    return ReadLog.objects.create(
        reader=user,
        reader_name=name,
        subject_type=subject_type,
        subject_id=subject_id,
        what=what[:200],
    )
