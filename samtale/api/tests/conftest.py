"""Fixtures for the API tests: an MUS (Emma with Lene) and a GRUS (Lene with the team
Stue Mariehønen: Emma and Kasper), and a GET as a persona."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from samtale.api.tests.helpers import Conversations, planned
from samtale.testing import worlds


@worlds.world(on="personas")
def conversations(personas: Any) -> Conversations:
    """The MUS and the GRUS, invited (samtale.testing.worlds)."""
    return Conversations(
        mus=planned("mus", person=personas.employee),
        grus=planned("grus", team=personas.teams["stue"]),
    )


@pytest.fixture
def api_get(client_as: Callable[[str], Client]) -> Callable[[str, str], Any]:
    """``api_get("leader", url)``: the response to a GET as that persona (or anonymous)."""

    def get(persona: str, url: str) -> Any:
        return client_as(persona).get(url)

    return get
