"""Fixtures every test may use. Settings: samtale.testing.settings."""

import pytest


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (the head counts, the follow-up days, the
    published forms): a rolled-back database must not meet what an earlier test cached."""
    from django.core.cache import cache

    from samtale.questionnaires.queries import forget_published_forms

    cache.clear()
    forget_published_forms()


@pytest.fixture
def personas(db):
    """The named personas (samtale.testing.personas): one person in every role."""
    from samtale.testing.personas import build_personas

    return build_personas()


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
