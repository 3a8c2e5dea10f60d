"""How a person who has never logged in gets in: for the mails that bring them to
Samtale the first time (a conversation's invitation) and for the login page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from samtale.access import oidc
from samtale.org.models import Person


def how_to_log_in(person: Person) -> dict[str, Any] | None:
    """None once the person has logged in; else what the mail tells them: the single
    sign-on button's label (empty without it), whether a password may be chosen, and the
    addresses. Reads ``person.user`` (select it with the person)."""
    user = person.user
    if user is not None and user.last_login is not None:
        return None
    return {
        "sso_label": oidc.button_label() if oidc.enabled() else "",
        "password": settings.SAMTALE_PASSWORD_LOGIN,
        "login_url": settings.SITE_URL + reverse("login"),
        "reset_url": settings.SITE_URL + reverse("password_reset"),
        "email": person.email,
    }
