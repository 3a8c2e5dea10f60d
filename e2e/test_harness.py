"""The harness itself: axe really runs and reports violations readably."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e.axe import check_a11y

pytestmark = pytest.mark.e2e

BROKEN = """<!DOCTYPE html><html><head><title>Broken</title></head><body>
<main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main>
</body></html>"""


def test_check_a11y_reports_violations(page: Page) -> None:
    page.set_content(BROKEN)
    with pytest.raises(pytest.fail.Exception) as failed:
        check_a11y(page)
    message = str(failed.value)
    for rule in ("html-has-lang", "image-alt", "label"):
        assert f"- {rule} [" in message, message
    assert "WCAG 2.1 A/AA violation" in message


def test_check_a11y_passes_a_clean_page(page: Page) -> None:
    page.set_content(
        BROKEN.replace("<html>", '<html lang="da">')
        .replace("<img ", '<img alt="" ')
        .replace('<input type="text">', '<label>Navn <input type="text"></label>')
    )
    check_a11y(page)
