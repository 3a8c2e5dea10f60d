"""HR's import page in the browser: upload, preview, confirm; a bad file shows its
problems and writes nothing. axe checks every state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import check_a11y
from e2e.test_login_and_browse import log_in
from samtale.org.models import OrgUnit, Person

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).resolve().parent.parent / "docs" / "samples"


def _upload(page: Page, kind_label: re.Pattern[str], path: Path) -> None:
    page.get_by_label(kind_label).check()
    page.get_by_label(re.compile(r"^(Fil|File)$")).set_input_files(path)
    page.get_by_role("button", name=re.compile(r"^(Kontrollér filen|Check the file)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^(Kontrollér importen|Check the import)$")
    )
    check_a11y(page)


def test_admin_imports_the_sample_files(page: Page, personas: Any) -> None:
    page.goto("/login/")
    check_a11y(page)
    log_in(page, personas.user("admin").email)
    check_a11y(page)
    page.get_by_role(
        "link", name=re.compile(r"^(Importér enheder og personer|Import units)")
    ).click()
    check_a11y(page)

    _upload(page, re.compile(r"^(Enheder|Units)"), SAMPLES / "units.csv")
    assert not OrgUnit.objects.filter(code="SK").exists()  # nothing before confirming
    page.get_by_role("button", name=re.compile(r"^(Bekræft importen|Confirm import)$")).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(Importeret|Imported)"))
    check_a11y(page)
    assert OrgUnit.objects.filter(code="SK").exists()

    _upload(page, re.compile(r"^(Personer|People)"), SAMPLES / "people.csv")
    page.get_by_role("button", name=re.compile(r"^(Bekræft importen|Confirm import)$")).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"(Importeret|Imported)"))
    check_a11y(page)
    assert Person.objects.filter(employee_number="2001").exists()


def test_a_bad_file_shows_its_problems_and_writes_nothing(
    page: Page, personas: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "enheder.csv"
    bad.write_text("kode;navn;overordnet\nA;Alfa;B\nB;Beta;A\n", encoding="utf-8")
    before = OrgUnit.objects.count()
    page.goto("/organisation/import/")
    check_a11y(page)
    log_in(page, personas.user("admin").email)
    check_a11y(page)
    _upload(page, re.compile(r"^(Enheder|Units)"), bad)
    table = page.get_by_role("table")
    expect(table.first).to_contain_text(re.compile(r"(ring|circle)"))
    expect(page.get_by_role("button", name=re.compile(r"(Bekræft|Confirm)"))).to_have_count(0)
    assert OrgUnit.objects.count() == before
