"""The privacy pages: "Mine data" (every logged-in person downloads their own data as a
ZIP) and the erasure of a person on request (HR for the person's unit, administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samtale.access.http import ViewerRequest
from samtale.core.actions import save_form
from samtale.lib.pdf import PdfUnavailable
from samtale.org.models import Person
from samtale.privacy import export, policy, services
from samtale.privacy.forms import ErasureForm


def mine(request: ViewerRequest) -> HttpResponseBase:
    """GET: what the download holds; POST: the ZIP."""
    viewer = request.viewer
    if not policy.can_export_own(viewer):
        raise Http404
    if request.method == "POST":
        try:
            with transaction.atomic():  # no read is logged for a download not made
                data = export.write_zip(viewer)
        except PdfUnavailable:
            messages.error(request, _("The PDFs cannot be made right now. Please try again later."))
            return redirect("privacy:mine")
        response = FileResponse(
            data,
            as_attachment=True,
            filename=export.filename(viewer),
            content_type="application/zip",
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "privacy/mine.html")


def erase(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    person = get_object_or_404(Person.objects.visible_to(viewer).select_related("unit"), pk=pk)
    if not policy.can_erase(viewer, person, erased=services.is_erased(person)):
        raise Http404
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = save_form(
            form,
            lambda reason, confirm: services.erase(person, by=viewer, reason=reason),
        )
        if done is not None:
            messages.success(request, _("The person's data is erased. The erasure is recorded."))
            return redirect("org:person", pk=person.pk)
    return render(request, "privacy/erase.html", {"person": person, "form": form})
