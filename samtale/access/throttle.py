"""Limits on guessing: failed logins per account and per address (django-axes, set up in
``samtale.settings``), and password-reset mails per account and per address.

Behind the TLS proxy (``BEHIND_TLS_PROXY``) the client's address is the last entry of
``X-Forwarded-For``, the one the proxy itself added; any earlier entry is what the client
sent and is not believed. Without the proxy it is the connection's own address.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samtale.access.models import PasswordResetRequest


def client_address(request: HttpRequest) -> str:
    """The address the request came from (see the module docstring)."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login tried, as logins are matched: without case or spaces."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of the authentication backends: a locked-out account
    or address gets no login. A login without a request is not a web login (the
    test client, a command) and is left to the next backend."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


class Handler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one: the account's
    (``AXES_FAILURE_LIMIT``) and the address's (``SAMTALE_LOGIN_ADDRESS_FAILURE_LIMIT``).
    Axes compares one number with ``AXES_FAILURE_LIMIT``; this gives it the account's
    failures, or the address's scaled to that limit, whichever is nearer its own."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        account, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(account, address * limit // settings.SAMTALE_LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login (``AXES_RESET_ON_SUCCESS``): the account's own
        failures only. Axes would also clear the address's, and so let someone guessing
        other accounts' passwords wipe the address's count by logging in to their own."""
        account = get_client_username(request, credentials)
        deleted, _kinds = AccessAttempt.objects.filter(username=account).delete()
        return deleted


def locked_out(request: HttpRequest, original_response: Any, credentials: Any) -> HttpResponse:
    """The answer to a login while locked out (``AXES_LOCKOUT_CALLABLE``): the login
    page's place, saying why and for how long, with *429 Too Many Requests*."""
    minutes = max(int(settings.AXES_COOLOFF_TIME.total_seconds() // 60), 1)
    return render(request, "access/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def may_send_reset(request: HttpRequest, email: str) -> bool:
    """Whether a password-reset mail may go to ``email`` now, asked from this address:
    at most ``SAMTALE_PASSWORD_RESETS_PER_HOUR`` to one address and
    ``SAMTALE_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR`` asked from one client address, in
    the last hour. Every request is counted (also those for no account), in the database
    so that every app server counts the same."""
    now = timezone.now()
    address, email = client_address(request), email.strip().lower()
    PasswordResetRequest.objects.filter(at__lt=now - datetime.timedelta(days=1)).delete()
    hour = PasswordResetRequest.objects.filter(at__gte=now - datetime.timedelta(hours=1))
    counts = hour.filter(Q(email=email) | Q(address=address)).values_list("email", "address")
    to_account = sum(1 for e, _a in counts if e == email)
    from_address = sum(1 for _e, a in counts if a == address)
    PasswordResetRequest.objects.create(email=email, address=address, at=now)
    return (
        to_account < settings.SAMTALE_PASSWORD_RESETS_PER_HOUR
        and from_address < settings.SAMTALE_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR
    )
