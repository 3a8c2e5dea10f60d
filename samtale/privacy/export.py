"""A person's own data as one ZIP (art. 15): a JSON file per app that holds something
about them (``samtale.core.personal_data``), the PDF of each of their conversations as
far as they may read it (``samtale.conversations.pdf``, the same as its PDF button), and
the documents attached to them.

The ZIP is written to a temporary file that stays in memory up to ``IN_MEMORY`` bytes
and spills to disk beyond, then streamed to the browser: a person's conversations over
ten years are a few dozen PDFs. What the person reads of others' content is logged as
the pages log it (``samtale.conversations.reading``); their own content is not."""

from __future__ import annotations

import json
import tempfile
import zipfile
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core import personal_data

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

IN_MEMORY = 16 * 1024 * 1024


def collected(viewer: Viewer) -> dict[str, dict[str, Any]]:
    """What each app holds about the viewer, by app (apps that hold nothing left out)."""
    found = {}
    for holding in personal_data.registered():
        if holding.export is None:
            continue
        data = holding.export(viewer)
        if data:
            found[holding.app] = data
    return found


def readme(viewer: Viewer) -> str:
    assert viewer.person is not None
    return _(
        "Your data in Samtale, as of %(when)s, for %(name)s.\n\n"
        "data/*.json: what each part of Samtale holds about you (your record in the "
        "organisation, your login, your conversations as far as you may read them, who "
        "has read them, your development plans, your agreed competence levels, the "
        "e-mails sent to you).\n"
        "samtaler/*.pdf: each conversation, as its PDF shows it to you.\n"
        "dokumenter/: the documents attached to your conversations.\n\n"
        "See docs/privacy.md or ask HR how long each is kept."
    ) % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "name": viewer.person.name}


def write_zip(viewer: Viewer) -> IO[bytes]:
    """The ZIP in a temporary file, positioned at its start."""
    # closed by the response that streams it (FileResponse)
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LAESMIG.txt", readme(viewer))
        for app, data in collected(viewer).items():
            archive.writestr(
                f"data/{app}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
        for holding in personal_data.registered():
            if holding.files is None:
                continue
            for file in holding.files(viewer):
                archive.writestr(file.name, file.content())
    out.seek(0)
    return out


def filename(viewer: Viewer) -> str:
    return f"mine-data-{timezone.localdate().isoformat()}.zip"
