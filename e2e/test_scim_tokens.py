"""The SCIM token page in the browser: an administrator makes a token (shown once) and
revokes it. axe checks every state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.scim.models import ScimToken

pytestmark = pytest.mark.e2e


def test_admin_makes_and_revokes_a_token(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("admin").email)
    check_a11y(page)
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
