"""Whole journeys in the browser, one person after the other, axe on every page.

MUS: the leader plans and invites, the employee prepares privately and shares, the
leader marks it held, writes and shares the summary, the employee accepts it; on a
desktop and on a phone.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.navigation import main_menu
from e2e.test_login_and_browse import log_in
from samtale.conversations.models import Conversation, State
from samtale.testing.factories import actor, host
from samtale.testing.pdf import pdf_text

pytestmark = pytest.mark.e2e

PREPARED = "Jeg vil gerne lære mere om sprogarbejde med de mindste – også på dansk."
SUMMARY = "Vi talte om året, der gik, og om Emmas ønske om efteruddannelse."
AGREEMENTS = "Emma deltager i kurset om sprogarbejde i foråret."
GOAL = "Styrke sprogarbejdet med de yngste børn"


def button(page: Page, danish: str, english: str) -> Any:
    return page.get_by_role("button", name=re.compile(f"^({danish}|{english})"))


def link(page: Page, danish: str, english: str) -> Any:
    return page.get_by_role("link", name=re.compile(f"^({danish}|{english})"))


def cell(page: Page, text: str) -> Any:
    """The table cell holding exactly ``text``. On a phone a list table shows one card
    per row and each cell starts with its column's header (DKFDS's responsive table),
    which is then part of the cell's name."""
    return page.get_by_role("cell", name=re.compile(rf"(^|\s){re.escape(text)}$"))


def menu_link(page: Page, danish: str, english: str) -> Any:
    """A link in the main menu (on a phone, the menu button opens it first)."""
    return main_menu(page).get_by_role("link", name=re.compile(f"^({danish}|{english})$"))


def switch_to(page: Page, personas: Any, persona: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user(persona).email)
    expect(page).to_have_url(re.compile(r"/$"))
    check_a11y(page)


@on_desktop_and_phone
def test_mus_from_invitation_to_accepted_summary(page: Page, personas: Any) -> None:
    # The leader plans and invites.
    switch_to(page, personas, "leader")
    menu_link(page, "Mine medarbejdere", "My people").click()
    check_a11y(page)
    button(page, "Planlæg MUS med Emma Ansat", "Plan MUS with Emma Ansat").click()
    check_a11y(page)
    day = datetime.date.today() + datetime.timedelta(days=10)
    page.get_by_label(re.compile(r"^(Dato|Date)")).fill(day.isoformat())
    page.get_by_label(re.compile(r"^(Klokkeslæt|Tidspunkt|Tid|Time)$")).fill("10:00")
    page.get_by_label(re.compile(r"^(Sted|Place)")).fill("Mødelokale Mælkebøtten")
    button(page, "Invitér", "Invite").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Ansat")
    check_a11y(page)
    conversation = Conversation.objects.get(person=personas.employee)
    assert conversation.state == State.INVITED
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@eksempel.dk", "leader@eksempel.dk"]

    # The employee finds what waits for her on "Mine samtaler", prepares privately,
    # then shares.
    switch_to(page, personas, "employee")
    menu_link(page, "Mine samtaler", "My conversations").click()
    check_a11y(page)
    waiting = page.locator("table[aria-labelledby='waiting-heading']")
    waiting.get_by_role("link", name=re.compile(r"^(Forbered dig|Prepare)$")).click()
    check_a11y(page)
    first_text = page.locator(".samtale-question textarea").first
    first_text.fill(PREPARED)
    first_text.blur()
    expect(page.locator(".samtale-question").first.locator(".samtale-save-status")).to_have_text(
        re.compile(r"^(Gemt|Saved)$")
    )
    check_a11y(page)
    button(page, "Del med de andre deltagere", "Share with the other participants").click()
    check_a11y(page)

    # The leader reads it, marks the conversation held, writes and shares the summary.
    switch_to(page, personas, "leader")
    page.goto(f"/samtaler/{conversation.pk}/")
    check_a11y(page)
    page.get_by_text(re.compile(r"^(Forberedelse fra|Preparation of) Emma Ansat")).click()
    expect(page.get_by_text(PREPARED)).to_be_visible()
    check_a11y(page)
    button(page, "Markér som afholdt", "Mark as held").click()
    check_a11y(page)
    link(page, "Skriv referatet", "Write the summary").click()
    check_a11y(page)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#id_agreements").fill(AGREEMENTS)
    button(page, "Gem", "Save").click()
    check_a11y(page)
    button(page, "Del med deltagerne", "Share with the participants").click()
    check_a11y(page)
    # ... and writes the development plan they agreed.
    page.get_by_label(re.compile(r"^(Udviklingsmål|Development goal)")).fill(GOAL)
    page.get_by_label(re.compile(r"^(Aktiviteter|Activities)")).fill("Kursus i dialogisk læsning")
    button(page, "Tilføj målet", "Add the goal").click()
    expect(cell(page, GOAL)).to_be_visible()
    check_a11y(page)

    # The employee is asked to read the summary, and accepts it.
    switch_to(page, personas, "employee")
    menu_link(page, "Mine samtaler", "My conversations").click()
    check_a11y(page)
    expect(page.locator("table[aria-labelledby='waiting-heading']")).not_to_contain_text(
        re.compile("Forbered dig|Prepare")
    )
    page.locator("table[aria-labelledby='waiting-heading']").get_by_role(
        "link", name=re.compile(r"^(Læs referatet|Read the summary)")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Ansat")
    check_a11y(page)
    expect(page.get_by_text(AGREEMENTS)).to_be_visible()
    page.get_by_label(re.compile(r"^(Jeg godkender|I accept)")).check()
    button(page, "Send dit svar", "Send your answer").click()
    check_a11y(page)
    conversation.refresh_from_db()
    assert conversation.state == State.ACCEPTED

    # The employee keeps the conversation as PDF: the agreements are in it.
    with page.expect_download() as download:
        link(page, "Hent som PDF", "Download as PDF").first.click()
    path = download.value.path()
    text = pdf_text(path.read_bytes())
    assert AGREEMENTS in " ".join(text.split())
    assert PREPARED in " ".join(text.split())
    assert GOAL in " ".join(text.split())

    # ... and follows up on the goal during the year, here and on "Min udviklingsplan".
    page.get_by_label(re.compile(r"^(Status for|Status of)")).select_option("under_way")
    expect(page.locator(".samtale-plan .samtale-save-status").first).to_have_text(
        re.compile(r"^(Gemt: I gang|Saved: Under way)$")
    )
    check_a11y(page)
    menu_link(page, "Min udviklingsplan", "My development plan").click()
    expect(cell(page, GOAL)).to_be_visible()
    expect(page.get_by_label(re.compile(r"^(Status for|Status of)"))).to_have_value("under_way")
    check_a11y(page)


def invite_from_overview(page: Page, danish: str, english: str) -> None:
    menu_link(page, "Mine medarbejdere", "My people").click()
    check_a11y(page)
    button(page, danish, english).click()
    check_a11y(page)
    day = datetime.date.today() + datetime.timedelta(days=7)
    page.get_by_label(re.compile(r"^(Dato|Date)")).fill(day.isoformat())
    page.get_by_label(re.compile(r"^(Klokkeslæt|Tidspunkt|Tid|Time)$")).fill("13:00")
    page.get_by_label(re.compile(r"^(Sted|Place)")).fill("Personalestuen")
    button(page, "Invitér", "Invite").click()
    check_a11y(page)


def hold_and_share_summary(page: Page, conversation_pk: int, summary: str) -> None:
    page.goto(f"/samtaler/{conversation_pk}/")
    check_a11y(page)
    button(page, "Markér som afholdt", "Mark as held").click()
    check_a11y(page)
    link(page, "Skriv referatet", "Write the summary").click()
    check_a11y(page)
    page.locator("#id_summary").fill(summary)
    button(page, "Gem", "Save").click()
    check_a11y(page)
    button(page, "Del med deltagerne", "Share with the participants").click()
    check_a11y(page)


def accept(page: Page, personas: Any, persona: str, conversation_pk: int) -> None:
    switch_to(page, personas, persona)
    page.goto(f"/samtaler/{conversation_pk}/")
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Jeg godkender|I accept)")).check()
    button(page, "Send dit svar", "Send your answer").click()
    check_a11y(page)


def test_grus_with_a_shared_team_preparation(page: Page, personas: Any) -> None:
    switch_to(page, personas, "leader")
    invite_from_overview(page, "Planlæg GRUS med Stue Mariehønen", "Plan GRUS with Stue Mariehønen")
    grus = Conversation.objects.get(team=personas.teams["stue"])
    assert grus.participants.count() == 3

    team_text = "Vi ønsker fælles tid til at planlægge forløb med børnene."
    switch_to(page, personas, "employee")
    page.goto(f"/samtaler/{grus.pk}/teamforberedelse/")
    check_a11y(page)
    area = page.locator("textarea").first
    area.fill(team_text)
    area.blur()
    expect(page.locator(".samtale-save-status").first).to_have_text(re.compile(r"^(Gemt|Saved)$"))
    check_a11y(page)

    switch_to(page, personas, "colleague")  # a team mate sees it and shares it
    page.goto(f"/samtaler/{grus.pk}/teamforberedelse/")
    expect(page.locator("textarea").first).to_have_value(team_text)
    check_a11y(page)
    button(page, "Del med de andre deltagere", "Share with the other participants").click()
    check_a11y(page)

    switch_to(page, personas, "leader")
    hold_and_share_summary(page, grus.pk, "Teamet aftalte en fast planlægningstime hver uge.")
    accept(page, personas, "employee", grus.pk)
    grus.refresh_from_db()
    assert grus.state == State.HELD  # one member left
    accept(page, personas, "colleague", grus.pk)
    grus.refresh_from_db()
    assert grus.state == State.ACCEPTED


def last_years_lus_with_a_plan(personas: Any, goal: str) -> None:
    """Last year's LUS between the board chair and the leader, held and with a plan.
    Invitations are for the future, so it is moved back a year once held."""
    from django.utils import timezone

    from samtale.conversations import services
    from samtale.conversations.models import ConversationKind
    from samtale.development import services as plan_services

    lus = services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.mae_leader,
        by=actor(personas.mae_leader.manager),
    )
    services.invite(
        lus,
        by=host(lus),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="Kontoret",
    )
    services.mark_held(lus, by=host(lus))
    plan_services.add_item(lus, by=actor(personas.board_chair), goal=goal)
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    Conversation.objects.filter(pk=lus.pk).update(
        starts_at=a_year_ago, created_at=a_year_ago, state=State.CLOSED
    )


def test_lus_with_a_board_chair(page: Page, personas: Any) -> None:
    last_goal = "Styrke samarbejdet med forældrebestyrelsen"
    last_years_lus_with_a_plan(personas, last_goal)
    switch_to(page, personas, "board_chair")
    invite_from_overview(
        page, "Planlæg LUS med Morten Mælkebøtte", "Plan LUS with Morten Mælkebøtte"
    )
    lus = Conversation.objects.exclude(state=State.CLOSED).get(person=personas.mae_leader)
    assert lus.leader == personas.board_chair and lus.kind.code == "lus"

    switch_to(page, personas, "mae_leader")
    page.goto(f"/samtaler/{lus.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Morten Mælkebøtte")
    # Last year's development plan is there by itself.
    expect(
        page.get_by_role(
            "heading", name=re.compile(r"^(Sidste udviklingsplan|Last development plan)$")
        )
    ).to_be_visible()
    expect(cell(page, last_goal)).to_be_visible()
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Foreslå et tema|Propose a theme)")).fill(
        "Institutionens økonomi"
    )
    button(page, "Sæt på dagsordenen", "Add to the agenda").click()
    check_a11y(page)

    switch_to(page, personas, "board_chair")
    page.goto(f"/samtaler/{lus.pk}/")
    expect(page.get_by_text("Institutionens økonomi")).to_be_visible()
    check_a11y(page)
    hold_and_share_summary(page, lus.pk, "Bestyrelsen og lederen aftalte mål for næste år.")
    accept(page, personas, "mae_leader", lus.pk)
    lus.refresh_from_db()
    assert lus.state == State.ACCEPTED
