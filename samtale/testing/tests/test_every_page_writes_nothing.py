"""Every page and API endpoint without a parameter in its address, opened (GET) by each
kind of visitor, writes no row: the test settings' guard
(``samtale.testing.safepages.ReadOnlyGetMiddleware``) fails the request that does. Pages
with parameters are opened by their apps' own tests (the access matrices open each for
every persona), under the same guard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from samtale.testing.safepages import MAY_WRITE_AT

pytestmark = pytest.mark.django_db

# A visitor of each kind: nobody, a person, a leader, HR, an administrator.
VISITORS = ("anonymous", "employee", "leader", "hr", "admin")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif "<" not in route and "(?P" not in route and pattern.name not in MAY_WRITE_AT:
            yield "/" + route.lstrip("^").rstrip("$")


def routes() -> list[str]:
    return sorted(set(_routes(get_resolver().url_patterns)))


def test_the_sweep_finds_the_pages():
    found = routes()
    assert len(found) > 50
    assert "/privatliv/mine-data/" in found and "/api/v1/me" in found


@pytest.mark.parametrize("visitor", VISITORS)
def test_opening_every_page_writes_nothing(client_as, visitor):
    client = client_as(visitor)
    for route in routes():
        response = client.get(route)  # the guard raises on a write
        assert response.status_code < 500, route
        if response.streaming:
            b"".join(response.streaming_content)  # made under the guard too
