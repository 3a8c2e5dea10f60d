"""``samtale check --deploy``: single sign-on that would not work, or not safely, in
production (docs/sso.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_single_sign_on(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.SAMTALE_OIDC_ISSUER:
        return []
    problems: list[CheckMessage] = []
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https":
        problems.append(
            Error(
                f"Single sign-on is on, but SITE_URL ({settings.SITE_URL}) is not https: the "
                "provider sends the browser back to SITE_URL/login/sso/callback/, which "
                "providers accept only over https.",
                hint="Set SITE_URL to the public https address (and BEHIND_TLS_PROXY=true "
                "behind a TLS proxy).",
                id="samtale.E020",
            )
        )
    if (
        site.hostname
        and site.hostname not in settings.ALLOWED_HOSTS
        and "*" not in (settings.ALLOWED_HOSTS)
    ):
        problems.append(
            Error(
                f"SITE_URL's host {site.hostname} is not in ALLOWED_HOSTS: the provider's "
                "callback to it would be refused.",
                hint=f"Add {site.hostname} to ALLOWED_HOSTS.",
                id="samtale.E021",
            )
        )
    if urlsplit(settings.SAMTALE_OIDC_ISSUER).scheme != "https":
        problems.append(
            Error(
                f"SAMTALE_OIDC_ISSUER ({settings.SAMTALE_OIDC_ISSUER}) is not https: the "
                "client secret and the tokens would cross the network unencrypted.",
                hint="Use the provider's https issuer address.",
                id="samtale.E022",
            )
        )
    return problems
