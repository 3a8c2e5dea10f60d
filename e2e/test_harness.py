"""The harness itself: axe really runs and reports violations readably, and a page
wider than the screen or a table outside a scrolling region fails."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e.axe import check_a11y
from e2e.devices import on_phone

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


PHONE_PAGE = """<!DOCTYPE html><html lang="da"><head><title>Bred</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>.wide { width: 600px; } .scroll { overflow-x: auto; }</style></head><body><main>
<h1>Bred</h1>
<div class="scroll table--responsive-scroll" role="region" aria-label="Tal" tabindex="0">
<table class="wide"><caption>Tal</caption>
<tr><th scope="col">Et</th></tr><tr><td>1</td></tr></table>
</div>
<p id="long">kort</p>
</main></body></html>"""


@on_phone
def test_check_a11y_passes_a_wide_table_that_scrolls_by_itself(page: Page) -> None:
    page.set_content(PHONE_PAGE)
    check_a11y(page)


@on_phone
def test_check_a11y_fails_a_page_wider_than_the_phone(page: Page) -> None:
    page.set_content(PHONE_PAGE.replace('<p id="long">', '<p id="long" class="wide">'))
    with pytest.raises(pytest.fail.Exception) as failed:
        check_a11y(page)
    message = str(failed.value)
    assert "px wide on a 390 px screen" in message, message
    assert "p#long.wide (right edge at" in message, message


def test_check_a11y_fails_a_table_outside_a_scrolling_region(page: Page) -> None:
    page.set_content(PHONE_PAGE.replace('role="region" ', ""))
    with pytest.raises(pytest.fail.Exception) as failed:
        check_a11y(page)
    assert "tables outside a scrolling region" in str(failed.value)
    assert "\n  Tal" in str(failed.value)
