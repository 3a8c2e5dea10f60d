"""The page where HR for the whole organisation or an administrator makes and revokes
the tokens identity systems use (``/scim-noegler/``). Who may: the same as who may
import people (``samtale.org.policy.can_import``): both change everyone."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samtale.org import policy
from samtale.org.viewer import ViewerRequest
from samtale.scim import tokens
from samtale.scim.models import ScimChange, ScimToken

RECENT_CHANGES = 20


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Entra ID, production”."),
    )


def _check_allowed(request: ViewerRequest) -> None:
    if not policy.can_import(request.viewer):
        raise Http404


def token_list(request: ViewerRequest) -> HttpResponse:
    _check_allowed(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.create_token(form.cleaned_data["name"], by=request.viewer.person)
        form = TokenForm()
    return render(
        request,
        "scim/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ScimToken.objects.select_related("created_by"),
            "changes": ScimChange.objects.select_related("person")[:RECENT_CHANGES],
            "tenant_url": request.build_absolute_uri("/scim/v2"),
        },
    )


@require_POST
def revoke(request: ViewerRequest, pk: int) -> HttpResponse:
    _check_allowed(request)
    token = get_object_or_404(ScimToken, pk=pk)
    tokens.revoke_token(token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect(reverse("scim_tokens:list"))
