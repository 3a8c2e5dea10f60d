"""Issue 11's journey in one MUS, in the browser, axe on every page: the employee
assesses herself on her profile and proposes a goal with an activity while preparing;
the leader assesses her, holds the conversation, accepts the proposal into the plan and
approves the activity, and records the agreed levels with the summary; the employee
accepts the summary; the activity is planned, done and evaluated; "Mine kompetencer"
shows the agreed levels and the gap."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_assessment import saved
from e2e.test_journeys import button, link, menu_link, switch_to
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceProfile,
    ProfileRequirement,
)
from samtale.development.models import Activity, ActivityStatus, PlanItem, Proposal
from samtale.testing import factories

pytestmark = pytest.mark.e2e

GOAL = "Blive bedre til at samarbejde med forældrene"
ACTIVITY = "Kursus i forældresamarbejde"
GAVE = "Jeg tager de svære samtaler med forældrene i stedet for at udskyde dem"


def test_assess_propose_agree_accept_do_and_evaluate(page: Page, personas: Any) -> None:
    samarbejde = Competence.objects.get(name="Samarbejde")
    profile = CompetenceProfile.objects.create(group=personas.employee.professional_group)
    ProfileRequirement.objects.create(profile=profile, competence=samarbejde, level=4)
    mus = factories.invited("mus", person=personas.employee, starts_at=factories.soon(0, hours=1))
    prepare = reverse("conversations:prepare", args=[mus.pk])
    url = f"/samtaler/{mus.pk}/"

    # Emma prepares: rates herself, proposes a goal and an activity, shares.
    switch_to(page, personas, "employee")
    page.goto(prepare)
    check_a11y(page)
    page.get_by_label("Samarbejde: 2 (Selvstændig)").check()
    saved(page)
    section = page.locator("#forslag-til-udviklingsplan")
    section.get_by_label(re.compile(r"^(Udviklingsmål|Development goal)")).fill(GOAL)
    button(page, "Foreslå målet", "Propose the goal").click()
    check_a11y(page)
    link(page, "Tilføj en aktivitet", "Add an activity").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Aktivitetstype|Kind of activity)")).select_option("course")
    page.get_by_label(re.compile(r"^(Beskrivelse|Description)")).fill(ACTIVITY)
    page.get_by_label(re.compile(r"^(Anslået udgift|Estimated cost)")).fill("4500")
    page.get_by_label(re.compile(r"^(Timer|Hours)")).fill("15")
    button(page, "Tilføj aktiviteten", "Add the activity").click()
    check_a11y(page)
    button(page, "Del med de andre deltagere", "Share with the other participants").click()
    check_a11y(page)

    # Lene assesses Emma, holds the MUS, takes the proposal into the plan and approves
    # the activity, and agrees the level in the summary.
    switch_to(page, personas, "leader")
    page.goto(prepare)
    check_a11y(page)
    page.get_by_label("Samarbejde: 3 (Erfaren)").check()
    saved(page)
    page.goto(url)
    check_a11y(page)
    button(page, "Markér som afholdt", "Mark as held").click()
    check_a11y(page)
    button(page, "Acceptér i planen", "Accept into the plan").click()
    check_a11y(page)
    assert PlanItem.objects.get(plan__person=personas.employee).proposal == Proposal.ACCEPTED
    button(page, "Godkend", "Approve").click()
    expect(page.get_by_text(re.compile(r"Status: (Godkendt|Approved)"))).to_be_visible()
    check_a11y(page)
    link(page, "Skriv referatet", "Write the summary").click()
    check_a11y(page)
    row = page.get_by_role("row", name=re.compile(r"^Samarbejde"))
    expect(row).to_contain_text(re.compile(r"4\s+2\s+3"))  # required, Emma's, Lene's
    page.locator("#id_summary").fill("Vi aftalte et kursus og niveauet for samarbejde.")
    page.get_by_label("Aftalt niveau: Samarbejde").select_option("3")
    button(page, "Gem", "Save").click()
    check_a11y(page)
    button(page, "Del med deltagerne", "Share with the participants").click()
    check_a11y(page)

    # Emma accepts the summary: the agreed level becomes hers.
    switch_to(page, personas, "employee")
    page.goto(url)
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Jeg godkender|I accept)")).check()
    button(page, "Send dit svar", "Send your answer").click()
    check_a11y(page)
    agreed = AgreedLevel.objects.get(person=personas.employee, competence=samarbejde)
    assert agreed.current and agreed.level == 3

    # The activity is planned, done and evaluated.
    switch_to(page, personas, "leader")
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

    # Mine kompetencer: agreed 3 against the required 4.
    menu_link(page, "Mine kompetencer", "My competences").click()
    check_a11y(page)
    samarbejde_row = page.get_by_role("row", name=re.compile(r"^Samarbejde"))
    expect(samarbejde_row).to_contain_text("3 Erfaren")
    expect(samarbejde_row).to_contain_text("1 niveau under")
