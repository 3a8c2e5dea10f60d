"""Bearer tokens for identity systems: made (the secret shown once), revoked, and found
from a request's ``Authorization: Bearer ...``. Only the secret's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from samtale.org.models import Person
from samtale.scim.models import ScimToken

PREFIX = "samtale_scim_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(name: str, *, by: Person | None) -> tuple[ScimToken, str]:
    """A new token and its secret; the secret is never stored and cannot be shown again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(name=name.strip(), secret_hash=_hash(secret), created_by=by)
    return token, secret


@transaction.atomic
def revoke_token(token: ScimToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_for(authorization: str) -> ScimToken | None:
    """The active token an ``Authorization`` header carries, or None. Marks it used."""
    scheme, _sep, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    token = ScimToken.objects.filter(
        secret_hash=_hash(secret.strip()), revoked_at__isnull=True
    ).first()
    if token is not None:
        now = timezone.now()
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
