"""Fixtures every test may use. Settings: samtale.testing.settings."""

import pytest


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
