"""Inviting an external chief (a board chair): a page for HR for the whole organisation
and administrators; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samtale.org import external, policy
from samtale.org.forms import InviteExternalForm
from samtale.org.viewer import ViewerRequest


def invite(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    if not policy.can_invite_external(viewer):
        raise Http404
    form = InviteExternalForm(request.POST if request.method == "POST" else None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            person = external.invite_external_chief(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                job_title=form.cleaned_data["job_title"],
                leaders=list(form.cleaned_data["leaders"]),
                invited_by=viewer,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited. The e-mail with a link to choose a password is on its way.")
                % {"name": person.name},
            )
            return redirect("org:invite_external")
    return render(request, "org/external_invite.html", {"form": form})
