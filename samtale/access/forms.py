from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.translation import gettext_lazy as _

from samtale.access import throttle
from samtale.core.mail import queue_mail
from samtale.org.models import Person
from samtale.org.queries import active_q
from samtale.org.services import ensure_user


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail or the password is wrong. Please try again."),
        "inactive": _("This account has been closed."),
    }


class ResetForm(PasswordResetForm):
    """Password reset that also works for an employee who has never logged in: an active
    person with this e-mail gets a login account when they ask for a reset. The mail goes
    through the mail queue like every other (retried, with the automatic headers)."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Sends nothing beyond the limits (``throttle.may_send_reset``); the page answers
        the same either way, so it tells nobody whether an account exists or a limit
        was reached."""
        request = kwargs.get("request")
        if request is not None and not throttle.may_send_reset(request, self.cleaned_data["email"]):
            return
        super().save(**kwargs)

    def get_users(self, email: str) -> Iterator[Any]:
        for unlinked in Person.objects.filter(active_q(), email__iexact=email, user__isnull=True):
            try:
                ensure_user(unlinked)
            except ValidationError:
                # an administrator's, HR's or someone else's login: not linked here
                continue
        users = get_user_model().objects.filter(email__iexact=email, is_active=True)
        for user in users.select_related("person"):
            person = getattr(user, "person", None)
            if person is not None:
                # Employees (who may never have had a password) as long as employed.
                if person.is_active:
                    yield user
            elif user.has_usable_password():
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = loader.render_to_string(subject_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        queue_mail(
            to=[to_email],
            subject=" ".join(subject.split()),
            text=loader.render_to_string(email_template_name, context),
            html=html,
            from_email=from_email,
        )
