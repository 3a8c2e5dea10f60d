"""The SCIM token page in the browser: an administrator makes a token (shown once) and
revokes it; a person sees that their leader changed. axe checks every state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.org import services
from samtale.scim.models import ScimToken

pytestmark = pytest.mark.e2e


def test_admin_makes_and_revokes_a_token(page: Page, personas: Any) -> None:
    page.goto("/login/")
    log_in(page, personas.user("admin").email)
    page.get_by_role(
        "link", name=re.compile(r"^(Nøgler til identitetssystemer|Tokens for identity systems)")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^(Nøgler til identitetssystemer|Tokens for identity systems) \(SCIM\)$")
    )
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Navn|Name)$")).fill("Entra ID, produktion")
    page.get_by_role("button", name=re.compile(r"^(Opret nøgle|Create token)$")).click()
    expect(page.locator("#scim-secret")).to_contain_text("samtale_scim_")
    check_a11y(page)
    page.get_by_role(
        "button", name=re.compile(r"^(Tilbagekald|Revoke) Entra ID, produktion$")
    ).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(tilbagekaldt|revoked)"))
    check_a11y(page)
    assert ScimToken.objects.get().revoked_at is not None


def test_the_person_sees_that_their_leader_changed(page: Page, personas: Any) -> None:
    employee = personas.person("employee")
    services.set_manager(employee, personas.person("chief"))
    page.goto("/login/")
    log_in(page, personas.user("employee").email)
    page.goto(f"/organisation/people/{employee.pk}/")
    expect(
        page.get_by_text(re.compile(r"(Din leder er ændret fra|Your leader was changed)"))
    ).to_be_visible()
    check_a11y(page)
