"""Single sign-on in the browser: a first-time employee reads on the login page how to
get in, chooses the work-account button, logs in at a real OpenID provider
(oidc-provider on 127.0.0.1, samtale/testing/oidc), lands on their home page with a
login made for them, and logs out of Samtale and the provider; someone the organisation
does not know is sent back with the reason. axe checks every page, the provider's too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.navigation import logout_button, open_menu
from samtale.org import services
from samtale.org.models import Person
from samtale.testing import oidc as test_oidc

pytestmark = pytest.mark.e2e

BUTTON = "Log ind med Eksempel Kommune"
ACCOUNTS = {
    "sofie": {"claims": {"email": "sofie.ny@eksempel.dk", "name": "Sofie Ny"}},
    "stranger": {"claims": {"email": "stranger@example.org"}},
}


@pytest.fixture(scope="session")
def provider(live_server: Any) -> Iterator[test_oidc.TestProvider]:
    with test_oidc.running_provider(site_url=live_server.url, accounts=ACCOUNTS) as p:
        yield p


@pytest.fixture
def sso(settings: Any, provider: test_oidc.TestProvider, live_server: Any) -> None:
    test_oidc.use_provider(settings, provider, SITE_URL=live_server.url, SAMTALE_OIDC_BUTTON=BUTTON)


def log_in_at_provider(page: Page, login: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in at the test provider")
    check_a11y(page)
    page.get_by_label("Login").fill(login)
    page.get_by_role("button", name="Log in").click()


def test_a_first_time_employee_logs_in_with_single_sign_on(
    page: Page, personas: Any, sso: None
) -> None:
    services.create_person(
        name="Sofie Ny",
        email="sofie.ny@eksempel.dk",
        employee_number="77",
        unit=personas.units["SOL"],
        manager=personas.leader,
    )
    page.goto("/organisation/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/organisation/$"))
    first_time = page.get_by_role("region", name="Første gang i Samtale?")
    expect(first_time).to_contain_text(f"Vælg “{BUTTON}”")
    check_a11y(page)

    page.get_by_role("link", name=BUTTON).click()
    log_in_at_provider(page, "sofie")

    expect(page).to_have_url(re.compile(r"/organisation/$"))
    check_a11y(page)
    assert Person.objects.get(email="sofie.ny@eksempel.dk").user is not None

    open_menu(page)
    logout_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log out of the test provider")
    check_a11y(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^(Log ind|Log in)$"))
    check_a11y(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    check_a11y(page)


def test_someone_the_organisation_does_not_know_is_told_why(
    page: Page, personas: Any, sso: None
) -> None:
    page.goto("/login/")
    check_a11y(page)
    page.get_by_role("link", name=BUTTON).click()
    log_in_at_provider(page, "stranger")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("status")).to_contain_text("Samtale kender dig ikke")
    check_a11y(page)
