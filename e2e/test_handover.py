"""A person who changed leader mid-round, in the browser (desktop and phone, axe on every
page): HR follows the round's link to "Skiftet leder i runden", sees Emma with her old and
her new leader, and hands the conversation over."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, switch_to

pytestmark = pytest.mark.e2e


@on_desktop_and_phone
def test_hr_hands_over_the_conversation_of_a_person_who_changed_leader(
    page: Page, personas: Any
) -> None:
    from django.utils import timezone

    from samtale.access.viewer import acting_as
    from samtale.conversations.models import Conversation
    from samtale.org import services as org_services
    from samtale.rounds import services

    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = services.create_round(
        by=hr,
        name="MUS i Dagtilbud Nord",
        year=today.year,
        units=[personas.units["DN"]],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    services.announce(round_, by=hr, override_reason="Test")
    org_services.set_manager(personas.employee, personas.mae_leader)

    switch_to(page, personas, "hr")
    page.goto(f"/runder/{round_.pk}/")
    check_a11y(page)
    link(page, "Skiftet leder i runden", "Changed leader in the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^(Skiftet leder i runden|Changed leader in the round)$")
    )
    check_a11y(page)
    expect(page.get_by_role("link", name="Emma Ansat")).to_be_visible()
    expect(page.get_by_text("Morten Mælkebøtte")).to_be_visible()
    button(page, "Overdrag", "Hand over").click()
    expect(page.get_by_role("status").first).to_contain_text("Morten Mælkebøtte")
    check_a11y(page)
    mus = Conversation.objects.get(person=personas.employee, kind__code="mus")
    assert mus.leader == personas.mae_leader
