"""The competence overview in the browser, axe on every page: HR opens the heatmap of
its area, reads the table (its caption, headers and numbers as text), and drills down
to a unit; a leader sees their own people by name with their gaps."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import switch_to
from samtale.testing.competences import build_gap_world

pytestmark = pytest.mark.e2e


@on_desktop_and_phone
def test_hr_reads_the_heatmap_and_drills_down(page: Page, personas: Any) -> None:
    build_gap_world(personas)
    switch_to(page, personas, "hr")
    page.get_by_role(
        "link", name=re.compile("Kompetenceoverblik|Competence overview")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Børn og Unge")
    check_a11y(page)
    table = page.locator("#heatmap")
    expect(table.locator("caption")).to_contain_text("Børn og Unge")
    expect(table.get_by_role("columnheader", name="Samarbejde")).to_be_visible()
    # Every number is text; hidden ones say why to a screen reader.
    expect(table.get_by_role("rowheader", name="Dagtilbud Nord")).to_be_visible()
    assert "–" in table.inner_text() or "%" in table.inner_text()
    # No names above a leader's own people.
    expect(page.get_by_text("Emma Ansat")).to_have_count(0)

    table.get_by_role("link", name="Dagtilbud Nord").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dagtilbud Nord")
    check_a11y(page)
    heat = page.locator("#heatmap")
    expect(heat.get_by_role("link", name="Børnehuset Solsikken")).to_be_visible()
    expect(
        page.get_by_role("navigation", name=re.compile("Enhederne over|Units above"))
    ).to_contain_text("Børn og Unge")
    heat.get_by_role("link", name="Børnehuset Solsikken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Børnehuset Solsikken")
    check_a11y(page)
    expect(page.get_by_role("link", name=re.compile("XLSX"))).to_be_visible()


@on_desktop_and_phone
def test_a_leader_sees_their_own_people_with_their_gaps(page: Page, personas: Any) -> None:
    build_gap_world(personas)
    switch_to(page, personas, "leader")
    page.get_by_role("link", name=re.compile("kompetencegab|Competence gaps")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Børnehuset Solsikken")
    check_a11y(page)
    people = page.locator("#people")
    expect(people.get_by_role("rowheader", name=re.compile("Emma Ansat"))).to_be_visible()
    emma = people.get_by_role("row", name=re.compile("Emma Ansat"))
    expect(emma).to_contain_text("Samarbejde 3/4")
    expect(page.get_by_role("link", name=re.compile("XLSX"))).to_have_count(0)
