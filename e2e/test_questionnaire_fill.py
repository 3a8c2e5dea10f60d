"""Filling in a preparation form in the browser: every question type saves itself
through htmx as the person answers (text while typing), the status line says so, and
the page passes axe. The form is hosted on a test-only page
(e2e/questionnaire_fill_urls.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.questionnaires import services
from samtale.questionnaires.models import Answer
from samtale.questionnaires.tests.factories import draft_with_every_type

pytestmark = pytest.mark.e2e

SAVED = re.compile(r"^(Saved|Gemt)$")


def test_every_answer_saves_itself(page: Page, personas: Any, settings: Any) -> None:
    settings.ROOT_URLCONF = "e2e.questionnaire_fill_urls"
    version, q = draft_with_every_type()
    services.publish(version, by=None)
    response = services.start_response(version)

    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("employee").email)
    check_a11y(page)
    page.goto(f"/test-fill/{response.pk}/")
    check_a11y(page)

    page.locator(f"#id_q{q['text'].pk}").press_sequentially("Det gik fint")
    expect(page.locator(f"#status-{q['text'].pk}")).to_have_text(SAVED)
    page.get_by_role("radio", name=re.compile(r"4 Godt")).check()
    expect(page.locator(f"#status-{q['scale'].pk}")).to_have_text(SAVED)
    page.get_by_role("radio", name="Halvvejs").check()
    expect(page.locator(f"#status-{q['single'].pk}")).to_have_text(SAVED)
    page.get_by_role("checkbox", name="Kursus").check()
    page.get_by_role("checkbox", name="Nye opgaver").check()
    page.get_by_role("radio", name=re.compile(r"^Samarbejde: 3")).check()
    expect(page.locator(f"#status-{q['grid'].pk}")).to_have_text(SAVED)
    expect(page.locator(f"#status-{q['multiple'].pk}")).to_have_text(SAVED)

    def saved() -> dict[int, Any]:
        return {a.question_id: a.value for a in Answer.objects.filter(response=response)}

    expected = {
        q["text"].pk: "Det gik fint",
        q["scale"].pk: 4,
        q["single"].pk: 1,
        q["multiple"].pk: [0, 2],
        q["grid"].pk: {"1": 3},
    }
    # The last request may still be on its way when its status shows: poll the database.
    for _ in range(50):
        if saved() == expected:
            break
        page.wait_for_timeout(100)
    assert saved() == expected
    check_a11y(page)

    # A reload shows what was saved.
    page.reload()
    expect(page.locator(f"#id_q{q['text'].pk}")).to_have_value("Det gik fint")
    expect(page.get_by_role("checkbox", name="Nye opgaver")).to_be_checked()
    check_a11y(page)
