"""HR's workbook of development plans in the browser, axe on every page (desktop and
phone): HR follows the home page's link, asks for the workbook (written at once by the
immediate task backend in the tests), downloads it once ready and finds the goal in it.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, switch_to

pytestmark = pytest.mark.e2e

GOAL = "Styrke sprogarbejdet i vuggestuen"


def plan(personas: Any) -> None:
    from samtale.access.viewer import acting_as
    from samtale.development import services
    from samtale.testing import factories

    held = factories.held("mus", person=personas.employee)
    services.add_item(held, by=acting_as(personas.leader), goal=GOAL)


@on_desktop_and_phone
def test_hr_asks_for_the_workbook_and_downloads_it(
    page: Page, personas: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    plan(personas)
    switch_to(page, personas, "hr")
    link(
        page,
        "Udviklingsplaner og aktiviteter i dit område",
        "Development plans and activities in your area",
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Udviklingsplaner og aktiviteter i dit område"
    )
    expect(page.locator("#plan-export-status")).to_have_text(
        "Du har ikke bestilt et regneark endnu."
    )
    check_a11y(page)
    button(page, "Dan regnearket", "Write the workbook").click()
    expect(page.locator("#plan-export-status")).to_contain_text("Dit regneark er klar.")
    check_a11y(page)
    with page.expect_download() as download:
        link(page, "Hent regnearket", "Download the workbook").click()
    assert download.value.suggested_filename.startswith("udviklingsplaner-")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["Udviklingsmål"].iter_rows(values_only=True))
    assert rows[1][0] == "Emma Ansat" and rows[1][6] == GOAL


def test_the_page_follows_a_workbook_written_by_the_worker(
    page: Page, personas: Any, settings: Any, tmp_path: Any
) -> None:
    """Asked for while no worker runs: the page waits, and says so once the worker has
    written it (the page polls; only the status sentence changes)."""
    from samtale.access.viewer import acting_as
    from samtale.development import exporting
    from samtale.development.models import PlanExport

    settings.MEDIA_ROOT = tmp_path
    plan(personas)
    hr = acting_as(personas.hr)
    row = PlanExport.objects.create(by=personas.hr, by_user=hr.user, scope=list(hr.hr_paths))
    switch_to(page, personas, "hr")
    page.goto("/udviklingsplan/eksport/")
    status = page.get_by_role("status")
    expect(status).to_have_text("Dit regneark venter på at blive dannet.")
    check_a11y(page)
    exporting.execute(row.pk)  # what the worker does
    expect(status).to_contain_text("Dit regneark er klar.", timeout=10_000)
    check_a11y(page)
    with page.expect_download() as download:
        link(page, "Hent regnearket", "Download the workbook").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert list(book["Udviklingsmål"].iter_rows(values_only=True))[1][6] == GOAL
