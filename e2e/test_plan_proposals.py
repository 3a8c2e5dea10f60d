"""In the browser, axe on every page: the employee proposes a goal and an activity while
preparing the MUS; the leader reads them before the conversation, accepts them into the
plan once it is held and approves the activity; the activity is planned and done, and the
employee evaluates it (what it gave)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_journeys import button, link, switch_to
from samtale.conversations import services as conversation_services
from samtale.development.models import Activity, ActivityStatus, PlanItem, Proposal
from samtale.testing import factories

pytestmark = pytest.mark.e2e

GOAL = "Arbejde mere med naturen som læringsrum"
ACTIVITY = "Kursus i udeskolepædagogik"
GAVE = "Flere ture ud, og børnene lærer mere"


def test_proposed_in_preparation_then_accepted_done_and_evaluated(
    page: Page, personas: Any
) -> None:
    mus = factories.invited("mus", person=personas.employee)
    prepare, url = f"/samtaler/{mus.pk}/forberedelse/", f"/samtaler/{mus.pk}/"

    switch_to(page, personas, "employee")
    page.goto(prepare)
    check_a11y(page)
    section = page.locator("#forslag-til-udviklingsplan")
    section.get_by_label(re.compile(r"^(Udviklingsmål|Development goal)")).fill(GOAL)
    button(page, "Foreslå målet", "Propose the goal").click()
    expect(page).to_have_url(re.compile(r"/forberedelse/$"))
    expect(page.get_by_text(re.compile("venter på lederen|waiting for the leader"))).to_be_visible()
    check_a11y(page)
    link(page, "Tilføj en aktivitet", "Add an activity").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Aktivitetstype|Kind of activity)")).select_option("course")
    page.get_by_label(re.compile(r"^(Beskrivelse|Description)")).fill(ACTIVITY)
    page.get_by_label(re.compile(r"^(Anslået udgift|Estimated cost)")).fill("3200")
    page.get_by_label(re.compile(r"^(Timer|Hours)")).fill("14")
    button(page, "Tilføj aktiviteten", "Add the activity").click()
    expect(page).to_have_url(re.compile(r"/forberedelse/$"))
    expect(page.locator(".samtale-activities")).to_contain_text(ACTIVITY)
    check_a11y(page)

    # the leader reads the proposals before the conversation, and decides nothing yet
    switch_to(page, personas, "leader")
    page.goto(url)
    expect(page.locator("#udviklingsplan")).to_contain_text(GOAL)
    expect(button(page, "Acceptér i planen", "Accept into the plan")).to_have_count(0)
    check_a11y(page)

    conversation_services.mark_held(mus, by=factories.host(mus))
    page.goto(url)
    check_a11y(page)
    button(page, "Acceptér i planen", "Accept into the plan").click()
    check_a11y(page)
    assert PlanItem.objects.get().proposal == Proposal.ACCEPTED
    button(page, "Godkend", "Approve").click()
    expect(page.get_by_text(re.compile(r"Status: (Godkendt|Approved)"))).to_be_visible()
    check_a11y(page)
    # an approved activity is adjusted: the hours change, kept in its history
    page.get_by_role("link", name=re.compile(f"^(Redigér|Edit) “{ACTIVITY}”")).click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Timer|Hours)")).fill("21")
    button(page, "Gem aktiviteten", "Save the activity").click()
    check_a11y(page)
    page.get_by_role("link", name=re.compile(f"^(Redigér|Edit) “{ACTIVITY}”")).click()
    expect(page.get_by_text(re.compile("14,0 → 21,0"))).to_be_visible()
    check_a11y(page)
    page.goto(url)
    check_a11y(page)
    button(page, "Markér som planlagt", "Mark as planned").click()
    check_a11y(page)

    switch_to(page, personas, "employee")
    page.goto(url)
    check_a11y(page)
    button(page, "Markér som gennemført", "Mark as done").click()
    check_a11y(page)
    link(page, "Evaluér", "Evaluate").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Hvad gav det dig|What did it give)")).fill(GAVE)
    button(page, "Gem evalueringen", "Save the evaluation").click()
    check_a11y(page)
    activity = Activity.objects.get()
    assert activity.status == ActivityStatus.EVALUATED and activity.evaluation == GAVE

    switch_to(page, personas, "leader")
    page.goto(url)
    expect(page.get_by_text(GAVE)).to_be_visible()
    check_a11y(page)
