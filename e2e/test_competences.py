"""The competence catalogue's pages in the browser, axe on each, on a desktop and on a
phone: the catalogue by category, a competence with its four levels, a professional
group's profile and a unit's variant of it, and the future needs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.devices import on_desktop_and_phone
from e2e.test_journeys import switch_to
from samtale.competences.models import Competence
from samtale.org.models import ProfessionalGroup

pytestmark = pytest.mark.e2e


@on_desktop_and_phone
def test_every_page_of_the_catalogue_passes_axe(page: Page, personas: Any) -> None:
    competence = Competence.objects.filter(active=True).order_by("pk").first()
    assert competence is not None  # the Danish defaults
    group = ProfessionalGroup.objects.order_by("pk").first()
    assert group is not None
    switch_to(page, personas, "admin")
    for url in (
        "/kompetencer/",
        "/kompetencer/ny/",
        f"/kompetencer/{competence.pk}/",
        "/kompetencer/profiler/",
        f"/kompetencer/profiler/profil/?group={group.pk}",
        f"/kompetencer/profiler/profil/?group={group.pk}&unit={personas.units['SOL'].pk}",
        "/kompetencer/behov/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_a11y(page)
    page.goto("/kompetencer/")
    expect(page.get_by_text(re.compile(competence.name)).first).to_be_visible()
    check_a11y(page)
