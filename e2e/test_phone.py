"""Samtale on a phone (390 x 844, touch). The main menu, the user's name, "Log af" and
the language are behind DKFDS's menu button, in the menu drawer; on a desktop the bar
looks as before. Every main page, and what is one click below it, fits the screen
(``check_a11y`` fails a page wider than the screen) and passes axe, for several
personas.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_phone
from e2e.navigation import MAIN_MENU, MENU_DIALOG, logout_button, main_menu, menu_button
from e2e.test_login_and_browse import open_home_logged_in
from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.development import services as plan_services
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.e2e

CLOSE_MENU = re.compile(r"^(Luk menuen|Close the menu)$")
MY_PEOPLE = re.compile(r"^(Mine medarbejdere|My people)$")
PHONE_PERSONAS = ["employee", "leader", "hr", "admin"]
# Pages one click below the main pages, per persona: enough to meet every kind of page
# (a conversation, a unit, a person, a form) without visiting every row.
PAGES_BELOW = 10


@on_phone
def test_the_menu_on_a_phone(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "leader")
    button = menu_button(page)
    menu = page.get_by_role("dialog", name=MENU_DIALOG)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-haspopup", "dialog")
    expect(menu).to_be_hidden()
    # The bar's menu, name and "Log af" do not fit a phone: only the button shows.
    expect(page.get_by_role("navigation", name=MAIN_MENU)).to_be_hidden()
    expect(logout_button(page)).to_be_hidden()

    button.tap()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    assert button.get_attribute("aria-controls") == menu.get_attribute("id")
    close = menu.get_by_role("button", name=CLOSE_MENU)
    expect(close).to_be_focused()
    expect(menu.get_by_text("Lene Leder")).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    expect(menu.get_by_role("button", name="English")).to_be_visible()
    check_a11y(page)  # the open menu

    close.tap()
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()

    # A main menu link takes you there, and the menu marks where you are.
    main_menu(page).get_by_role("link", name=MY_PEOPLE).tap()
    expect(page).to_have_url(re.compile(r"/samtaler/mine-medarbejdere/$"))
    expect(menu).to_be_hidden()
    check_a11y(page)
    expect(main_menu(page).get_by_role("link", name=MY_PEOPLE)).to_have_attribute(
        "aria-current", "page"
    )
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()

    # The language switch is in the menu too.
    main_menu(page)
    menu.get_by_role("button", name="English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/samtaler/mine-medarbejdere/$"))
    check_a11y(page)

    # And "Log out" logs out.
    main_menu(page)
    logout_button(page).tap()
    expect(page).to_have_url(re.compile(r"/login/$"))
    check_a11y(page)


def test_the_bar_on_a_desktop(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "leader")
    expect(menu_button(page)).to_be_hidden()
    expect(page.get_by_role("navigation", name=MAIN_MENU)).to_be_visible()
    expect(
        page.get_by_role("banner").get_by_text("Lene Leder").filter(visible=True)
    ).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    expect(page.get_by_role("dialog", name=MENU_DIALOG)).to_be_hidden()


def some_conversations(personas: Any) -> None:
    """Conversations for the lists to show: the employee's MUS held, with a goal in its
    development plan, and the team's GRUS invited."""
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    soon = timezone.now() + datetime.timedelta(hours=1)
    services.invite(mus, by=host(mus), starts_at=soon, location="Mødelokale Mælkebøtten")
    services.mark_held(mus, by=host(mus))
    plan_services.add_item(
        mus, by=actor(personas.leader), goal="Styrke sprogarbejdet med de yngste børn"
    )
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    services.invite(grus, by=host(grus), starts_at=soon, location="Personalestuen")


def links_in(page: Page, selector: str) -> list[str]:
    """The site's own pages that the links in ``selector`` lead to (no downloads, no
    Django admin, no fragments)."""
    hrefs: list[str] = page.eval_on_selector_all(
        f"{selector} a[href]:not([download])", "links => links.map(a => a.href)"
    )
    paths = []
    for href in hrefs:
        url = urlparse(href)
        if url.netloc == urlparse(page.url).netloc and not url.path.startswith("/admin/"):
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def kind_of_page(path: str) -> str:
    """/samtaler/12/ and /samtaler/13/ are the same kind of page."""
    return re.sub(r"\d+", "N", path)


@on_phone
@pytest.mark.parametrize("persona", PHONE_PERSONAS)
def test_every_main_page_fits_a_phone(page: Page, personas: Any, persona: str) -> None:
    some_conversations(personas)
    open_home_logged_in(page, personas, persona)
    main_pages = links_in(page, ".navigation-menu-mobile")
    assert main_pages, "the menu drawer has no links"
    seen = {kind_of_page(path) for path in main_pages}
    below: list[str] = []
    for path in main_pages:
        page.goto(path)
        check_a11y(page)
        for link in links_in(page, "main"):
            if kind_of_page(link) not in seen:
                seen.add(kind_of_page(link))
                below.append(link)
    for path in below[:PAGES_BELOW]:
        page.goto(path)
        check_a11y(page)
