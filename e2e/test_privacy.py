"""Privacy in the browser, axe on each page: Emma downloads her own data ("Mine data")
from the header, and HR erases a person on request from the person's page."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.org.models import Person
from samtale.privacy.models import Erasure

pytestmark = pytest.mark.e2e


def test_emma_downloads_her_data(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("employee").email)
    check_a11y(page)
    page.get_by_role("link", name=re.compile(r"^(Mine data|My data)$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Mine data|My data"))
    check_a11y(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"(Hent mine data|Download my data)")).click()
    download = info.value
    assert download.suggested_filename.startswith("mine-data-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert json.loads(archive.read("data/org.json"))["person"]["name"] == "Emma Ansat"
    # the page is still there and usable after the download
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Mine data|My data"))
    page.goto("/")
    check_a11y(page)


def test_hr_erases_a_person_on_request(page: Page, personas: Any) -> None:
    kasper = personas.colleague
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("hr").email)
    check_a11y(page)
    page.goto(f"/organisation/people/{kasper.pk}/")
    check_a11y(page)
    page.get_by_role("link", name=re.compile(r"(Slet personens data|Erase the person)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kasper Kollega")
    check_a11y(page)
    # without the confirmation: the form says so, nothing is erased
    page.get_by_label(re.compile(r"^(Hvorfor slettes personen|Why is the person erased)")).fill(
        "Anmodning pr. brev den 1. december."
    )
    page.get_by_role("button", name=re.compile(r"^(Slet personens data|Erase the person)")).click()
    check_a11y(page)
    assert not Erasure.objects.exists()
    page.get_by_label(re.compile(r"^(Jeg forstår|I understand)")).check()
    page.get_by_role("button", name=re.compile(r"^(Slet personens data|Erase the person)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Slettet person"))
    check_a11y(page)
    assert Person.objects.get(pk=kasper.pk).name == "Slettet person"
    assert Erasure.objects.get().by_name == "Hanne Personale"
