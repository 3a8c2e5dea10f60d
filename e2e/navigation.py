"""Reaching the main menu and the user's controls the way a person does: in the bar on
a wide screen; on a phone, through DKFDS's menu button, which opens the menu drawer."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

MAIN_MENU = re.compile(r"^(Hovedmenu|Main menu)$")
MENU_BUTTON = re.compile(r"^Menu$")
MENU_DIALOG = re.compile(r"^Menu$")


def menu_button(page: Page) -> Locator:
    """The menu button in the header (visible on a phone only)."""
    return page.get_by_role("banner").get_by_role("button", name=MENU_BUTTON)


def open_menu(page: Page) -> None:
    """On a phone, open the menu drawer (if it is not open); on a wide screen the menu
    is always there and nothing happens."""
    # DKFDS's script binds the button once the document is parsed (deferred scripts).
    page.wait_for_load_state("domcontentloaded")
    button = menu_button(page)
    if not button.is_visible() or button.get_attribute("aria-expanded") == "true":
        return
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("dialog", name=MENU_DIALOG)).to_be_visible()


def main_menu(page: Page) -> Locator:
    """The main menu navigation as the person sees it (opening the drawer on a phone)."""
    open_menu(page)
    return page.get_by_role("navigation", name=MAIN_MENU)


def logout_button(page: Page) -> Locator:
    """The visible log-out button, found by its form whatever the translation says.
    Call ``open_menu`` first on a phone."""
    return page.locator("form[action='/logout/']").get_by_role("button")
