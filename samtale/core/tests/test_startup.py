"""A server process loads its URLconf and translations before its first request."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.template import engines
from django.urls import clear_url_caches, get_resolver

from samtale.core import startup


def test_warm_loads_the_urlconf_and_its_views() -> None:
    clear_url_caches()
    assert "url_patterns" not in get_resolver().__dict__
    startup.warm()
    assert "url_patterns" in get_resolver().__dict__


def test_warm_loads_the_formats_of_every_language() -> None:
    from django.conf import settings
    from django.utils import formats

    formats.reset_format_cache()
    startup.warm()
    loaded: dict[str, Any] = formats._format_modules_cache  # type: ignore[attr-defined]
    for code, _name in settings.LANGUAGES:
        assert loaded.get(code)  # Danish and English have modules of their own


def test_the_wsgi_and_asgi_applications_warm_at_import(monkeypatch: Any) -> None:
    import samtale.asgi
    import samtale.wsgi

    called: list[int] = []
    monkeypatch.setattr(startup, "warm", lambda: called.append(1))
    importlib.reload(samtale.wsgi)
    importlib.reload(samtale.asgi)
    assert called == [1, 1]


@pytest.mark.django_db  # warm connects to the database for the first request
def test_warm_compiles_every_template_of_ours(caplog: Any) -> None:
    names = startup.template_names()
    assert "base.html" in names
    assert "competences/overview.html" in names
    assert not any(name.startswith("admin/base.html") for name in names)  # not Django's
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    loader.reset()  # the cached loader forgets what it compiled
    startup.warm()
    assert not [r for r in caplog.records if r.name == startup.logger.name]
    assert {"base.html", "competences/overview.html"} <= set(loader.get_template_cache)


def test_a_template_that_does_not_compile_is_logged_not_fatal(
    monkeypatch: Any, caplog: Any
) -> None:
    monkeypatch.setattr(startup, "template_names", lambda: ["no/such/template.html"])
    startup.warm()
    assert "no/such/template.html" in caplog.text


def test_a_cache_that_does_not_answer_is_logged_not_fatal(monkeypatch: Any, caplog: Any) -> None:
    def down(*_args: Any) -> None:
        raise ConnectionError("no Redis")

    monkeypatch.setattr(startup.cache, "get", down)
    startup.warm()
    assert "The cache did not answer at start." in caplog.text


@pytest.mark.django_db
def test_warm_compiles_the_prepared_queries_and_the_widget_templates() -> None:
    from django.forms.renderers import get_default_renderer

    from samtale.conversations import queries
    from samtale.conversations.followups import queries as follow_ups
    from samtale.home import views as home

    for one in (queries._current_of, follow_ups._open_for_leader, home._reports):
        one._compiled.clear()
    environment = get_default_renderer()._jinja2.engine.env  # type: ignore[attr-defined]
    environment.cache.clear()
    startup.warm()
    for one in (queries._current_of, follow_ups._open_for_leader, home._reports):
        assert one._compiled, one
    cached = {key[1] for key in environment.cache}
    assert {"django/forms/widgets/input.html", "django/forms/widgets/select.html"} <= cached


@pytest.mark.django_db
def test_a_prepared_query_that_does_not_compile_is_logged_not_fatal(caplog: Any) -> None:
    from samtale.lib.prepared import Prepared, compile_all
    from samtale.org.models import Person

    refused = Prepared(lambda _value: Person.objects.filter(name="Emma"))
    fine = Prepared(lambda value: Person.objects.filter(pk=value))
    assert compile_all() >= 1
    assert "A prepared query could not be compiled at start." in caplog.text
    assert fine._compiled and not refused._compiled


def test_warm_has_its_connections_closed_before_a_fork(monkeypatch: Any) -> None:
    """A process that forks after warm (gunicorn --preload) closes the connection warm
    opened for the first request; registered once however often warm runs."""
    registered: list[dict[str, Any]] = []
    monkeypatch.setattr(startup, "_registered", False)
    monkeypatch.setattr(startup.os, "register_at_fork", lambda **kw: registered.append(kw))
    startup.warm()
    startup.warm()
    assert registered == [{"before": startup.close_connections}]


def test_before_a_fork_the_connections_outside_a_transaction_are_closed(
    monkeypatch: Any,
) -> None:
    class Connection:
        def __init__(self, in_atomic_block: bool) -> None:
            self.in_atomic_block = in_atomic_block
            self.closed = False

        def close(self) -> None:
            self.closed = True

    idle, busy = Connection(False), Connection(True)
    monkeypatch.setattr(startup.connections, "all", lambda initialized_only=False: [idle, busy])
    startup.close_connections()
    assert idle.closed and not busy.closed


def test_a_database_that_does_not_answer_is_logged_not_fatal(monkeypatch: Any, caplog: Any) -> None:
    from django.db import connections

    def refuse() -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    startup.warm()
    assert "The database did not answer at start." in caplog.text
