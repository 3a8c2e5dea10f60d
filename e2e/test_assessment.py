"""Competence assessment in a MUS, in the browser, axe on every page: the employee rates
herself on her profile's competences in her preparation (the levels' descriptions under
each) and shares it; the leader assesses her in his own preparation, holds the
conversation, records the agreed levels with the summary and shares it; the employee
accepts, and "Mine kompetencer" shows her agreed levels and the gap to her profile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_journeys import button, link, menu_link, switch_to
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceProfile,
    ProfileRequirement,
)
from samtale.testing import factories

pytestmark = pytest.mark.e2e

SUMMARY = "Vi talte om Emmas kompetencer og aftalte niveauerne."


def saved(page: Page) -> None:
    """Wait until the grid's answer is saved (each choice posts it at once)."""
    page.wait_for_load_state("networkidle")
    expect(
        page.locator(".samtale-question", has=page.locator(".samtale-grid")).locator(
            ".samtale-save-status"
        )
    ).to_have_text(re.compile(r"^(Gemt|Saved)$"))


def test_self_assessment_leader_assessment_agreed_levels_and_mine(
    page: Page, personas: Any
) -> None:
    samarbejde = Competence.objects.get(name="Samarbejde")
    kommunikation = Competence.objects.get(name="Kommunikation")
    profile = CompetenceProfile.objects.create(group=personas.employee.professional_group)
    ProfileRequirement.objects.create(profile=profile, competence=samarbejde, level=3)
    ProfileRequirement.objects.create(profile=profile, competence=kommunikation, level=4)
    mus = factories.invited("mus", person=personas.employee, starts_at=factories.soon(0, hours=1))
    prepare = reverse("conversations:prepare", args=[mus.pk])

    # Emma rates herself on her profile's competences, reading what the levels mean.
    switch_to(page, personas, "employee")
    page.goto(prepare)
    check_a11y(page)
    page.get_by_text(re.compile(r"^(Hvad niveauerne betyder|What the levels mean)")).nth(0).click()
    expect(page.get_by_text(samarbejde.level_3)).to_be_visible()
    check_a11y(page)
    page.get_by_label("Samarbejde: 2 (Selvstændig)").check()
    saved(page)
    page.get_by_label("Kommunikation: 3 (Erfaren)").check()
    saved(page)
    check_a11y(page)
    button(page, "Del med de andre deltagere", "Share with the other participants").click()
    check_a11y(page)

    # Lene assesses Emma in her own preparation, holds the MUS and agrees the levels.
    switch_to(page, personas, "leader")
    page.goto(prepare)
    check_a11y(page)
    page.get_by_label("Samarbejde: 3 (Erfaren)").check()
    saved(page)
    page.get_by_label("Kommunikation: 3 (Erfaren)").check()
    saved(page)
    check_a11y(page)
    page.goto(f"/samtaler/{mus.pk}/")
    check_a11y(page)
    button(page, "Markér som afholdt", "Mark as held").click()
    check_a11y(page)
    link(page, "Skriv referatet", "Write the summary").click()
    check_a11y(page)
    # required, Emma's own (shared) and Lene's assessment side by side
    row = page.get_by_role("row", name=re.compile(r"^Samarbejde"))
    expect(row).to_contain_text(re.compile(r"3\s+2\s+3"))
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_label("Aftalt niveau: Samarbejde").select_option("3")
    page.get_by_label("Aftalt niveau: Kommunikation").select_option("3")
    button(page, "Gem", "Save").click()
    check_a11y(page)
    expect(page.get_by_role("heading", name="Aftalte kompetenceniveauer")).to_be_visible()
    button(page, "Del med deltagerne", "Share with the participants").click()
    check_a11y(page)

    # Emma reads the summary with the agreed levels, and accepts it.
    switch_to(page, personas, "employee")
    page.goto(f"/samtaler/{mus.pk}/")
    check_a11y(page)
    expect(page.get_by_text(re.compile(r"Foreslået: de bliver personens niveauer"))).to_be_visible()
    page.get_by_label(re.compile(r"^(Jeg godkender|I accept)")).check()
    button(page, "Send dit svar", "Send your answer").click()
    check_a11y(page)
    assert AgreedLevel.objects.filter(person=personas.employee, current=True).count() == 2

    # "Mine kompetencer": the agreed levels, and the gap where she is below her profile.
    menu_link(page, "Mine kompetencer", "My competences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine kompetencer")
    check_a11y(page)
    kommunikation_row = page.get_by_role("row", name=re.compile(r"^Kommunikation"))
    expect(kommunikation_row).to_contain_text("4 Ekspert")
    expect(kommunikation_row).to_contain_text("3 Erfaren")
    expect(kommunikation_row).to_contain_text("1 niveau under")
    samarbejde_row = page.get_by_role("row", name=re.compile(r"^Samarbejde"))
    expect(samarbejde_row).to_contain_text("3 Erfaren")
    expect(samarbejde_row).not_to_contain_text("under")

    # Lene sees the same for Emma from the conversation.
    switch_to(page, personas, "leader")
    page.goto(f"/samtaler/{mus.pk}/")
    check_a11y(page)
    link(page, "Alle kompetencer og deres historik", "All competences and their history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetencer for Emma Ansat")
    check_a11y(page)
