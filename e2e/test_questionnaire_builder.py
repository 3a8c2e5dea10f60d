"""HR's form builder in the browser: an administrator creates a small form with a
section and three kinds of question, previews it and publishes it. axe checks every
page on the way.

Controls are found by their place (ids, URLs) rather than by text, so the test holds
whether the interface is in Danish or English.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.navigation import main_menu
from e2e.test_login_and_browse import log_in
from samtale.questionnaires.models import Question, Questionnaire, VersionStatus

pytestmark = pytest.mark.e2e


def _add_question(page: Page, kind: str, text: str, choices: str = "") -> None:
    page.locator("a[href$='/questions/new/']").first.click()
    expect(page.locator("#id_type")).to_be_visible()
    check_a11y(page)
    page.locator("#id_type").select_option(kind)
    page.locator("#id_text").fill(text)
    if choices:
        page.locator("#id_choices").fill(choices)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("main")).to_contain_text(text)
    check_a11y(page)


def test_admin_builds_previews_and_publishes_a_form(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("admin").email)
    check_a11y(page)

    main_menu(page).locator("a[href='/samtaleskemaer/']").click()
    expect(page).to_have_url(re.compile(r"/samtaleskemaer/$"))
    check_a11y(page)

    page.locator("main a[href='/samtaleskemaer/new/']").click()
    check_a11y(page)
    page.locator("#id_name").fill("Kort trivselssamtale")
    page.locator("#id_description").fill("Et lille skema til afprøvning.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/samtaleskemaer/versions/\d+/$"))
    check_a11y(page)

    section_form = page.locator("form[action$='/sections/new/']")
    section_form.locator("#id_title").fill("Hverdagen")
    section_form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Hverdagen"))).to_be_visible()
    check_a11y(page)

    _add_question(page, "scale", "Hvordan trives du i hverdagen?")
    _add_question(page, "text", "Hvad fylder mest lige nu?")
    _add_question(page, "competence_grid", "Dine kompetencer", "Faglighed\nSamarbejde")

    page.locator("main a[href$='/preview/']").first.click()
    expect(page.get_by_role("main")).to_contain_text("Hvordan trives du i hverdagen?")
    expect(page.get_by_role("group", name="Hvordan trives du i hverdagen?")).to_be_visible()
    expect(page.locator("#main-content textarea")).to_be_disabled()
    check_a11y(page)

    page.locator("main a[href$='/publish/']").click()
    check_a11y(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    check_a11y(page)

    form = Questionnaire.objects.get(name="Kort trivselssamtale")
    version = form.versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert Question.objects.filter(section__version=version).count() == 3

    # The published version is shown read only; no draft is left to edit.
    page.locator(f"main a[href='/samtaleskemaer/versions/{version.pk}/preview/']").click()
    expect(page.locator("main a[href$='/publish/']")).to_have_count(0)
    check_a11y(page)
