"""Private file storage: files under ``MEDIA_ROOT`` that have no URL. They are read only
by views that check who is asking (e.g. conversation documents)."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """``MEDIA_ROOT`` (read when first used, so tests may change it), without URLs."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through an access-checked view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
