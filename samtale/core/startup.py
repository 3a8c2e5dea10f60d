"""What a server process prepares before its first request (``samtale/wsgi.py``,
``samtale/asgi.py``).

Django loads lazily what the first request needs: the URLconf (every view module and
the API's schema), the tables for making addresses (per namespace and language), the
translations' catalogs and the formats of dates and numbers, the cache's client (for
Redis, its library) and each template when it is first rendered; ours learn the shape
of each address (``samtale.lib.urls``).
The first person a new gunicorn worker serves (after a deployment, or whenever a worker
is replaced, e.g. with ``--max-requests``) waited for all of it: most of a second.
Loaded here, it is paid while the worker starts. So are the queries built and compiled
once per process (``samtale.lib.prepared``: some 70 ms for a conversation's page) and
the form widgets' Jinja2 templates (``samtale.lib.renderers``: compiled on first use,
about 5 ms each), and the database connection the first request uses (closed if the
process forks: ``_close_before_fork``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import formats, translation

from samtale.lib import prepared, urls

logger = logging.getLogger(__name__)


def warm() -> None:
    get_resolver().url_patterns  # noqa: B018 - loads the URLconf and the views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Log in")  # the catalog
            formats.get_format_modules(code)  # dates and numbers (imports their modules)
            urls.learn_all()  # each namespace's addresses, per language, and their shapes
    try:
        cache.get("samtale:startup")  # the cache's client (Redis: its library, a connection)
    except Exception:  # the pages will say so too; the worker starts all the same
        logger.exception("The cache did not answer at start.")
    for name in template_names():
        try:
            engines["django"].get_template(name)  # compiled once and kept (cached loader)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.exception("Template %s could not be compiled at start.", name)
    renderer = get_default_renderer()
    for name in widget_template_names():
        try:
            renderer.get_template(name)  # compiled once and kept by the renderer's engine
        except TemplateDoesNotExist:
            logger.exception("Widget template %s could not be compiled at start.", name)
    try:
        prepared.compile_all()  # may ask the database its version: a connection
    except Exception:  # the pages will say so too; the worker starts all the same
        logger.exception("The prepared queries were not compiled at start.")
    try:
        connections[DEFAULT_DB_ALIAS].ensure_connection()  # for the first request
    except Exception:  # the pages will say so too; the worker starts all the same
        logger.exception("The database did not answer at start.")
    _close_before_fork()


_registered = False


def _close_before_fork() -> None:
    """The database connection made here is kept for the first request (a new one costs
    it 10-20 ms), but not handed on: a server that loads the application before it forks
    its workers (gunicorn --preload) closes its connections first, since a connection
    shared by two processes mixes their queries."""
    global _registered
    if not _registered:
        os.register_at_fork(before=close_connections)
        _registered = True


def close_connections() -> None:
    """Close this thread's database connections (each outside a transaction)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


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


def widget_template_names() -> list[str]:
    """Django's form and widget templates, as the form renderer finds them."""
    import django.forms

    folder = Path(django.forms.__file__).parent / "jinja2"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
