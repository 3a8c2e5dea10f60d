"""The agreement with TR and AMR: a representative's comment and sign-off, HR's record
of the agreement in MED/SU with its minutes, and the minutes themselves (served only to
those who see the draft: HR and the representatives of the scope)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act, save_form
from samtale.lib import filetypes
from samtale.rounds import policy, queries, services
from samtale.rounds.forms import CommentForm, MedAgreementForm
from samtale.rounds.models import Agreement, RoundState
from samtale.rounds.views import managed_round, round_url


@require_POST
def comment(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = queries.round_for(request.viewer, pk)
    if not policy.can_comment(request.viewer, round_):
        raise Http404
    form = CommentForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.comment(round_, by=request.viewer, text=text),
        done=_("Your comment is saved."),
        to=round_url(round_, "aftale"),
    )


@require_POST
def sign_off(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = queries.round_for(request.viewer, pk)
    if not policy.can_sign_off(request.viewer, round_):
        raise Http404
    return act(
        request,
        lambda: services.sign_off(round_, by=request.viewer),
        done=lambda signed: (
            _("You have signed off revision %(revision)s of the draft.")
            % {"revision": signed[0].revision}
        ),
        to=round_url(round_, "aftale"),
    )


def med_agreement(request: ViewerRequest, pk: int) -> HttpResponse:
    """HR records that the round was agreed in MED/SU (date and minutes)."""
    round_ = managed_round(request, pk, RoundState.DRAFT)
    form = MedAgreementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda agreed_on, minutes: services.record_med_agreement(
                round_, by=request.viewer, agreed_on=agreed_on, minutes=minutes
            ),
        )
        is not None
    ):
        messages.success(request, _("The agreement in MED/SU is recorded: the round is agreed."))
        return redirect(round_url(round_, "aftale"))
    return render(request, "rounds/med_agreement.html", {"round": round_, "form": form})


@require_GET
def minutes(request: ViewerRequest, pk: int) -> FileResponse:
    round_ = queries.round_for(request.viewer, pk)
    if not policy.can_see_draft(request.viewer, round_):
        raise Http404
    agreement = Agreement.objects.filter(round=round_).exclude(minutes="").first()
    if agreement is None:
        raise Http404
    try:
        handle = agreement.minutes.open("rb")
    except OSError as error:
        raise Http404 from error
    found = filetypes.sniff(handle)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"referat-{round_.pk}{found.extension if found else ''}",
        content_type=found.mime if found else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
