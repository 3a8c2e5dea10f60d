"""A leader who leaves, in the browser (desktop and phone, axe on every page): HR sees
Lene on the home page's to-do, opens her handover page from there, sees her open
conversation and her people's plans, chooses the chief as successor with a reason, and
the to-do is done."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, switch_to

pytestmark = pytest.mark.e2e


@on_desktop_and_phone
def test_hr_hands_a_leaving_leaders_people_to_a_successor(page: Page, personas: Any) -> None:
    from django.utils import timezone

    from samtale.org.models import LeaderHandover, Person
    from samtale.testing import factories

    Person.objects.filter(pk=personas.leader.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=20)
    )
    mus = factories.invited("mus", person=personas.employee)

    switch_to(page, personas, "hr")
    page.goto("/")
    check_a11y(page)
    todo = page.get_by_role("region", name=re.compile("^(Ledere, der fratræder|Leaders who leave)"))
    todo.get_by_role("link", name=re.compile("(Vælg en efterfølger|Choose a successor)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lene Leder")
    check_a11y(page)
    expect(page.get_by_text("MUS – Emma Ansat")).to_be_visible()
    expect(page.get_by_text(re.compile("^Kasper Kollega:"))).to_be_visible()
    page.get_by_label(re.compile("^(Efterfølger|Successor)$")).select_option(str(personas.chief.pk))
    page.get_by_label(re.compile("^(Hvorfor denne efterfølger|Why this successor)")).fill(
        "Chefen tager over, indtil stillingen er besat"
    )
    button(page, "Overdrag", "Hand over").click()
    expect(page.get_by_role("status").first).to_contain_text("Christian Chef")
    check_a11y(page)
    mus.refresh_from_db()
    assert mus.leader_id == personas.chief.pk
    assert LeaderHandover.objects.get().reason.startswith("Chefen tager over")
    page.goto("/")
    expect(page.get_by_text("Lene Leder")).to_have_count(0)
    check_a11y(page)
