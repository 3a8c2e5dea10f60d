"""Finding people and units from the header's search box: the list appears as one types,
is announced, is reached with the arrow keys and closed with Escape; Enter opens the
search page. On a desktop and on a phone, where the box stays in the bar outside the
menu drawer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_login_and_browse import open_home_logged_in

pytestmark = pytest.mark.e2e

SEARCHBOX = re.compile(r"^(Find en person eller enhed|Find a person or unit)$")


def search_box(page: Page) -> Any:
    return page.get_by_role("banner").get_by_role("searchbox", name=SEARCHBOX)


@on_desktop_and_phone
def test_hr_finds_a_person_and_a_unit_as_they_type(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "hr")
    box = search_box(page)
    expect(box).to_be_visible()
    results = page.locator("#samtale-search-results")
    status = page.locator("#samtale-search-status")

    box.press_sequentially("emma an", delay=40)
    emma = results.get_by_role("link", name=re.compile(r"^Emma Ansat"))
    expect(emma).to_be_visible()
    expect(status).to_have_text(re.compile(r"^(Fundet|Found): 1 person\.$"))
    check_a11y(page)  # the open list

    # The arrow keys go into the list and back; Escape closes it.
    box.press("ArrowDown")
    expect(emma).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    box.press("Escape")
    expect(results.get_by_role("link")).to_have_count(0)
    expect(box).to_have_value("emma an")

    # Typing on brings the list back; a result opens the person's page.
    box.press_sequentially("sat", delay=40)
    expect(emma).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emma Ansat")
    check_a11y(page)

    # Units by code; Enter opens the search page with every result.
    box = search_box(page)
    box.press_sequentially("sol", delay=40)
    expect(results.get_by_role("link", name=re.compile(r"^Solsikken Vuggestue"))).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/organisation/soeg/\?q=sol$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^(Find personer og enheder|Find people and units)$")
    )
    expect(page.get_by_role("link", name="Børnehuset Solsikken")).to_be_visible()
    check_a11y(page)


@on_desktop_and_phone
def test_a_leader_finds_only_her_own(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "leader")
    box = search_box(page)
    box.press_sequentially("otto", delay=40)
    expect(page.locator("#samtale-search-status")).to_have_text(
        re.compile(r"^(Ingen personer eller enheder fundet|No people or units found)\.$")
    )
    expect(page.locator("#samtale-search-results").get_by_role("link")).to_have_count(1)
    check_a11y(page)
    # The search page without JavaScript's help: the form on the page.
    page.goto("/organisation/soeg/")
    check_a11y(page)
    field = page.get_by_role("main").get_by_role("searchbox")
    field.fill("tina")
    field.press("Enter")
    expect(page.get_by_role("link", name="Tina Tillid")).to_be_visible()
    check_a11y(page)


def test_when_the_session_has_ended_the_box_goes_to_the_login(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "tr")
    page.context.clear_cookies()
    search_box(page).press_sequentially("emma", delay=40)
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    check_a11y(page)


def test_an_employee_has_no_search_box(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "employee")
    expect(page.get_by_role("searchbox")).to_have_count(0)
