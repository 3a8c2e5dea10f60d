"""System checks that refuse a configuration we cannot run safely."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEFAULT_SENDER = "Samtale <samtale@localhost>"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register()
def check_database(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        return [
            Error(
                f"Unsupported database engine {engine}.",
                hint="DATABASE_URL must start with sqlite:/// or postgres://",
                id="samtale.E002",
            )
        ]
    return []


@register()
def check_private_files(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Uploaded files (conversation documents, imports) live under MEDIA_ROOT and are
    served only through access-checked views: MEDIA_ROOT must not lie inside STATIC_ROOT
    or a static files directory. And the document size limit must be at least 1 MB."""
    from pathlib import Path

    errors: list[Error] = []
    media = Path(settings.MEDIA_ROOT).resolve()
    static_dirs: list[str] = [str(settings.STATIC_ROOT or "")] + [
        str(d[1] if isinstance(d, tuple | list) else d) for d in settings.STATICFILES_DIRS
    ]
    for static in static_dirs:
        if static and media.is_relative_to(Path(static).resolve()):
            errors.append(
                Error(
                    f"MEDIA_ROOT ({media}) lies inside the static files ({static}): uploaded "
                    "documents would be served to anyone.",
                    hint="Set MEDIA_ROOT to a directory outside STATIC_ROOT, e.g. under var/.",
                    id="samtale.E010",
                )
            )
    if int(getattr(settings, "SAMTALE_DOCUMENT_MAX_MB", 0)) < 1:
        errors.append(
            Error(
                "SAMTALE_DOCUMENT_MAX_MB must be at least 1.",
                hint="The largest document in megabytes, e.g. SAMTALE_DOCUMENT_MAX_MB=10.",
                id="samtale.E011",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_sender_and_site_url(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """``samtale check --deploy``: e-mails that name a sender nobody can answer or a
    link nobody can follow (the defaults are for a developer's machine)."""
    from email.utils import parseaddr
    from urllib.parse import urlsplit

    warnings: list[Warning] = []
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = sender.rpartition("@")[2].lower()
    if (
        settings.DEFAULT_FROM_EMAIL == DEFAULT_SENDER
        or domain in ("", "localhost")
        or (domain.endswith((".localhost", ".local", ".invalid", ".example", ".test")))
    ):
        warnings.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: every e-mail Samtale "
                "sends (invitations, password resets) comes from an address nobody has.",
                hint="Set DEFAULT_FROM_EMAIL to the organisation's own sender, e.g. "
                "'Samtale <samtale@kommune.dk>'.",
                id="samtale.W001",
            )
        )
    url = urlsplit(settings.SITE_URL)
    if (
        settings.SITE_URL == DEFAULT_SITE_URL
        or url.scheme != "https"
        or url.hostname in (None, "localhost", "127.0.0.1", "::1")
    ):
        warnings.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: the links in e-mails (password resets, "
                "invitations) must be the public https address.",
                hint="Set SITE_URL to the address people use, e.g. https://samtale.kommune.dk.",
                id="samtale.W002",
            )
        )
    return warnings
