"""What every page must do when it is only opened (GET or HEAD): write no row besides the
read log and the session, and tell the browser not to keep it (docs/access.md, "Shared
PCs").

Two checks use the one list below (``MAY_WRITE``):

- ``ReadOnlyGetMiddleware``, first in the test settings' middleware, fails every GET and
  HEAD that any test makes (the test client's and the browser tests' live server alike)
  the moment it inserts, changes or deletes a row of any other table, naming the
  statement and the URL. A view that needs a write when it is opened is wrong: compute
  without storing, or move the write to a POST, a background job or a command. The few
  pages whose GET must write are named with their reason in ``MAY_WRITE_AT``.
- ``assert_safe_and_private``: the access matrices open each of their pages for every
  persona and also check that the page is not kept by the browser."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponseBase
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

# The tables a GET may write, each with the reason. Add one only with its reason here.
MAY_WRITE: dict[str, str] = {
    # A page records that it was read: the read log is the point of opening it
    # (samtale.access.readlog; docs/access.md).
    "access_readlog": "the read log records who read what",
    # Any request may keep the login alive (the idle timeout's last-seen time, the
    # session's expiry) or carry a message to the next page.
    "django_session": "the session is kept alive and carries messages",
    # "table.column": an UPDATE that sets only such columns. An identity system's SCIM
    # GETs use its token like any other request, and the token page shows when it was
    # last used (an administrator sees that Entra ID's "Test connection" reached
    # Samtale): the stamp is the token's own bookkeeping, like the session's last-seen
    # time, and a background job would write it just the same (samtale.scim.tokens).
    "scim_scimtoken.last_used_at": "a SCIM token's last use, shown on the token page",
    # A session that may no longer be used ends on whatever request comes next (a person
    # who has left, a deactivated login: samtale.access.middleware.ViewerMiddleware), and
    # django-axes stamps the login's record with the time of that logout.
    "axes_accesslog.logout_time": "the logout of a session that may no longer be used",
}

# The pages whose GET must write more, by URL name, each with the reason. Add one only
# when the write cannot move to a POST, a background job or a command.
MAY_WRITE_AT: dict[str, str] = {
    # Single sign-on's redirect back from the provider is a GET by the protocol (OpenID
    # Connect's code flow answers in the query string) and is the login itself: it binds
    # the login to the provider's subject (access_oidcidentity), makes or links the login
    # (access_user, its last_login), counts a refused login (django-axes) and logs the
    # link for the person to see.
    "oidc_authentication_callback": "the login itself, a GET by the OpenID Connect protocol",
}

SAFE_METHODS = ("GET", "HEAD")

# The table an INSERT, UPDATE or DELETE writes (SQLite's and PostgreSQL's spelling as
# Django writes it, and raw SQL of the same shape), after any leading comment or CTE.
_WRITES = re.compile(
    r"""\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|MERGE\s+INTO)
        \s+(?:ONLY\s+)?"?(?P<table>[\w.]+)"?""",
    re.IGNORECASE | re.VERBOSE,
)
_LEADING = re.compile(r"^\s*(?:/\*.*?\*/\s*|--[^\n]*\n\s*)*", re.DOTALL)


def written_tables(sql: str) -> list[str]:
    """The tables a statement inserts into, changes or deletes from ([] for a read)."""
    statement = _LEADING.sub("", sql)
    keyword = statement[:7].upper()
    if keyword.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")):
        found = _WRITES.match(statement)
        return [found["table"]] if found else ["?"]
    if keyword.startswith("WITH"):  # a CTE may write (WITH ... INSERT/UPDATE/DELETE)
        return [m["table"] for m in _WRITES.finditer(statement)]
    return []


_SET = re.compile(r"""^\s*UPDATE\s+"?[\w.]+"?\s+SET\s+(?P<set>.*?)\s+WHERE\b""", re.I | re.S)
_COLUMN = re.compile(r"""(?:^|,)\s*"?(\w+)"?\s*=""")


def forbidden(sql: str) -> bool:
    """Whether a statement writes a table (or, for an UPDATE, a column) that a GET may
    not write."""
    tables = [table for table in written_tables(sql) if table not in MAY_WRITE]
    if len(tables) == 1 and (found := _SET.match(_LEADING.sub("", sql))):
        columns = _COLUMN.findall(found["set"])
        return not columns or any(f"{tables[0]}.{column}" not in MAY_WRITE for column in columns)
    return bool(tables)


def writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that inserted, changed or deleted rows other than those allowed."""
    return [q["sql"] for q in queries.captured_queries if forbidden(q["sql"])]


def assert_safe_and_private(response: Any, queries: CaptureQueriesContext, who: str) -> None:
    assert response.status_code in (200, 302), f"{who}: {response.status_code}"
    assert writes(queries) == [], f"{who} wrote rows by opening the page"
    assert "no-store" in response.get("Cache-Control", ""), f"{who}: the page may be cached"


class WroteOnGet(AssertionError):
    """A GET or HEAD wrote a row it may not write (``MAY_WRITE``)."""


class _Guard:
    """An ``execute_wrapper`` that refuses forbidden writes, and remembers them in case
    the view swallows the exception."""

    def __init__(self, request: HttpRequest) -> None:
        self.where = f"{request.method} {request.get_full_path()}"
        self.refused: list[str] = []
        # The browser tests' live server shares the test's SQLite connection with its
        # threads: only the request's own thread is watched.
        self.thread = threading.get_ident()

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if threading.get_ident() == self.thread and forbidden(sql):
            self.refused.append(f"{sql}  -- {str(params)[:200]}" if params else sql)
            raise self.failure()
        return execute(sql, params, many, context)

    def failure(self) -> WroteOnGet:
        return WroteOnGet(
            f"{self.where} wrote a row: a GET or HEAD may write only "
            f"{', '.join(sorted(MAY_WRITE))} (samtale.testing.safepages).\n"
            + "\n".join(self.refused)
        )

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            for connection in connections.all(initialized_only=False):
                stack.enter_context(connection.execute_wrapper(self))
            yield

    def streamed(self, content: Iterable[Any]) -> Iterator[Any]:
        """A streamed answer's parts, made under the guard too."""
        with self.watching():
            yield from content
        if self.refused:
            raise self.failure()


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class ReadOnlyGetMiddleware:
    """Tests only (samtale.testing.settings): a GET or HEAD that writes any row but the
    read log and the session fails the request with the statement and the URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in SAFE_METHODS or _url_name(request) in MAY_WRITE_AT:
            return self.get_response(request)
        guard = _Guard(request)
        with guard.watching():
            response = self.get_response(request)
        if guard.refused:
            raise guard.failure()
        if response.streaming:
            response.streaming_content = guard.streamed(response.streaming_content)  # type: ignore[attr-defined]
        return response
