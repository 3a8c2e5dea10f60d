"""The import page for HR: upload a units or people file, see the problems or the
planned changes, confirm. Nothing is written before the confirmation, and the file is
checked again then.

Between the steps the upload is kept under MEDIA_ROOT/imports with a random name that
only this session knows; it is deleted on confirm or cancel, and leftovers older than
a day are removed at the next upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samtale.lib.tabular import EXTENSIONS, Table, TabularError, read_table
from samtale.org import importing, policy
from samtale.org.forms import KIND_CHOICES, UploadForm
from samtale.org.viewer import ViewerRequest

SESSION_KEY = "samtale_import"
PREVIEW_CHANGES = 50
PREVIEW_PROBLEMS = 500
STALE_AFTER_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _check_allowed(request: ViewerRequest) -> None:
    if not policy.can_import(request.viewer):
        raise Http404


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


# --- the file between the steps --------------------------------------------------------


def _pending(request: ViewerRequest) -> dict[str, str] | None:
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not _TOKEN.match(str(pending.get("token", ""))):
        return None
    if pending.get("kind") not in importing.KINDS or pending.get("suffix") not in EXTENSIONS:
        return None
    return pending


def _stored_path(pending: dict[str, str]) -> Path:
    return imports_dir() / f"{pending['token']}{pending['suffix']}"


def _forget(request: ViewerRequest) -> None:
    pending = _pending(request)
    if pending is not None:
        _stored_path(pending).unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _remove_stale_files() -> None:
    limit = time.time() - STALE_AFTER_SECONDS
    for path in imports_dir().glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _store(request: ViewerRequest, kind: str, upload: Any) -> None:
    _forget(request)
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_files()
    token = secrets.token_hex(16)
    suffix = Path(upload.name).suffix.lower()
    with (folder / f"{token}{suffix}").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[SESSION_KEY] = {
        "token": token,
        "kind": kind,
        "suffix": suffix,
        "name": Path(upload.name).name[:200],
    }


def _read_pending(pending: dict[str, str]) -> Table | None:
    try:
        return read_table(_stored_path(pending))
    except TabularError:
        return None


# --- views -----------------------------------------------------------------------------


def upload(request: ViewerRequest) -> HttpResponse:
    _check_allowed(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            _store(request, form.cleaned_data["kind"], form.cleaned_data["file"])
            return redirect("org:import_preview")
    else:
        form = UploadForm()
    return render(
        request,
        "org/import_upload.html",
        {
            "form": form,
            "unit_columns": _column_help(importing.UNIT_COLUMNS, importing.UNIT_REQUIRED),
            "people_columns": _column_help(importing.PEOPLE_COLUMNS, importing.PEOPLE_REQUIRED),
        },
    )


def _column_help(
    spec: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> list[dict[str, object]]:
    return [
        {"english": names[0], "danish": names[1], "required": canon in required}
        for canon, names in spec.items()
    ]


def _render_preview(
    request: HttpRequest, pending: dict[str, str], result: importing.Result, status: int = 200
) -> HttpResponse:
    plan = result.plan
    return render(
        request,
        "org/import_preview.html",
        {
            "pending": pending,
            "kind_label": dict(KIND_CHOICES)[pending["kind"]],
            "problems": result.problems[:PREVIEW_PROBLEMS],
            "problem_count": len(result.problems),
            "more_problems": max(0, len(result.problems) - PREVIEW_PROBLEMS),
            "plan": plan,
            "changes": plan.changes[:PREVIEW_CHANGES] if plan else [],
            "more_changes": max(0, len(plan.changes) - PREVIEW_CHANGES) if plan else 0,
        },
        status=status,
    )


def preview(request: ViewerRequest) -> HttpResponse:
    _check_allowed(request)
    pending = _pending(request)
    table = _read_pending(pending) if pending else None
    if pending is None or table is None:
        _forget(request)
        messages.info(request, _("Upload the file again, please."))
        return redirect("org:import")
    result = importing.VALIDATORS[pending["kind"]](
        table, importing.no_progress, by=request.viewer.person
    )
    return _render_preview(request, pending, result)


def confirm(request: ViewerRequest) -> HttpResponse:
    _check_allowed(request)
    if request.method != "POST":
        return redirect("org:import_preview")
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(
            request, _("This import was replaced or has already run. Upload the file again.")
        )
        return redirect("org:import")
    if "cancel" in request.POST:
        _forget(request)
        messages.info(request, _("The import was cancelled. Nothing was written."))
        return redirect("org:import")
    table = _read_pending(pending)
    if table is None:
        _forget(request)
        messages.error(request, _("The file could not be read again. Upload it again."))
        return redirect("org:import")
    # Checked again: the organisation may have changed since the preview.
    result = importing.import_table(pending["kind"], table, by=request.viewer.person)
    if result.problems:
        return _render_preview(request, pending, result, status=409)
    _forget(request)
    plan = result.plan
    assert plan is not None
    text = _("Imported %(file)s: %(summary)s") % {
        "file": pending["name"],
        "summary": plan.summary(),
    }
    if plan.new_groups:
        text += " " + _("Professional groups created: %(names)s") % {
            "names": ", ".join(plan.new_groups)
        }
    messages.success(request, text)
    for warning in plan.successors_needed:
        messages.warning(request, warning)
    return redirect("org:import")
