"""A follow-up on request in the browser: the employee asks for one after a held MUS;
past its deadline the leader finds it overdue on their list and plans it. axe checks
every page on the way, on a desktop and on a phone.

UI text may be Danish or English while translations are written: controls are found by
their form or address, and the test asserts on data (names, the reason, states)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_login_and_browse import log_in
from samtale.conversations import services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation, ConversationKind, FollowUpRequest
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.e2e

REASON = "Jeg vil gerne følge op på aftalen om efteruddannelse – den er ikke kommet i gang."


def switch_to(page: Page, personas: Any, persona: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user(persona).email)
    expect(page).to_have_url(re.compile(r"/$"))
    check_a11y(page)


@on_desktop_and_phone
def test_employee_requests_and_the_leader_sees_it_overdue(page: Page, personas: Any) -> None:
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        mus,
        by=host(mus),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="Kontoret",
    )
    services.mark_held(mus, by=host(mus))

    # The employee asks for a follow-up from the conversation page.
    switch_to(page, personas, "employee")
    page.goto(f"/samtaler/{mus.pk}/")
    check_a11y(page)
    form = page.locator(f"form[action='/samtaler/{mus.pk}/opfoelgning/']")
    form.locator("textarea").fill(REASON)
    form.get_by_role("button").click()
    expect(page.locator("[data-state='open']")).to_contain_text(REASON)
    check_a11y(page)
    request = FollowUpRequest.objects.get()
    assert request.requested_by == personas.employee

    # "Mine samtaler" shows the request with its deadline.
    page.goto("/samtaler/")
    row = page.locator("tr[data-state='open']")
    expect(row).to_contain_text(str(request.deadline.year))
    check_a11y(page)

    # Three weeks later nothing has happened.
    at = timezone.now() - datetime.timedelta(days=21)
    FollowUpRequest.objects.filter(pk=request.pk).update(
        requested_at=at, deadline=follow_up_services.deadline_for(at)
    )

    # The leader finds it overdue, reads why, and plans it.
    switch_to(page, personas, "leader")
    page.goto("/samtaler/mine-medarbejdere/")
    check_a11y(page)
    page.locator("main a[href='/samtaler/opfoelgning/']").click()
    overdue = page.locator("tr[data-state='overdue']")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Emma Ansat")
    expect(page.get_by_role("main")).not_to_contain_text(REASON)
    check_a11y(page)
    overdue.get_by_role("link").first.click()
    expect(page.locator("[data-state='overdue']")).to_contain_text(REASON)
    check_a11y(page)
    page.locator(f"form[action='/samtaler/opfoelgning/{request.pk}/planlaeg/'] button").click()
    follow_up = Conversation.objects.get(kind__code="opfoelgning")
    expect(page).to_have_url(re.compile(rf"/samtaler/{follow_up.pk}/tidspunkt/$"))
    check_a11y(page)
    assert follow_up.follow_up_of_id == mus.pk

    # HR for the unit sees the numbers on the home page, never who or why.
    switch_to(page, personas, "hr")
    expect(page.locator("#followup-counts [data-count='open']")).to_have_text("1")
    expect(page.locator("#followup-counts [data-count='overdue']")).to_have_text("1")
    expect(page.get_by_role("main")).not_to_contain_text(REASON)


@on_desktop_and_phone
def test_a_successor_plans_a_follow_up_handed_over_by_a_leaver(page: Page, personas: Any) -> None:
    """Emma asked for a follow-up after her closed MUS with Lene; Lene leaves and HR
    hands over to the chief. The chief finds it on their list, reads why on the
    request's own page (not the closed MUS), and plans it; Lene sees no reason."""
    from samtale.access.viewer import acting_as
    from samtale.org import leaving
    from samtale.org.models import Person
    from samtale.testing import factories

    mus = factories.accepted(factories.held("mus", person=personas.employee))
    services.close(mus, by=host(mus))
    request = follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason=REASON)
    Person.objects.filter(pk=personas.leader.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=20)
    )
    personas.leader.refresh_from_db()
    leaving.hand_over(
        personas.leader, personas.chief, by=acting_as(personas.hr), reason="Chefen tager over"
    )

    switch_to(page, personas, "chief")
    page.goto("/samtaler/opfoelgning/")
    row = page.locator("tr[data-state='open']")
    expect(row).to_contain_text("Emma Ansat")
    check_a11y(page)
    row.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/samtaler/opfoelgning/{request.pk}/$"))
    expect(page.locator("[data-state='open']")).to_contain_text(REASON)
    check_a11y(page)
    page.locator(f"form[action='/samtaler/opfoelgning/{request.pk}/planlaeg/'] button").click()
    follow_up = Conversation.objects.get(kind__code="opfoelgning")
    expect(page).to_have_url(re.compile(rf"/samtaler/{follow_up.pk}/tidspunkt/$"))
    check_a11y(page)
    assert follow_up.leader_id == personas.chief.pk

    switch_to(page, personas, "leader")
    page.goto(f"/samtaler/{mus.pk}/")
    expect(page.get_by_role("main")).not_to_contain_text(REASON)
    check_a11y(page)
