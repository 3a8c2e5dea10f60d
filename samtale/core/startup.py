"""What a server process prepares before its first request (``samtale/wsgi.py``,
``samtale/asgi.py``).

Django loads lazily what the first request needs: the URLconf (every view module and
the API's schema), the table for making addresses (per language), the translations'
catalogs, and each template when it is first rendered. The first person a new gunicorn
worker serves (after a deployment, or whenever a worker is replaced, e.g. with
``--max-requests``) waited for all of it: most of a second. Loaded here, it is paid
while the worker starts."""

from __future__ import annotations

import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - loads the URLconf and the views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 - the addresses, made per language
            translation.gettext("Log in")  # the catalog
    for name in template_names():
        try:
            engines["django"].get_template(name)  # compiled once and kept (cached loader)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.exception("Template %s could not be compiled at start.", name)


def template_names() -> list[str]:
    """Every template of the project's folder and of our apps' (Django's and the
    libraries' are compiled when first used)."""
    folders = [Path(d) for d in engines["django"].engine.dirs]  # type: ignore[attr-defined]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app.name.startswith("samtale.")
    ]
    names: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    return sorted(names)
