"""Booking in the browser, axe on every page (on a desktop and on a phone): in an
announced round the leader offers three times at once from "Mine medarbejdere", Emma
books one from her MUS's page, Kasper one from the round's information page, the leader
sees both booked and gives Tina the last.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import button, link, menu_link, switch_to
from samtale.conversations.models import Conversation
from samtale.rounds.models import Round, Slot

pytestmark = pytest.mark.e2e

NAME = "MUS i Solsikken"


def announced_round(personas: Any) -> Round:
    from samtale.access.viewer import acting_as
    from samtale.rounds import services

    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = services.create_round(
        by=hr,
        name=NAME,
        year=today.year,
        units=[personas.units["SOL"]],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
    )
    return services.announce(round_, by=hr, override_reason="Aftalt i MED")


def book_first_free_time(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(Book tid|Book a time)"))
    check_a11y(page)
    page.get_by_role("button", name=re.compile(r"^Book\b")).first.click()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"(Du har booket|You have booked)")
    )
    check_a11y(page)


@on_desktop_and_phone
def test_the_leader_offers_times_two_employees_book_the_leader_sees_both(
    page: Page, personas: Any
) -> None:
    round_ = announced_round(personas)
    day = timezone.localdate() + datetime.timedelta(days=5)

    # The leader offers three times from "Mine medarbejdere".
    switch_to(page, personas, "leader")
    menu_link(page, "Mine medarbejdere", "My people").click()
    check_a11y(page)
    link(page, f"Tilbyd tider i {NAME}", f"Offer times in {NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(Tilbyd tider|Offer)"))
    check_a11y(page)
    page.get_by_label(re.compile(r"^(Dato|Date)")).fill(day.isoformat())
    page.get_by_label(re.compile(r"^(Første tid begynder|First time starts)")).fill("09:00")
    page.get_by_label(re.compile(r"^(Antal tider|Number of times)")).fill("3")
    page.get_by_label(re.compile(r"^(Varighed af hver|Duration of each)")).fill("30")
    page.get_by_label(re.compile(r"^(Pause mellem|Break between)")).fill("15")
    page.get_by_label(re.compile(r"^(Sted|Place)")).fill("Kontoret")
    button(page, "Tilbyd tiderne", "Offer the times").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"(3 nye tider|3 new)"))
    check_a11y(page)
    slots = list(Slot.objects.filter(round=round_, leader=personas.leader))
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in slots] == [
        "09:00",
        "09:45",
        "10:30",
    ]

    # Emma books from her MUS's page: the first time.
    emma = Conversation.objects.get(person=personas.employee, kind__code="mus")
    switch_to(page, personas, "employee")
    page.goto(f"/samtaler/{emma.pk}/")
    check_a11y(page)
    link(page, "Book tid", "Book a time").click()
    book_first_free_time(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emma Ansat")

    # Kasper books from the round's information page: the first time still free.
    switch_to(page, personas, "colleague")
    page.goto(f"/runder/{round_.pk}/information/")
    check_a11y(page)
    link(page, "Book tid", "Book a time").click()
    book_first_free_time(page)

    kasper = Conversation.objects.get(person=personas.colleague, kind__code="mus")
    emma.refresh_from_db()
    kasper.refresh_from_db()
    assert (emma.state, kasper.state) == ("invited", "invited")
    assert [s.conversation_id for s in Slot.objects.filter(round=round_)] == [
        emma.pk,
        kasper.pk,
        None,
    ]

    # The leader sees both booked, and gives Tina the last time.
    switch_to(page, personas, "leader")
    page.goto(f"/runder/{round_.pk}/tider/")
    check_a11y(page)
    times = page.get_by_role("region", name=re.compile(r"^(Dine tilbudte tider|Your offered)"))
    expect(times.get_by_role("link", name="Emma Ansat")).to_be_visible()
    expect(times.get_by_role("link", name="Kasper Kollega")).to_be_visible()
    page.get_by_label(re.compile(r"^(Samtale|Conversation)")).select_option(
        label="Tina Tillid (MUS)"
    )
    button(page, "Giv tiden", "Give the time").click()
    expect(page.get_by_role("status").first).to_contain_text("Tina Tillid")
    check_a11y(page)
    expect(times.get_by_role("link", name="Tina Tillid")).to_be_visible()
    tina = Conversation.objects.get(person=personas.tr, kind__code="mus")
    assert tina.state == "invited"
    assert timezone.localtime(tina.starts_at).strftime("%H:%M") == "10:30"
