"""HR and administrator pages in the browser, axe on each: kinds of conversation,
editing a kind, inviting an external chief (board chair), the calendar page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.org.models import Person

pytestmark = pytest.mark.e2e


def test_admin_edits_a_kind_and_invites_a_board_chair(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("admin").email)
    check_a11y(page)
    page.get_by_role("link", name=re.compile(r"^(Samtaletyper|Kinds of conversation)$")).click()
    check_a11y(page)
    page.get_by_role("link", name="MUS", exact=True).click()  # not "MUS-runder" in the menu
    check_a11y(page)
    page.get_by_role("button", name=re.compile(r"^(Gem|Save)$")).click()
    check_a11y(page)

    page.goto("/organisation/eksterne/inviter/")
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Navn|Name)")).fill("Bodil Bestyrelse")
    page.get_by_label(re.compile(r"^(E-mail)")).fill("bodil@bestyrelse.dk")
    select = page.get_by_label(re.compile(r"^(Overordnet for disse ledere|Chief of these leaders)"))
    ellen = select.locator("option", has_text="Ellen Egely").first.get_attribute("value")
    assert ellen is not None
    select.select_option(value=ellen)
    page.get_by_role("button", name=re.compile(r"^(Invitér|Invite)")).click()
    expect(page.get_by_role("status").first).to_contain_text("Bodil Bestyrelse")
    check_a11y(page)
    assert Person.objects.get(email="bodil@bestyrelse.dk").is_external


def test_the_calendar_page(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("employee").email)
    check_a11y(page)
    page.goto("/samtaler/kalender/")
    check_a11y(page)
    page.get_by_role("button").filter(has_text=re.compile(r"(Opret|Create|Lav)")).first.click()
    check_a11y(page)
    expect(page.get_by_text(re.compile(r"webcal://"))).to_be_visible()
