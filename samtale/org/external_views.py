"""Inviting an external chief (a board chair): a page for HR for the whole organisation
and administrators; everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.org import external, policy
from samtale.org.models import Person
from samtale.org.viewer import ViewerRequest


class LeaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        parts = [person.name]
        if person.unit is not None:
            parts.append(person.unit.name)
        label = ", ".join(parts)
        if person.manager is not None:
            label += " " + _("(now led by %(name)s)") % {"name": person.manager.name}
        return label


class InviteExternalForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        help_text=gettext_lazy("The invitation with a link to choose a password goes here."),
        widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    job_title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        initial=gettext_lazy("Board chair"),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    leaders = LeaderChoiceField(
        label=gettext_lazy("Chief of these leaders"),
        queryset=Person.objects.none(),
        help_text=gettext_lazy(
            "They become the nearest leader of the leaders you choose and hold their LUS. "
            "Hold Ctrl (or Cmd) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = external.leaders_for(viewer)  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if external.email_in_use(email):
            raise ValidationError(
                _("Someone already has the e-mail %(email)s: an external person needs their own.")
                % {"email": email}
            )
        return email


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
