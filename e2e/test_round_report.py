"""The round's report in the browser, axe on every page (on a desktop and on a phone): HR
follows the round page's link to the status report, closes the round and downloads the
closing report as PDF and spreadsheet; the leader reads theirs from the information
page; TR reads the counts without names.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, switch_to
from samtale.testing.pdf import pdf_text

pytestmark = pytest.mark.e2e

NAME = "MUS i Dagtilbud Nord"


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    check_a11y(page)


def running_round(personas: Any) -> int:
    from samtale.access.viewer import acting_as
    from samtale.rounds import services
    from samtale.testing import factories

    hr = acting_as(personas.hr)
    today = timezone.localdate()
    factories.held("mus", person=personas.employee)
    round_ = services.create_round(
        by=hr,
        name=NAME,
        year=today.year,
        units=[personas.units["DN"]],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
    )
    return services.announce(round_, by=hr, override_reason="Test").pk


@on_desktop_and_phone
def test_hr_reads_the_report_closes_the_round_and_downloads_it(page: Page, personas: Any) -> None:
    pk = running_round(personas)
    switch_to(page, personas, "hr")
    page.goto(f"/runder/{pk}/")
    heading(page, NAME)
    link(page, "Statusrapporten", "The status report").click()
    heading(page, f"Statusrapport: {NAME}")
    expect(page.get_by_text("Kasper Kollega").first).to_be_visible()

    page.goto(f"/runder/{pk}/")
    heading(page, NAME)
    button(page, "Luk runden", "Close the round").click()
    heading(page, NAME)
    link(page, "Den afsluttende rapport", "The closing report").click()
    heading(page, f"Afsluttende rapport: {NAME}")

    with page.expect_download() as download:
        link(page, "Hent som PDF", "Download as PDF").click()
    text = " ".join(pdf_text(download.value.path().read_bytes()).split())
    assert f"Afsluttende rapport: {NAME}" in text
    assert "Kasper Kollega" in text

    with page.expect_download() as download:
        link(page, "Hent som regneark", "Download as spreadsheet").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Enheder"
    assert "Kasper Kollega" in [r[2] for r in book["Ikke afholdt"].iter_rows(values_only=True)]


@on_desktop_and_phone
def test_the_leader_and_tr_read_their_part(page: Page, personas: Any) -> None:
    pk = running_round(personas)
    switch_to(page, personas, "leader")
    page.goto(f"/runder/{pk}/information/")
    heading(page, NAME)
    link(page, "Statusrapporten", "The status report").click()
    heading(page, f"Statusrapport: {NAME}")
    expect(page.get_by_text("Kasper Kollega").first).to_be_visible()

    switch_to(page, personas, "tr")
    page.goto(f"/runder/{pk}/rapport/")
    heading(page, f"Statusrapport: {NAME}")
    expect(
        page.get_by_text(re.compile("som tal, uden navne|as counts, without names"))
    ).to_be_visible()
    expect(page.get_by_text("Kasper Kollega")).to_have_count(0)
