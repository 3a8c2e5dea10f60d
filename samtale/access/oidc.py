"""Single sign-on with OpenID Connect: who the provider's answer is, in Samtale.

mozilla-django-oidc runs the authorization code flow (with PKCE and a nonce); this module
gives it the provider's endpoints (from the discovery document, read once per process),
checks the ID token strictly (signature, issuer, audience, expiry) and turns the claims
into a login:

- the person is found by one configurable claim (``SAMTALE_OIDC_CLAIM``, e-mail by
  default) compared with their e-mail address or employee number
  (``SAMTALE_OIDC_MATCH``); no person, more than one, or one whose employment has ended:
  no login;
- a person without a login gets one, linked to them (as a password reset would);
- the provider's subject is recorded with the login (``OidcIdentity``): a login answers
  to one subject only, and an existing login that belongs to someone else (another
  person, or an administrator without a person) is never handed over by a claim.

Every refusal is logged (logger ``samtale.access.oidc``) and shown on the login page.
"""

from __future__ import annotations

import enum
import logging
import threading
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.access.models import OidcIdentity
from samtale.org.models import Person
from samtale.org.services import ensure_user

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.SAMTALE_OIDC_ISSUER)


def button_label() -> str:
    return settings.SAMTALE_OIDC_BUTTON or str(_("Log in with your work account"))


def callback_url() -> str:
    """The redirect URI registered at the provider: from SITE_URL, so it is the public
    https address also behind a TLS proxy."""
    return settings.SITE_URL + reverse("oidc_authentication_callback")


def after_logout_url() -> str:
    return settings.SITE_URL + reverse("login")


# --- the provider's endpoints ------------------------------------------------------------

_discovered: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def provider() -> dict[str, Any]:
    """The provider's discovery document (``/.well-known/openid-configuration``), read the
    first time it is needed and kept for the process."""
    issuer = settings.SAMTALE_OIDC_ISSUER
    if not issuer:
        raise ImproperlyConfigured("Single sign-on is not configured (SAMTALE_OIDC_ISSUER).")
    with _lock:
        if issuer not in _discovered:
            response = requests.get(
                issuer + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
            if document.get("issuer", "").rstrip("/") != issuer:
                raise ImproperlyConfigured(
                    f"The provider at {issuer} names itself {document.get('issuer')!r}: "
                    "SAMTALE_OIDC_ISSUER must be the issuer exactly."
                )
            _discovered[issuer] = document
        return _discovered[issuer]


def forget_provider() -> None:
    """Read the discovery document again next time (tests; a provider that moved)."""
    with _lock:
        _discovered.clear()


def provider_logout_url(request: Any) -> str:
    """Where logging out sends the browser: the provider's end-session endpoint (RP-initiated
    logout) when the login came from it and it has one, else the login page."""
    id_token = request.session.get("oidc_id_token")
    end_session = provider().get("end_session_endpoint") if id_token and enabled() else None
    if not end_session:
        return str(reverse("login"))
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.SAMTALE_OIDC_CLIENT_ID,
            "post_logout_redirect_uri": after_logout_url(),
        }
    )
    return f"{end_session}?{query}"


# --- the claims, in Samtale ---------------------------------------------------------------


class Refusal(enum.Enum):
    """Why a login through the provider was refused; the value is the message's key."""

    FAILED = "failed"
    NO_CLAIM = "no_claim"
    UNKNOWN = "unknown"
    LEFT = "left"
    CLOSED = "closed"
    CONFLICT = "conflict"

    @property
    def message(self) -> str:
        return str(_MESSAGES[self])


_MESSAGES = {
    Refusal.FAILED: _(
        "Logging in through your organisation's login did not succeed. Please try again; "
        "if it keeps failing, contact your IT support."
    ),
    Refusal.NO_CLAIM: _(
        "Your organisation's login did not tell Samtale who you are. Contact your IT support."
    ),
    Refusal.UNKNOWN: _(
        "You are logged in at your organisation, but Samtale does not know you as an "
        "employee. Samtale gets its employees from the HR system: contact HR if you should "
        "have access."
    ),
    Refusal.LEFT: _(
        "Your employment has ended, so you can no longer log in to Samtale. Contact HR if "
        "this is wrong."
    ),
    Refusal.CLOSED: _("Your Samtale account has been closed. Contact HR if this is wrong."),
    Refusal.CONFLICT: _(
        "Your login cannot be linked to Samtale automatically. Contact your Samtale "
        "administrator, who can see why in the log."
    ),
}


class Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


def _person(value: str) -> Person:
    if settings.SAMTALE_OIDC_MATCH == "employee_number":
        people = Person.objects.filter(employee_number=value)
    else:
        people = Person.objects.filter(email__iexact=value)
    found = list(people.select_related("user")[:2])
    if len(found) != 1:
        log.warning(
            "Single sign-on refused: %s %r matches %s people",
            settings.SAMTALE_OIDC_CLAIM,
            value,
            "several" if found else "no",
        )
        raise Refused(Refusal.UNKNOWN)
    return found[0]


def _conflict(message: str, *args: Any) -> Refused:
    log.error("Single sign-on refused: " + message, *args)
    return Refused(Refusal.CONFLICT)


def user_for(claims: dict[str, Any]) -> Any:
    """The login for verified claims (``sub`` and the matching claim), created for a
    known person who has none yet; raises ``Refused`` otherwise."""
    issuer = settings.SAMTALE_OIDC_ISSUER
    subject = claims.get("sub")
    value = claims.get(settings.SAMTALE_OIDC_CLAIM)
    if not isinstance(subject, str) or not subject or not isinstance(value, str | int):
        log.warning(
            "Single sign-on refused: no %r claim (or no subject) from %s",
            settings.SAMTALE_OIDC_CLAIM,
            issuer,
        )
        raise Refused(Refusal.NO_CLAIM)
    person = _person(str(value).strip())
    if not person.is_active:
        log.warning("Single sign-on refused: %s (person %s) has left", subject, person.pk)
        raise Refused(Refusal.LEFT)
    User = get_user_model()
    with transaction.atomic():
        identity = (
            OidcIdentity.objects.select_for_update().filter(issuer=issuer, subject=subject).first()
        )
        if identity is not None and identity.user_id != person.user_id:
            raise _conflict(
                "subject %s belongs to login %s, but %s %r names person %s (login %s)",
                subject,
                identity.user_id,
                settings.SAMTALE_OIDC_CLAIM,
                value,
                person.pk,
                person.user_id,
            )
        if person.user is None:
            taken = (
                User.objects.filter(email__iexact=person.email).first() if person.email else None
            )
            # ensure_user would link this login to the person: only a plain login that
            # nobody owns may be, never one that is someone's or an administrator's.
            if taken is not None and (
                taken.is_staff
                or taken.is_superuser
                or Person.objects.filter(user=taken).exists()
                or taken.oidc_identities.exists()
            ):
                raise _conflict(
                    "person %s has no login, and login %s with their e-mail address "
                    "belongs to someone else or an administrator",
                    person.pk,
                    taken.pk,
                )
            if not person.email:
                log.warning("Single sign-on refused: person %s has no e-mail address", person.pk)
                raise Refused(Refusal.CONFLICT)
            user = ensure_user(person)
        else:
            user = person.user
        if not user.is_active:
            log.warning("Single sign-on refused: login %s is closed", user.pk)
            raise Refused(Refusal.CLOSED)
        if identity is None:
            other = OidcIdentity.objects.filter(issuer=issuer, user=user).first()
            if other is not None:
                raise _conflict(
                    "login %s answers to subject %s, not %s",
                    user.pk,
                    other.subject,
                    subject,
                )
            OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            log.info("Single sign-on: login %s linked to subject %s", user.pk, subject)
        else:
            identity.last_login = timezone.now()
            identity.save(update_fields=["last_login"])
    return user
