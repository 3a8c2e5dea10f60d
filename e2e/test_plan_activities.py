"""In the browser, axe on every page: the employee proposes a goal and an activity on
the plan of a held MUS, the leader accepts and approves, both follow the activity up,
the employee evaluates it and the leader reads what it gave; on a desktop and a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, switch_to
from samtale.development.models import Activity, ActivityStatus

pytestmark = pytest.mark.e2e

GOAL = "Blive tovholder på sprogarbejdet"
ACTIVITY = "Diplommodul i sprogpædagogik"
GAVE = "Mod og sprog til at lede kollegernes møder"


@on_desktop_and_phone
def test_both_sides_write_the_plan(page: Page, personas: Any, emmas_held_mus: Any) -> None:
    url = f"/samtaler/{emmas_held_mus.pk}/"
    switch_to(page, personas, "employee")
    page.goto(url)
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Udviklingsmål|Development goal)")).fill(GOAL)
    button(page, "Foreslå målet", "Propose the goal").click()
    expect(page.get_by_text(re.compile("venter på lederen|waiting for the leader"))).to_be_visible()
    check_a11y(page)
    link(page, "Tilføj en aktivitet", "Add an activity").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Aktivitetstype|Kind of activity)")).select_option("diploma")
    page.get_by_label(re.compile(r"^(Beskrivelse|Description)")).fill(ACTIVITY)
    page.get_by_label(re.compile(r"^(Anslået udgift|Estimated cost)")).fill("12500")
    page.get_by_label(re.compile(r"^(Timer|Hours)")).fill("60")
    button(page, "Tilføj aktiviteten", "Add the activity").click()
    expect(page.locator(".samtale-activities")).to_contain_text(ACTIVITY)
    check_a11y(page)

    switch_to(page, personas, "leader")
    page.goto(url)
    check_a11y(page)
    button(page, "Acceptér i planen", "Accept into the plan").click()
    check_a11y(page)
    button(page, "Godkend", "Approve").click()
    expect(page.get_by_text(re.compile(r"Status: (Godkendt|Approved)"))).to_be_visible()
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
    assert Activity.objects.get().status == ActivityStatus.EVALUATED

    switch_to(page, personas, "leader")
    page.goto(url)
    expect(page.get_by_text(GAVE)).to_be_visible()
    check_a11y(page)


@on_desktop_and_phone
def test_job_description_in_the_mus(page: Page, personas: Any, emmas_held_mus: Any) -> None:
    """The leader writes Emma's job description, marks it for revision in her MUS, and
    writes the next version, which finishes the revision."""
    switch_to(page, personas, "leader")
    page.goto(f"/samtaler/{emmas_held_mus.pk}/")
    check_a11y(page)
    link(page, "Alle versioner", "Every version").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Stillingsbeskrivelse|Job description)")).fill(
        "Pædagog i vuggestuen."
    )
    page.get_by_label(re.compile(r"^(Gælder fra|Valid from)")).fill("2026-01-01")
    button(page, "Gem den nye version", "Save the new version").click()
    check_a11y(page)
    page.goto(f"/samtaler/{emmas_held_mus.pk}/")
    check_a11y(page)
    page.get_by_text(re.compile("^(Markér stillingsbeskrivelsen|Mark the job description)")).click()
    page.get_by_label(re.compile(r"^(Hvad skal ændres|What should change)")).fill("Sprogansvar")
    button(page, "Markér til revision", "Mark for revision").click()
    expect(
        page.get_by_text(re.compile("Venter på en ny version|Waiting for a new"))
    ).to_be_visible()
    check_a11y(page)
    link(page, "Alle versioner", "Every version").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Stillingsbeskrivelse|Job description)")).fill(
        "Pædagog i vuggestuen. Sprogansvarlig."
    )
    page.get_by_label(re.compile(r"^(Gælder fra|Valid from)")).fill("2027-01-01")
    button(page, "Gem den nye version", "Save the new version").click()
    expect(page.get_by_text(re.compile("Afsluttet: version 2|Done: version 2"))).to_be_visible()
    check_a11y(page)
