"""Browser test fixtures: one Chromium per test process (per xdist worker), a fresh
context and page per test, the live server, and the rule that every page a test loads
is checked with axe.

Chromium: $CHROMIUM, else ``chromium`` on PATH, else /usr/bin/chromium (Debian's
package). Without it every browser test is skipped with the reason; scripts/run-tests
turns that skip into a failure under CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    sync_playwright,
)

from e2e.axe import AXE_JS, checked_documents
from e2e.devices import CONTEXT_OPTIONS, DESKTOP

# Playwright's sync API runs an asyncio event loop in the main thread; Django's
# async-safety check would then refuse every ORM call made by the tests (and by the
# database set-up). Django reads this when it checks, so setting it here is in time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 15_000

# Gives every top-level document an id, and reports it to the test once it is parsed,
# so the ``page`` fixture knows which documents were loaded and which were checked.
_TRACK_DOCUMENTS = """
if (window === window.top && !window.__e2eDoc) {
  window.__e2eDoc = Date.now().toString(36) + Math.random().toString(36).slice(2);
  const report = () => window.__e2eLoaded(window.__e2eDoc, location.href);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', report);
  } else {
    report();
  }
}
"""


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "browser tests: no chromium (set CHROMIUM, or apt-get install chromium)",
        )
    browser = playwright_instance.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def personas(transactional_db: None, personas: Any) -> Any:
    """The named personas, committed so the live server's thread sees them. Before each
    test the database is put back as the migrations left it (kinds of conversation,
    default forms) with the personas in it: on SQLite a copy of the database saved once
    (samtale.testing.worlds)."""
    return personas


@pytest.fixture
def device(request: pytest.FixtureRequest) -> str:
    """The screen the test's page has: "desktop", or "phone" for a test parametrized
    with ``e2e.devices.on_phone`` / ``on_desktop_and_phone``."""
    name: str = getattr(request, "param", DESKTOP)
    if name not in CONTEXT_OPTIONS:
        raise ValueError(f"unknown device {name!r}; one of {sorted(CONTEXT_OPTIONS)}")
    return name


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: Any,
    device: str,
    transactional_db: None,
) -> Generator[Page]:
    """A page in a fresh browser context (Danish browser, the live server as base URL)
    on the test's ``device``: a desktop window, or a phone (e2e/devices.py).

    After the test: fails if a document the test loaded was never checked with
    ``check_a11y(page)``, if the server answered 5xx, or if a static file was missing.
    """
    # The site's Content-Security-Policy stays in force: axe comes in as an init script,
    # which CSP does not govern, and any violation the browser reports fails the test.
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", **CONTEXT_OPTIONS[device]
    )
    context.set_default_timeout(TIMEOUT_MS)
    loaded: dict[str, str] = {}
    bad_responses: list[str] = []

    def document_loaded(source: Any, doc: str, url: str) -> None:
        if url.startswith("http"):  # not the empty about:blank a new page starts with
            loaded[doc] = url

    def response_seen(response: Response) -> None:
        path = response.url.removeprefix(live_server.url)
        if response.status >= 500 or (response.status >= 400 and path.startswith("/static/")):
            bad_responses.append(f"{response.status} {response.request.method} {path}")

    def console_message(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    csp_violations: list[str] = []
    context.expose_binding("__e2eLoaded", document_loaded)
    context.add_init_script(_TRACK_DOCUMENTS)
    context.add_init_script(path=AXE_JS)
    page = context.new_page()
    page.on("response", response_seen)
    page.on("console", console_message)
    checked_documents[page] = set()
    try:
        yield page
        call = getattr(request.node, "e2e_report_call", None)
        if call is None or not call.passed:
            return
        problems: list[str] = []
        if csp_violations:
            problems.append("Content-Security-Policy violations:\n  " + "\n  ".join(csp_violations))
        if bad_responses:
            problems.append("The server answered with errors:\n  " + "\n  ".join(bad_responses))
        if not page.is_closed() and page.url.startswith("http"):
            # The document on screen (this round trip also delivers pending bindings).
            current = page.evaluate("() => window.__e2eDoc || null")
            if current and current not in loaded:
                loaded[current] = page.url
        unchecked = [url for doc, url in loaded.items() if doc not in checked_documents[page]]
        if unchecked:
            problems.append(
                "Pages loaded but never checked with check_a11y(page):\n  " + "\n  ".join(unchecked)
            )
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)
    finally:
        checked_documents.pop(page, None)
        context.close()
