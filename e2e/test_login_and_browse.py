"""Every persona logs in through the real form, sees their home page and browses the
organisation as far as they may; axe checks every page on the way. A few personas do
the same on a phone, through the menu button.

UI strings may be Danish (the default) or English while translations are being
written, so the tests find controls by patterns that accept both, and assert on data
(names of people and units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import DESKTOP, PHONE
from e2e.navigation import logout_button, main_menu, open_menu
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.e2e

LOG_IN = re.compile(r"^(Log ind|Log in)$")
PASSWORD_LABEL = re.compile(r"^(Adgangskode|Password)")
ORGANISATION = re.compile(r"^Organisation$")
HOME = re.compile(r"^(Forside|Home)$")


@dataclass(frozen=True)
class Walk:
    """What a persona sees: their name on the home page, a unit to open from the
    organisation tree (None: the tree is empty for them) and a person to open."""

    name: str | None
    unit: str | None
    person: str
    hidden_unit: str | None = None  # a unit that must not appear in their tree


WALKS: dict[str, Walk] = {
    "employee": Walk("Emma Ansat", "Børnehuset Solsikken", "Kasper Kollega", "Plejecenter Egely"),
    "colleague": Walk("Kasper Kollega", "Børnehuset Solsikken", "Emma Ansat", "Børn og Unge"),
    "leader": Walk("Lene Leder", "Solsikken Vuggestue", "Tina Tillid", "Social og Sundhed"),
    "chief": Walk("Christian Chef", "Dagtilbud Nord", "Christian Chef", "Plejecenter Egely"),
    "board_chair": Walk("Birgit Bestyrelse", None, "Morten Mælkebøtte"),
    "hr": Walk("Hanne Personale", "Dagtilbud Nord", "Christian Chef", "Social og Sundhed"),
    "hr_elsewhere": Walk(
        "Henrik Personale", "Plejecenter Egely", "Otto Udenfor", "Børnehuset Solsikken"
    ),
    "tr": Walk("Tina Tillid", "Solsikken Vuggestue", "Anders Arbejdsmiljø", "Plejecenter Egely"),
    "amr": Walk("Anders Arbejdsmiljø", "Børnehuset Solsikken", "Lene Leder", "Social og Sundhed"),
    "admin": Walk(None, "Social og Sundhed", "Henrik Personale"),
    "outsider": Walk("Otto Udenfor", "Plejecenter Egely", "Ellen Egely", "Børnehuset Solsikken"),
}


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the login form on the page shown now."""
    expect(page.get_by_role("heading", level=1)).to_have_text(LOG_IN)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOG_IN).click()


def open_home_logged_in(page: Page, personas: Any, persona: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    check_a11y(page)
    log_in(page, personas.user(persona).email)
    expect(page).to_have_url(re.compile(r"/$"))
    check_a11y(page)


PHONE_WALKS = ["employee", "leader", "hr", "board_chair"]


@pytest.mark.parametrize(
    ("persona", "device"),
    [(persona, DESKTOP) for persona in WALKS] + [(persona, PHONE) for persona in PHONE_WALKS],
    indirect=["device"],
)
def test_persona_logs_in_and_browses(page: Page, personas: Any, persona: str) -> None:
    walk = WALKS[persona]
    open_home_logged_in(page, personas, persona)
    heading = page.get_by_role("heading", level=1)
    if walk.name:
        expect(heading).to_contain_text(walk.name)
        open_menu(page)  # on a phone the name is in the menu
        expect(
            page.get_by_role("banner").get_by_text(walk.name).filter(visible=True)
        ).to_be_visible()
    else:
        expect(heading).to_have_text(re.compile(r"^(Velkommen|Welcome)$"))
        expect(page.get_by_role("main")).to_contain_text("Eksempel Kommune")

    main_menu(page).get_by_role("link", name=ORGANISATION).click()
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    expect(heading).to_have_text(ORGANISATION)
    check_a11y(page)
    main = page.get_by_role("main")
    if walk.hidden_unit:
        expect(main).not_to_contain_text(walk.hidden_unit)

    if walk.unit is None:
        # Nothing to browse in the tree (a board chair has no unit): the people they
        # lead are on the home page.
        expect(main.get_by_role("link")).to_have_count(0)
        main_menu(page).get_by_role("link", name=HOME).click()
        expect(heading).to_contain_text(walk.name or "")
        check_a11y(page)
    else:
        main.get_by_role("link", name=walk.unit, exact=True).first.click()
        expect(heading).to_have_text(walk.unit)
        expect(page).to_have_url(re.compile(r"/organisation/units/\d+/$"))
        check_a11y(page)

    page.get_by_role("main").get_by_role("link", name=walk.person, exact=True).first.click()
    expect(heading).to_have_text(walk.person)
    expect(page).to_have_url(re.compile(r"/organisation/people/\d+/$"))
    check_a11y(page)


@pytest.mark.parametrize("path", ["/", "/organisation/", "/admin/"])
def test_anonymous_sees_only_the_login_page(page: Page, personas: Any, path: str) -> None:
    page.goto(path)
    check_a11y(page)
    if path == "/admin/":
        # Django's admin has its own login page; it must not show anything either.
        expect(page).to_have_url(re.compile(r"/admin/login/"))
        expect(page.get_by_text("Eksempel Kommune")).to_have_count(0)
        return
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(LOG_IN)
    expect(page.get_by_role("link", name=ORGANISATION)).to_have_count(0)
    expect(logout_button(page)).to_have_count(0)
    # A unit page straight away: still the login page.
    unit = personas.units["SOL"]
    page.goto(f"/organisation/units/{unit.pk}/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    expect(page.get_by_text(unit.name)).to_have_count(0)
    check_a11y(page)


def test_wrong_password_shows_an_accessible_error(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("employee").email, "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(LOG_IN)
    check_a11y(page)
    # The e-mail is kept, the password is not, and the right one then works.
    expect(page.get_by_label("E-mail")).to_have_value(personas.user("employee").email)
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_value("")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name=LOG_IN).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Ansat")
    check_a11y(page)


def test_language_switch(page: Page, personas: Any) -> None:
    html = page.locator("html")
    page.goto("/login/")
    expect(html).to_have_attribute("lang", "da")
    check_a11y(page)
    log_in(page, personas.user("employee").email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Ansat")
    expect(html).to_have_attribute("lang", "da")
    check_a11y(page)

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Emma Ansat")
    expect(page).to_have_url(re.compile(r"/$"))
    check_a11y(page)

    # The choice sticks while browsing.
    page.get_by_role("link", name="Organisation", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    expect(html).to_have_attribute("lang", "en")
    check_a11y(page)

    page.get_by_role("button", name="Dansk").click()
    expect(html).to_have_attribute("lang", "da")
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    check_a11y(page)


def test_logout(page: Page, personas: Any) -> None:
    open_home_logged_in(page, personas, "leader")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lene Leder")
    logout_button(page).click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(logout_button(page)).to_have_count(0)
    check_a11y(page)
    # Logged out for real: the home page and the org browser ask for a login again.
    page.goto("/organisation/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/organisation/$"))
    expect(page.get_by_text("Lene Leder")).to_have_count(0)
    check_a11y(page)


def test_password_reset_pages(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    # The form's link (the first-time help below the form links there too).
    page.locator("main a[href='/password/reset/']").first.click()
    expect(page).to_have_url(re.compile(r"/password/reset/$"))
    check_a11y(page)
    page.get_by_label("E-mail").fill(personas.user("employee").email)
    page.get_by_role("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/password/reset/sent/$"))
    check_a11y(page)
