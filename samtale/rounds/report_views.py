"""The round's report (``samtale.rounds.report``) as a page, a PDF and a workbook, once
the round is announced: while it runs, how it stands; once closed, the closing report.
Whoever ``policy.report_access`` refuses gets 404, like everyone who may not see the
round."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samtale.access.http import ViewerRequest
from samtale.lib.pdf import PdfUnavailable
from samtale.rounds import policy, queries, report_files
from samtale.rounds.report import Report, report_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The page lists at most this many of who is missing and of the follow-ups; the PDF and
# the workbook list them all.
LISTED_ON_PAGE = 500


def _report(request: ViewerRequest, pk: int) -> Report:
    round_ = queries.round_for(request.viewer, pk)
    access = policy.report_access(request.viewer, round_)
    if access is None:
        raise Http404
    return report_for(round_, access)


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def page(request: ViewerRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    return render(
        request,
        "rounds/report.html",
        {
            "report": found,
            "round": found.round,
            "missing": (found.missing or [])[:LISTED_ON_PAGE],
            "follow_ups": (found.follow_ups or [])[:LISTED_ON_PAGE],
            "listed_on_page": LISTED_ON_PAGE,
        },
    )


@require_GET
def pdf(request: ViewerRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    try:
        data = report_files.report_pdf(found, made_for=request.viewer.person)
    except PdfUnavailable:
        messages.error(request, _("The PDF cannot be made right now. Please try again later."))
        return redirect("rounds:report", pk=found.round.pk)
    return _download(data, "application/pdf", report_files.filename(found, "pdf"))


@require_GET
def xlsx(request: ViewerRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    return _download(report_files.report_xlsx(found), XLSX, report_files.filename(found, "xlsx"))
