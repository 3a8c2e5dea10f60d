"""The yearly round in the browser, one person after the other, axe on every page (on a
desktop and on a phone): HR drafts a round with a theme tied to a strategic goal, TR
comments and signs it off, AMR signs it off, HR announces it and the conversations
exist; the employee reads the information page and meets the theme on their MUS; the
leader offers times, two employees book one each, the progress moves, and HR closes the
round and downloads the closing report.
"""

from __future__ import annotations

import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, menu_link, switch_to
from samtale.rounds.models import (
    LaunchState,
    LaunchStep,
    Round,
    RoundConversation,
    RoundLaunch,
    RoundState,
)
from samtale.testing.pdf import pdf_text

pytestmark = pytest.mark.e2e

ROUNDS = ("MUS-runder", "Rounds")
NAME = "MUS i Dagtilbud Nord 2027"
GOAL = "Alle børn lærer sprog"
THEME = "Sprog i hverdagen"
COMMENT = "Husk at afsætte tid til forberedelsen."


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    check_a11y(page)


def hr_drafts_a_round(page: Page, personas: Any) -> None:
    switch_to(page, personas, "hr")
    menu_link(page, *ROUNDS).click()
    heading(page, "MUS-runder")
    link(page, "Strategiske mål", "Strategic goals").click()
    heading(page, "Strategiske mål")
    page.get_by_label(re.compile(r"^(Enhed|Unit)")).select_option(label="Børn og Unge (BU)")
    page.get_by_label(re.compile(r"^(Mål|Goal)")).fill(GOAL)
    button(page, "Tilføj målet", "Add the goal").click()
    expect(page.get_by_role("status").first).to_be_visible()
    check_a11y(page)

    page.goto("/runder/")
    check_a11y(page)
    link(page, "Ny runde", "New round").click()
    heading(page, "Ny runde")
    page.get_by_label(re.compile(r"^(Navn|Name)")).fill(NAME)
    page.get_by_label(re.compile(r"^(År|Year)")).fill("2027")
    page.get_by_label(re.compile(r"^Dagtilbud Nord")).check()
    button(page, "Opret kladden", "Create the draft").click()
    heading(page, NAME)

    link(page, "Tilføj et tema", "Add a theme").click()
    heading(page, "Nyt tema")
    page.get_by_label(re.compile(r"^(Tema|Theme)")).fill(THEME)
    page.get_by_label(re.compile(rf"^{GOAL}")).check()
    button(page, "Gem", "Save").click()
    heading(page, NAME)
    expect(page.get_by_role("heading", name=THEME)).to_be_visible()


def rep_signs(page: Page, personas: Any, persona: str, role: str, comment: str = "") -> None:
    switch_to(page, personas, persona)
    menu_link(page, *ROUNDS).click()
    heading(page, "MUS-runder")
    page.get_by_role("link", name=NAME).click()
    heading(page, NAME)
    expect(page.get_by_role("heading", name=THEME)).to_be_visible()
    if comment:
        page.get_by_label(re.compile(r"^(Din kommentar|Your comment)")).fill(comment)
        button(page, "Gem kommentaren", "Save the comment").click()
        heading(page, NAME)
        expect(page.get_by_text(comment)).to_be_visible()
    else:
        expect(page.get_by_text(COMMENT)).to_be_visible()  # the TR's, before the AMR signs
    button(page, f"Godkend udgave 2 som {role}", f"Sign off revision 2 as {role}").click()
    heading(page, NAME)
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"(godkendt udgave 2|signed off revision 2)")
    )


@on_desktop_and_phone
def test_the_round_from_the_draft_to_the_closing_report(page: Page, personas: Any) -> None:
    hr_drafts_a_round(page, personas)
    round_ = Round.objects.get(name=NAME)
    assert round_.state == RoundState.DRAFT and round_.revision == 2

    rep_signs(page, personas, "tr", "TR", comment=COMMENT)
    rep_signs(page, personas, "amr", "AMR")
    round_.refresh_from_db()
    assert round_.state == RoundState.AGREED

    switch_to(page, personas, "hr")
    page.goto(f"/runder/{round_.pk}/")
    heading(page, NAME)
    expect(
        page.get_by_text(re.compile(r"^(Godkendt af TR og AMR|Signed off by TR and AMR)"))
    ).to_be_visible()
    button(page, "Meld runden ud", "Announce the round").click()
    heading(page, NAME)
    expect(
        page.get_by_role("heading", name=re.compile(r"^(Rundens samtaler|The round's)"))
    ).to_be_visible()
    # Christian Chef leads Lene but has no chief: HR is told, nobody is skipped silently.
    expect(page.get_by_role("link", name="Christian Chef")).to_be_visible()
    round_.refresh_from_db()
    assert round_.state == RoundState.ANNOUNCED

    # A launch that runs (as a worker's would, for a big organisation): the page shows its
    # progress and asks every second, until it is done.
    launch = RoundLaunch.objects.get(round=round_)
    RoundLaunch.objects.filter(pk=launch.pk).update(
        state=LaunchState.RUNNING, step=LaunchStep.MAKING, total=52375, done=12000
    )
    page.goto(f"/runder/{round_.pk}/")
    heading(page, NAME)
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "12000")
    expect(page.get_by_text(re.compile(r"^(12\.000 af 52\.375|12,000 of 52,375)"))).to_be_visible()
    RoundLaunch.objects.filter(pk=launch.pk).update(state=LaunchState.DONE, step=LaunchStep.MAILING)
    expect(page.get_by_role("link", name="Christian Chef")).to_be_visible(timeout=5000)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    check_a11y(page)

    made = RoundConversation.objects.filter(round=round_).select_related("conversation__kind")
    assert sorted(link.conversation.kind.code for link in made) == [
        "grus",
        "lus",
        "lus",
        "mus",
        "mus",
        "mus",
        "mus",
        "mus",
    ]

    # The employee reads the information page and meets the theme on their MUS.
    switch_to(page, personas, "employee")
    menu_link(page, *ROUNDS).click()
    heading(page, "MUS-runder")
    page.get_by_role("link", name=NAME).click()
    heading(page, NAME)
    expect(page.get_by_role("heading", name=THEME)).to_be_visible()
    expect(page.get_by_text(GOAL)).to_be_visible()
    mus = made.get(conversation__person=personas.employee).conversation
    page.goto(f"/samtaler/{mus.pk}/")
    check_a11y(page)
    expect(
        page.get_by_role("heading", name=re.compile(r"^(Rundens temaer|The round's themes)"))
    ).to_be_visible()
    expect(page.get_by_text(THEME)).to_be_visible()

    leader_offers_two_employees_book_hr_follows_and_closes(page, personas, round_)


def leader_offers_two_employees_book_hr_follows_and_closes(
    page: Page, personas: Any, round_: Round
) -> None:
    """The rest of the year: the leader offers times, Emma and Kasper book one each, the
    progress moves, HR closes the round and downloads the closing report."""
    # The leader offers two times from "Mine medarbejdere", in the round's period.
    switch_to(page, personas, "leader")
    menu_link(page, "Mine medarbejdere", "My people").click()
    check_a11y(page)
    link(page, f"Tilbyd tider i {NAME}", f"Offer times in {NAME}").click()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Dato|Date)")).fill("2027-01-12")
    page.get_by_label(re.compile(r"^(Første tid begynder|First time starts)")).fill("09:00")
    page.get_by_label(re.compile(r"^(Antal tider|Number of times)")).fill("2")
    page.get_by_label(re.compile(r"^(Varighed af hver|Duration of each)")).fill("45")
    page.get_by_label(re.compile(r"^(Pause mellem|Break between)")).fill("15")
    page.get_by_label(re.compile(r"^(Sted|Place)")).fill("Kontoret")
    button(page, "Tilbyd tiderne", "Offer the times").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"(2 nye tider|2 new)"))
    check_a11y(page)

    # HR sees the progress before anyone has booked.
    switch_to(page, personas, "hr")
    page.goto(f"/runder/{round_.pk}/")
    heading(page, NAME)
    link(page, "Se status", "See the progress").click()
    heading(page, f"Status for {NAME}")
    expect(page.locator('#counts [data-count="invited"]')).to_have_text("0")

    # Emma and Kasper each book a time: Emma from her MUS, Kasper from the round's page.
    for persona, start in (("employee", "09:00"), ("colleague", "10:00")):
        switch_to(page, personas, persona)
        mus = RoundConversation.objects.get(
            round=round_, conversation__person=getattr(personas, persona)
        ).conversation
        page.goto(f"/samtaler/{mus.pk}/forberedelse/")  # the themes are a section of it
        expect(
            page.get_by_role("heading", name=re.compile("^(Rundens temaer|The round.s)"))
        ).to_be_visible()
        check_a11y(page)
        page.goto(f"/samtaler/{mus.pk}/")
        check_a11y(page)
        link(page, "Book tid", "Book a time").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(Book tid|Book a)"))
        check_a11y(page)
        page.get_by_role("button", name=re.compile(r"^Book\b")).first.click()
        expect(page.get_by_role("status").first).to_contain_text(
            re.compile(r"(Du har booket|You have booked)")
        )
        check_a11y(page)
        mus.refresh_from_db()
        assert mus.state == "invited" and mus.starts_at is not None
        assert mus.starts_at.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%H:%M") == start

    # The progress has moved: two invited, the rest not booked.
    switch_to(page, personas, "hr")
    page.goto(f"/runder/{round_.pk}/fremdrift/")
    heading(page, f"Status for {NAME}")
    expect(page.locator('#counts [data-count="invited"]')).to_have_text("2")
    expect(page.locator('#counts [data-count="not_booked"]')).to_have_text("6")
    # TR sees the same progress as numbers only, and two invited is too few to show.
    switch_to(page, personas, "tr")
    page.goto(f"/runder/{round_.pk}/fremdrift/")
    heading(page, f"Status for {NAME}")
    expect(page.locator('#counts [data-count="invited"]')).to_contain_text("–")
    expect(page.get_by_text(re.compile("(vises som –|is shown as –)"))).to_be_visible()
    check_a11y(page)
    page.goto(f"/runder/{round_.pk}/rapport/")
    expect(page.get_by_text(re.compile("(vises som –|is shown as –)"))).to_be_visible()
    check_a11y(page)
    switch_to(page, personas, "hr")
    # ... and down to Solsikken's leaders and Lene's people: dates and states only.
    page.goto(f"/runder/{round_.pk}/fremdrift/enhed/{personas.units['SOL'].pk}/")
    heading(page, f"Ledere i {personas.units['SOL'].name}")
    page.get_by_role("link", name="Lene Leder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lene Leder")
    check_a11y(page)
    expect(page.get_by_role("rowheader", name="Emma Ansat")).to_be_visible()

    # HR closes the round and downloads the closing report.
    page.goto(f"/runder/{round_.pk}/")
    heading(page, NAME)
    button(page, "Luk runden", "Close the round").click()
    heading(page, NAME)
    link(page, "Den afsluttende rapport", "The closing report").click()
    heading(page, f"Afsluttende rapport: {NAME}")
    with page.expect_download() as download:
        link(page, "Hent som PDF", "Download as PDF").click()
    text = " ".join(pdf_text(download.value.path().read_bytes()).split())
    assert f"Afsluttende rapport: {NAME}" in text
    assert "Emma Ansat" in text  # invited, never held: not held when the round closed
    with page.expect_download() as download:
        link(page, "Hent som regneark", "Download as spreadsheet").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    not_held = [row[2] for row in book["Ikke afholdt"].iter_rows(values_only=True)]
    assert {"Emma Ansat", "Kasper Kollega"} <= set(not_held)
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_every_page_of_a_round_passes_axe_and_fits_a_phone(page: Page, personas: Any) -> None:
    """The pages the journey does not pass through: changing the terms, the MED/SU
    record, the rules per unit, a goal; and the round's page before the agreement,
    with the reason to give for announcing anyway."""
    from samtale.access.viewer import acting_as
    from samtale.rounds import services

    hr = acting_as(personas.hr)
    goal = services.add_goal(personas.units["BU"], by=hr, title=GOAL)
    round_ = services.create_round(by=hr, name=NAME, year=2027, units=[personas.units["DN"]])
    theme = services.add_theme(round_, by=hr, title=THEME, goals=[goal])
    services.choose_grus(round_, by=hr, team=personas.teams["stue"])
    services.comment(round_, by=acting_as(personas.tr), text=COMMENT)
    switch_to(page, personas, "hr")
    pk = round_.pk
    for url in (
        f"/runder/{pk}/",
        f"/runder/{pk}/ret/",
        f"/runder/{pk}/enheder/",
        f"/runder/{pk}/samtaletyper/",
        f"/runder/{pk}/temaer/{theme.pk}/",
        f"/runder/{pk}/grus/",
        f"/runder/{pk}/med/",
        f"/runder/{pk}/information/",
        "/runder/maal/",
        f"/runder/maal/{goal.pk}/",
        "/runder/regler/",
        f"/runder/regler/{personas.units['DN'].pk}/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_a11y(page)
    # A refused announcement: the reason is missing, and the page says so.
    page.goto(f"/runder/{pk}/")
    check_a11y(page)
    button(page, "Meld ud uden aftale", "Announce without the agreement").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"(begrundelse|reason)"))
    check_a11y(page)
