"""Fixtures every test may use. Settings: samtale.testing.settings.

Worlds (samtale.testing.worlds): ``personas`` and the other worlds are built once per
test process; each test runs in a savepoint on top of the worlds it asks for."""

from collections.abc import Iterator
from typing import Any

import pytest

from samtale.testing import worlds


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (the head counts, the follow-up days, the
    published forms, the pages' kept parts): a rolled-back database must not meet what
    an earlier test cached."""
    from django.core.cache import caches

    from samtale.questionnaires.queries import forget_published_forms

    for cache in caches.all():
        cache.clear()
    forget_published_forms()


@worlds.world()
def personas() -> Any:
    """The named personas (samtale.testing.personas): one person in every role."""
    from samtale.testing.personas import build_personas

    return build_personas()


@worlds.world(on="personas")
def emmas_held_mus(personas: Any) -> Any:
    """Emma's MUS with Lene, invited and marked as held (samtale.testing.factories.held)."""
    from samtale.testing import factories

    return factories.held("mus", person=personas.employee)


@pytest.fixture(scope="session")
def _worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[worlds.Stack]:
    """The worlds open in this test process's database (per xdist worker)."""
    stack = worlds.Stack(django_db_blocker)
    yield stack
    stack.close()


@pytest.fixture
def _test_worlds(request: pytest.FixtureRequest, _worlds: worlds.Stack) -> Iterator[None]:
    """Open the worlds this test asks for (and only those); before a committing test,
    put the database back as the migrations left it, with its worlds."""
    with _worlds.test(request):
        yield


@pytest.fixture
def _django_db_helper(_test_worlds: None, _django_db_helper: None) -> None:
    """pytest-django's per-test transaction (the same name: this wraps it), begun after
    ``_test_worlds`` has opened the test's worlds, so it is a savepoint on top of them."""
    return _django_db_helper


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's order, the tests of one world one after another (the sort
    keeps pytest-django's groups and, within a world, the order of the files)."""
    items.sort(key=worlds.order)


@pytest.fixture
def client_as(client, personas):
    """``client_as("leader")`` gives a test client logged in as that persona."""

    def login(name: str):
        client.logout()
        user = personas.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, stopped after the test.
    ``smtp_server.messages`` are the received e-mails; ``smtp_server.mailers_setting()``
    points Django's MAILERS at it."""
    from samtale.testing.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_cache():
    """A Redis server (``redis-server``) on 127.0.0.1 and a free port as the default
    cache, as ``CACHE_URL=redis://...`` sets it; stopped after the test. Without
    ``redis-server`` the test is skipped (with CI=true: fails)."""
    import os

    from django.test.utils import override_settings

    from samtale.lib.env import env_cache
    from samtale.testing.redis import RedisMissing, RedisServer

    server = RedisServer()
    try:
        server.start()
    except RedisMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    try:
        setting = env_cache("CACHE_URL", "samtale-test", environ={"CACHE_URL": server.url})
        with override_settings(CACHES={"default": setting}):
            yield server
    finally:
        server.stop()
