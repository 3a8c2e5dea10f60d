"""What every page must do when it is only opened (GET): write no row besides the read
log and the session, and tell the browser not to keep it (docs/access.md, "Shared PCs").
The access matrices open each of their pages for every persona allowed through this."""

from __future__ import annotations

from typing import Any

from django.test.utils import CaptureQueriesContext

# A page may record that it was read (the read log) and keep the login alive (sessions).
MAY_WRITE = ('"access_readlog"', '"django_session"')


def writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that inserted, changed or deleted rows other than those allowed."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and not any(table in q["sql"] for table in MAY_WRITE)
    ]


def assert_safe_and_private(response: Any, queries: CaptureQueriesContext, who: str) -> None:
    assert response.status_code in (200, 302), f"{who}: {response.status_code}"
    assert writes(queries) == [], f"{who} wrote rows by opening the page"
    assert "no-store" in response.get("Cache-Control", ""), f"{who}: the page may be cached"
