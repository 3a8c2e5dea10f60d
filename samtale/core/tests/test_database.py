"""Every PostgreSQL connection gets the planner's price of an index read
(``samtale.core.database``)."""

from __future__ import annotations

import pytest
from django.db import connection, connections
from django.test.utils import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_a_new_connection_gets_the_random_page_cost():
    def shown() -> str:
        fresh = connections.create_connection("default")  # connection_created is sent
        try:
            with fresh.cursor() as cursor:
                cursor.execute("SHOW random_page_cost")
                return cursor.fetchone()[0]
        finally:
            fresh.close()

    assert shown() == "1.1"
    with override_settings(DATABASE_RANDOM_PAGE_COST=2.5):
        assert shown() == "2.5"
    with override_settings(DATABASE_RANDOM_PAGE_COST=None):
        assert shown() == "4"  # the server's own


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_connection_prepares_its_repeated_queries_by_default():
    """DATABASE_PREPARED_STATEMENTS is on unless set to false: parameters bound by the
    server, and a query sent a sixth time runs as a prepared statement."""
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            for n in range(6):
                cursor.execute("SELECT %s + 1", [n])
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            prepared = cursor.fetchone()[0]
        assert fresh.settings_dict["OPTIONS"].get("server_side_binding") is True
        assert prepared >= 1
    finally:
        fresh.close()
