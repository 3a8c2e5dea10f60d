"""The kinds of conversation (the GOM table): HR for the whole organisation and
administrators change durations, frequency, mandatory or not, focus and default form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samtale.access.http import ViewerRequest
from samtale.conversations import policy, services
from samtale.conversations.forms import KindForm
from samtale.conversations.models import ConversationKind


def _allowed(request: ViewerRequest) -> Any:
    viewer = request.viewer
    if not policy.can_manage_kinds(viewer):
        raise Http404
    return viewer


def kinds(request: ViewerRequest) -> HttpResponse:
    _allowed(request)
    return render(request, "conversations/kinds.html", {"kinds": ConversationKind.objects.all()})


def kind_edit(request: ViewerRequest, code: str) -> HttpResponse:
    _allowed(request)
    kind = get_object_or_404(ConversationKind, code=code)
    form = KindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        services.update_kind(kind, by=request.viewer, **form.cleaned_data)
        messages.success(request, _("The kind of conversation is saved."))
        return redirect("conversations:kinds")
    return render(request, "conversations/kind_form.html", {"kind": kind, "form": form})
