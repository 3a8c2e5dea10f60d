"""The login backend: Django's ModelBackend, except that loading the logged-in user on
each request also reads their person with everything the viewer needs
(``samtale.access.viewer``): one query for both instead of two.

Sessions made before this backend existed name Django's ModelBackend, which therefore
stays in AUTHENTICATION_BACKENDS after this one, for loading those users only: a
password is checked here alone (a failed check ends the login, so it is never checked a
second time).

With ``SAMTALE_PASSWORD_LOGIN=false`` a login that belongs to a person is refused its
password (single sign-on only); a login without a person (an administrator) keeps it.
``OidcBackend`` comes first and answers single sign-on's callback only.
A person who has left (``samtale.access.leavers.has_left``) can neither log in nor stay
logged in: ``user_can_authenticate`` refuses them for the password and for the session.
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ViewerBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied  # no other backend checks passwords
        if not settings.SAMTALE_PASSWORD_LOGIN and hasattr(user, "person"):
            raise PermissionDenied  # people log in through single sign-on only
        return user

    def user_can_authenticate(self, user: Any) -> bool:
        from samtale.access.leavers import has_left

        return super().user_can_authenticate(user) and not has_left(user)

    def get_user(self, user_id: Any) -> Any:
        from samtale.access.viewer import person_of_user, remember_person

        person = person_of_user(user_id)
        if person is None:  # a login without a person (an administrator)
            user = get_user_model()._default_manager.filter(pk=user_id).first()
            if user is None:
                return None
            remember_person(user, None)
            return user if self.user_can_authenticate(user) else None
        user = person.user
        remember_person(user, person)
        return user if self.user_can_authenticate(user) else None


class OidcBackend(OIDCAuthenticationBackend):
    """Single sign-on (``samtale.access.oidc``): mozilla-django-oidc's code flow, with the
    endpoints from the provider's discovery, a strict check of the ID token, and the
    person found by the configured claim. It answers only the callback's call (which
    passes the nonce), so a password login never reaches the provider; it loads the
    logged-in user as ``ViewerBackend`` does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the endpoints here, which would ask the provider on every login.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        from samtale.access import oidc

        if request is None or "nonce" not in kwargs or not oidc.enabled():
            return None
        endpoints = oidc.provider()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = endpoints.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.SAMTALE_OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.SAMTALE_OIDC_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.SAMTALE_OIDC_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def get_token(self, payload: dict[str, Any]) -> Any:
        from samtale.access import oidc

        payload["redirect_uri"] = oidc.callback_url()  # as sent with the authorization request
        return super().get_token(payload)

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        """The parent checks the signature and the expiry only; the issuer and the audience
        (this client) must be right too, and the token must say when it expires."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.SAMTALE_OIDC_ISSUER,
                leeway=30,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences, not authorised for us")
        return claims

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        from samtale.access import oidc

        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about another subject")
            claims.update(userinfo)
        try:
            return oidc.user_for(claims)
        except oidc.Refused as refused:
            self.request.samtale_oidc_refusal = refused.refusal
            return None

    def get_user(self, user_id: Any) -> Any:
        return ViewerBackend().get_user(user_id)
