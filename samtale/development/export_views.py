"""HR's export page for the workbook of development plans and activities
(``samtale.development.exporting``): ask for it, see how far it is (the page polls while
one is being written), download it once done. Only HR asks; only the asker downloads,
while still HR for what it covers. Anyone else gets 404."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act
from samtale.development import export, exporting, policy
from samtale.development.models import PlanExport


def _hr(request: ViewerRequest) -> None:
    if not policy.can_export_plans(request.viewer):
        raise Http404


def _context(request: ViewerRequest) -> dict[str, object]:
    exports = exporting.recent(request.viewer)
    active = [row for row in exports if row.is_active]
    return {
        "exports": exports,
        "latest": exports[0] if exports else None,
        "polling": bool(active),
        "seen": _fingerprint(exports),
        "keep_hours": settings.SAMTALE_EXPORT_KEEP_HOURS,
    }


def _fingerprint(exports: list[PlanExport]) -> str:
    """What the list shows that can change while it is polled: each row's state."""
    return ",".join(f"{row.pk}:{row.state}" for row in exports)


@require_GET
def page(request: ViewerRequest) -> HttpResponse:
    _hr(request)
    return render(request, "development/exports.html", _context(request))


@require_GET
def status(request: ViewerRequest) -> HttpResponse:
    """The list, which the page asks for every few seconds while an export is being
    written (htmx). Nothing changed since ``seen``: 204, and htmx leaves the page alone
    (so a screen reader hears nothing again)."""
    _hr(request)
    context = _context(request)
    if request.GET.get("seen") == context["seen"]:
        return HttpResponse(status=204)
    return render(request, "development/_exports.html", {**context, "oob": True})


@require_POST
def ask(request: ViewerRequest) -> HttpResponse:
    _hr(request)
    to = reverse("development:exports")

    def start() -> PlanExport:
        try:
            return exporting.start(request.viewer)
        except PermissionError as error:
            raise ValidationError(_("You cannot export development plans.")) from error

    return act(
        request,
        start,
        done=lambda row: (
            _("The workbook is ready: download it below.")
            if row.is_downloadable
            else _("The workbook is being written. You can leave the page: it goes on without it.")
        ),
        to=to,
        refused_to=to,
    )


@require_GET
def download(request: ViewerRequest, pk: int) -> FileResponse:
    row = PlanExport.objects.filter(pk=pk).first()
    if row is None or not exporting.can_download(request.viewer, row):
        raise Http404
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=exporting.download_name(row),
        content_type=export.CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def old_address(request: ViewerRequest) -> HttpResponse:
    """The workbook's former address (written during the request), kept for bookmarks."""
    return redirect("development:exports")
