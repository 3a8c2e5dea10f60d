"""``samtale import units|people FILE``: formats, upserts, the report, and bad input
that writes nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samtale.access.models import User
from samtale.lib.tabular import read_table
from samtale.org import importing
from samtale.org.models import OrgUnit, Person, ProfessionalGroup

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"

UNITS_CSV = "code;name;parent_code\nK;Kommune;\nBU;Børn og Unge;K\nSOL;Solsikken;BU\n"
PEOPLE_HEADER = (
    "employee_number;name;email;unit_code;manager_employee_number;job_title;"
    "professional_group;start_date;end_date;weekly_hours\n"
)


def _run(tmp_path: Path, kind: str, content: str | bytes, *args: str, name: str = "") -> str:
    """Run the command; return stdout. Raises CommandError with stderr attached."""
    path = tmp_path / (name or f"{kind}.csv")
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", kind, str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        exc.stderr = err.getvalue()  # type: ignore[attr-defined]
        raise
    return out.getvalue()


def _problems(tmp_path: Path, kind: str, content: str | bytes, *args: str) -> str:
    with pytest.raises(CommandError) as error:
        _run(tmp_path, kind, content, *args)
    english = "--lang" in args and args[args.index("--lang") + 1] == "en"
    assert ("Nothing was imported" if english else "Intet blev importeret") in str(error.value)
    return error.value.stderr  # type: ignore[attr-defined]


def _snapshot() -> tuple[object, ...]:
    return (
        list(OrgUnit.objects.values_list("code", "name", "parent_id", "path").order_by("code")),
        list(Person.objects.values().order_by("pk")),
        list(ProfessionalGroup.objects.values_list("name", flat=True).order_by("name")),
        list(User.objects.values_list("email", flat=True).order_by("email")),
    )


@pytest.fixture
def units(tmp_path):
    _run(tmp_path, "units", UNITS_CSV, "--lang", "en")


# --- units -----------------------------------------------------------------------------


def test_units_with_parent_later_in_the_file_get_true_paths(tmp_path):
    out = _run(
        tmp_path,
        "units",
        "code;name;parent_code\nSOL;Solsikken;BU\nBU;Børn og Unge;K\nK;Kommune;\n",
        "--lang",
        "en",
    )
    assert "3 new, 0 changed, 0 leaving, 0 unchanged." in out
    k, bu, sol = (OrgUnit.objects.get(code=c) for c in ("K", "BU", "SOL"))
    assert k.parent is None
    assert sol.parent == bu
    assert bu.parent == k
    assert sol.path == f"/{k.pk}/{bu.pk}/{sol.pk}/"
    assert list(OrgUnit.objects.below(k).order_by("path")) == [k, bu, sol]


def test_units_reimport_moves_and_renames_only_what_changed(tmp_path, units):
    out = _run(
        tmp_path,
        "units",
        "code;name;parent_code\nK;Kommune;\nBU;Børn og Unge;K\nSOL;Solsikken ny;K\n",
        "--lang",
        "en",
    )
    assert "0 new, 1 changed, 0 leaving, 2 unchanged." in out
    k, sol = OrgUnit.objects.get(code="K"), OrgUnit.objects.get(code="SOL")
    assert sol.name == "Solsikken ny"
    assert sol.path == f"/{k.pk}/{sol.pk}/"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("code;name;parent_code\nK;Kommune;\nX;Ukendt;NOPE\n", 'Row 3, column "parent_code"'),
        ("code;name;parent_code\nK;Kommune;\nK;Igen;\n", 'Row 3, column "code"'),
        ("code;name;parent_code\nA;A;B\nB;B;A\n", 'Row 2, column "parent_code"'),
        ("code;name;parent_code\nA;A;A\n", 'Row 2, column "parent_code"'),
        ("navn;overordnet\nKommune;\n", 'Row 1, column "kode"'),
        ("code;name\nK;\n", 'Row 2, column "name"'),
        ("code;name\n", "no rows below the header"),
    ],
)
def test_bad_units_files_write_nothing(tmp_path, units, content, expected):
    before = _snapshot()
    stderr = _problems(tmp_path, "units", content, "--lang", "en")
    assert expected in stderr
    assert _snapshot() == before


def test_unit_cycle_through_the_database_is_found(tmp_path, units):
    before = _snapshot()
    stderr = _problems(tmp_path, "units", "code;name;parent_code\nK;Kommune;SOL\n", "--lang", "en")
    assert 'Row 2, column "parent_code": The units form a circle: K → SOL → BU → K.' in stderr
    assert _snapshot() == before


# --- people ----------------------------------------------------------------------------


def test_sample_files_from_the_docs_import(tmp_path):
    """docs/samples stay true: semicolons, Danish headers, a leader after their staff."""
    out_units = _run(
        tmp_path, "units", (SAMPLES / "units.csv").read_bytes(), "--lang", "en", name="u.csv"
    )
    assert "10 new" in out_units
    out = _run(tmp_path, "people", (SAMPLES / "people.csv").read_bytes(), "--lang", "en")
    assert "11 new, 0 changed, 0 leaving, 0 unchanged." in out
    assert "Professional groups created: Administration, Ledelse, Lærer, Pædagog" in out
    top = Person.objects.get(employee_number="2001")
    assert top.manager is None
    everyone = Person.objects.filter(line_path__startswith=top.line_path)
    assert everyone.count() == 11
    for person in Person.objects.exclude(pk=top.pk).select_related("manager"):
        assert person.manager is not None
        assert person.line_path == f"{person.manager.line_path}{person.pk}/"
    anne = Person.objects.get(employee_number="2005")
    assert anne.weekly_hours == Decimal("32.5")
    assert anne.start_date == datetime.date(2020, 8, 1)
    assert anne.professional_group is not None
    assert anne.professional_group.name == "Pædagog"
    assert anne.unit is not None and anne.unit.code == "SOM"


def test_cp1252_with_semicolons(tmp_path, units):
    content = PEOPLE_HEADER + "1;Søren Ærø;soren@k.dk;SOL;;Pædagog;Pædagog;01-08-2020;;37,5\n"
    _run(tmp_path, "people", content.encode("cp1252"), "--lang", "en")
    person = Person.objects.get(employee_number="1")
    assert person.name == "Søren Ærø"
    assert person.weekly_hours == Decimal("37.5")


def test_utf8_bom_with_commas_and_english_headers(tmp_path, units):
    content = (
        "\ufeffEmployee number,Name,E-mail,Unit code,Manager employee number\n"
        "2,Åse Ørsted,ASE@K.DK,SOL,1\n"
        "1,Bo Leder,bo@k.dk,BU,\n"
    )
    out = _run(tmp_path, "people", content.encode("utf-8"), "--lang", "en")
    assert "2 new" in out
    ase = Person.objects.get(employee_number="2")
    assert ase.name == "Åse Ørsted"
    assert ase.email == "ase@k.dk"
    assert ase.manager == Person.objects.get(employee_number="1")


def test_xlsx_with_danish_headers_and_date_cells(tmp_path, units):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Medarbejdernummer", "Navn", "Enhed", "Leder", "Startdato", "Timer"])
    sheet.append([1002, "Emma", "SOL", 1001, datetime.datetime(2021, 3, 1), 30])
    sheet.append([1001, "Lene", "SOL", None, "31-01-2020", 37.5])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    call_command("import", "people", str(path), stdout=io.StringIO())
    emma = Person.objects.get(employee_number="1002")
    assert emma.start_date == datetime.date(2021, 3, 1)
    assert emma.manager is not None and emma.manager.employee_number == "1001"
    assert emma.manager.start_date == datetime.date(2020, 1, 31)
    assert emma.manager.weekly_hours == Decimal("37.5")


def test_manager_later_in_the_file_and_deep_lines(tmp_path, units):
    content = PEOPLE_HEADER + "".join(
        f"{n};Person {n};;SOL;{n + 1 if n < 5 else ''};;;;;\n" for n in range(1, 6)
    )
    _run(tmp_path, "people", content, "--lang", "en")
    five = Person.objects.get(employee_number="5")
    led = Person.objects.filter(line_path__startswith=five.line_path).exclude(pk=five.pk)
    assert list(led.order_by("employee_number").values_list("employee_number", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
    ]
    one = Person.objects.get(employee_number="1")
    assert one.line_path.count("/") == 6


def test_new_professional_groups_are_named_and_existing_ones_matched(tmp_path, units):
    ProfessionalGroup.objects.create(name="Pædagog")
    content = (
        PEOPLE_HEADER
        + "1;A;;SOL;;;pædagog;;;\n"
        + "2;B;;SOL;;;Tandplejer;;;\n"
        + "3;C;;SOL;;;TANDPLEJER;;;\n"
    )
    dry = _run(tmp_path, "people", content, "--lang", "en", "--dry-run")
    assert "Professional groups to be created: Tandplejer" in dry
    assert not ProfessionalGroup.objects.filter(name="Tandplejer").exists()
    out = _run(tmp_path, "people", content, "--lang", "en")
    assert "Professional groups created: Tandplejer" in out
    assert sorted(ProfessionalGroup.objects.values_list("name", flat=True)) == [
        "Pædagog",
        "Tandplejer",
    ]
    assert Person.objects.get(employee_number="3").professional_group.name == "Tandplejer"  # type: ignore[union-attr]


def test_reimport_changes_only_what_changed_and_updates_the_login(tmp_path, personas):
    employee, colleague = personas.employee, personas.colleague
    before_colleague = Person.objects.filter(pk=colleague.pk).values().get()
    content = (
        PEOPLE_HEADER
        + "1003;Emma Ansat;emma.ny@eksempel.dk;SOL;1002;Pædagog;Pædagog;01-08-2020;;37\n"
        + "1004;Kasper Kollega;colleague@eksempel.dk;SOL;1002;Pædagog;Pædagog;2020-08-01;;37,0\n"
    )
    dry = _run(tmp_path, "people", content, "--lang", "en", "--dry-run")
    assert "0 new, 1 changed, 0 leaving, 1 unchanged." in dry
    assert "Row 2: Changed 1003 Emma Ansat (e-mail)" in dry
    out = _run(tmp_path, "people", content, "--lang", "en")
    assert "0 new, 1 changed, 0 leaving, 1 unchanged." in out
    employee.refresh_from_db()
    assert employee.email == "emma.ny@eksempel.dk"
    assert User.objects.get(pk=employee.user_id).email == "emma.ny@eksempel.dk"
    assert Person.objects.filter(pk=colleague.pk).values().get() == before_colleague
    again = _run(tmp_path, "people", content, "--lang", "en")
    assert "0 new, 0 changed, 0 leaving, 2 unchanged." in again


def test_missing_columns_leave_fields_alone_and_external_leaders_are_kept(tmp_path, personas):
    mae = personas.mae_leader
    content = "medarbejdernummer;navn;enhed;leder\n1007;Morten Mælkebøtte;MAE;\n"
    out = _run(tmp_path, "people", content, "--lang", "en")
    assert "0 changed" in out
    mae.refresh_from_db()
    assert mae.manager == personas.board_chair
    assert mae.job_title == "Leder"
    assert mae.email == "mae.leader@eksempel.dk"


def test_leaving_and_moving(tmp_path, personas):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    content = (
        "employee_number;name;unit_code;manager_employee_number;end_date\n"
        f"1003;Emma Ansat;SOL;1002;{yesterday.isoformat()}\n"
        "1006;Anders Arbejdsmiljø;MAE;1007;\n"
    )
    out = _run(tmp_path, "people", content, "--lang", "en", "--dry-run")
    assert "0 new, 1 changed, 1 leaving, 0 unchanged." in out
    _run(tmp_path, "people", content, "--lang", "en")
    assert not Person.objects.get(employee_number="1003").is_active
    anders = Person.objects.get(employee_number="1006")
    morten = personas.mae_leader
    morten.refresh_from_db()
    assert anders.unit == personas.units["MAE"]
    assert anders.line_path == f"{morten.line_path}{anders.pk}/"
    leader = Person.objects.get(employee_number="1002")
    assert not anders.line_path.startswith(leader.line_path)


def test_dry_run_writes_nothing(tmp_path, units):
    before = _snapshot()
    out = _run(
        tmp_path,
        "people",
        PEOPLE_HEADER + "1;A;a@k.dk;SOL;;;Ny gruppe;;;\n",
        "--dry-run",
        "--lang",
        "en",
    )
    assert "Dry run: nothing was written." in out
    assert "1 new, 0 changed, 0 leaving, 0 unchanged." in out
    assert "Row 2: New 1 A" in out
    assert _snapshot() == before


BAD_PEOPLE = [
    pytest.param("1;A;;NOPE;;;;;;\n", 'Row 2, column "unit_code": No unit has', id="unknown unit"),
    pytest.param("1;A;;SOL;;;;;;\n1;B;;SOL;;;;;;\n", 'Row 3, column "employee_number"', id="dup"),
    pytest.param("1;A;a@;SOL;;;;;;\n", 'Row 2, column "email": "a@" is not a valid', id="email"),
    pytest.param(
        "1;A;a@k.dk;SOL;;;;;;\n2;B;A@K.DK;SOL;;;;;;\n", 'Row 3, column "email"', id="dup email"
    ),
    pytest.param("1;A;;SOL;;;;32-01-2020;;\n", 'Row 2, column "start_date"', id="date"),
    pytest.param(
        "1;A;;SOL;;;;2020-02-01;2020-01-31;\n",
        'Row 2, column "end_date": The end date is before the start date.',
        id="end before start",
    ),
    pytest.param("1;A;;SOL;;;;;;81\n", 'Row 2, column "weekly_hours"', id="hours"),
    pytest.param("1;A;;SOL;;;;;;37,555\n", 'Row 2, column "weekly_hours"', id="decimals"),
    pytest.param(
        "1;A;;SOL;9;;;;;\n", 'Row 2, column "manager_employee_number": No person', id="mgr"
    ),
    pytest.param("1;A;;SOL;1;;;;;\n", "A person cannot be their own leader.", id="self"),
    pytest.param(
        "1;A;;SOL;3;;;;;\n2;B;;SOL;1;;;;;\n3;C;;SOL;2;;;;;\n",
        'Row 2, column "manager_employee_number": The leaders form a circle: '
        "A (1) → C (3) → B (2) → A (1).",
        id="cycle",
    ),
    pytest.param(
        ";A;;SOL;;;;;;\n", 'Row 2, column "employee_number": A value is required.', id="req"
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BAD_PEOPLE)
def test_bad_people_files_write_nothing(tmp_path, units, rows, expected):
    good = "7;Good Row;good@k.dk;SOL;;;Ny gruppe;;;\n"  # a row that alone would import
    before = _snapshot()
    stderr = _problems(tmp_path, "people", PEOPLE_HEADER + rows + good, "--lang", "en")
    assert expected in stderr
    assert _snapshot() == before


def test_missing_required_column_is_named_in_the_files_language(tmp_path, units):
    before = _snapshot()
    stderr = _problems(tmp_path, "people", "medarbejdernummer;navn\n1;A\n", "--lang", "en")
    assert 'Row 1, column "enhed": The column is required but missing from the file.' in stderr
    stderr = _problems(tmp_path, "people", "employee_number;name\n1;A\n", "--lang", "en")
    assert 'Row 1, column "unit_code"' in stderr
    assert _snapshot() == before


def test_cycle_through_people_already_in_samtale(tmp_path, personas):
    """Christian (1001) leads Lene (1002) who leads Emma (1003): Emma cannot lead him."""
    before = _snapshot()
    stderr = _problems(
        tmp_path,
        "people",
        "medarbejdernummer;navn;enhed;leder\n1001;Christian Chef;DN;1003\n",
        "--lang",
        "en",
    )
    assert (
        'Row 2, column "leder": The leaders form a circle: Christian Chef (1001) → '
        "Emma Ansat (1003) → Lene Leder (1002) → Christian Chef (1001)." in stderr
    )
    assert _snapshot() == before


def test_email_of_another_login_is_refused(tmp_path, personas):
    before = _snapshot()
    stderr = _problems(
        tmp_path,
        "people",
        "employee_number;name;email;unit_code\n1003;Emma Ansat;leader@eksempel.dk;SOL\n",
        "--lang",
        "en",
    )
    assert "leader@eksempel.dk is already another user's login" in stderr
    assert _snapshot() == before


def test_every_problem_in_the_file_is_reported_in_one_run(tmp_path, units):
    content = PEOPLE_HEADER + "1;A;bad;NOPE;9;;;2020-13-01;;x\n"
    stderr = _problems(tmp_path, "people", content, "--lang", "en")
    for column in ("email", "unit_code", "manager_employee_number", "start_date", "weekly_hours"):
        assert f'Row 2, column "{column}"' in stderr


# --- language --------------------------------------------------------------------------


def test_report_is_danish_by_default_and_english_with_lang_en(tmp_path, units):
    content = PEOPLE_HEADER + "1;A;a@;SOL;;;;;;\n"
    danish = _problems(tmp_path, "people", content)
    assert danish.splitlines() == [
        'Række 2, kolonne "email": "a@" er ikke en gyldig e-mailadresse.'
    ]
    english = _problems(tmp_path, "people", content, "--lang", "en")
    assert english.splitlines() == ['Row 2, column "email": "a@" is not a valid e-mail address.']


def test_english_report_is_plain_english(tmp_path, units):
    stderr = _problems(tmp_path, "people", PEOPLE_HEADER + "1;A;a@;SOL;;;;;;\n", "--lang", "en")
    assert stderr.splitlines() == ['Row 2, column "email": "a@" is not a valid e-mail address.']


def test_unreadable_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="XLSX"):
        _run(tmp_path, "units", b"PK\x03\x04 broken", "--lang", "en", name="u.xlsx")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_large_files_in_a_terminal_only(tmp_path, units, monkeypatch):
    import importlib

    command = importlib.import_module("samtale.org.management.commands.import")
    monkeypatch.setattr(command, "PROGRESS_FROM_ROWS", 3)
    content = PEOPLE_HEADER + "".join(f"{n};P{n};;SOL;;;;;;\n" for n in range(5))
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    _run(tmp_path, "people", content, "--lang", "en")
    assert "Checking" in terminal.getvalue()
    assert "Creating" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    _run(tmp_path, "people", content, "--lang", "en", "--no-progress")
    assert quiet.getvalue() == ""


# --- the functions behind the command --------------------------------------------------


def test_validate_does_not_write_and_apply_writes(tmp_path, units):
    path = tmp_path / "p.csv"
    path.write_text(PEOPLE_HEADER + "1;A;;SOL;;;;;;\n", encoding="utf-8")
    result = importing.validate_people(read_table(path))
    assert result.ok and result.plan is not None
    assert not Person.objects.exists()
    importing.apply_plan(result.plan)
    assert Person.objects.get().employee_number == "1"


def test_leave_is_imported_and_checked(tmp_path, personas):
    content = (
        "employee_number;name;unit_code;manager_employee_number;orlov_fra;orlov_til\n"
        "1003;Emma Ansat;SOL;1002;2027-01-10;2027-09-30\n"
        "1004;Kasper Kollega;SOL;1002;2027-02-01;\n"
    )
    out = _run(tmp_path, "people", content, "--lang", "en")
    assert "0 new, 2 changed" in out
    emma = Person.objects.get(employee_number="1003")
    kasper = Person.objects.get(employee_number="1004")
    assert (emma.leave_from, emma.leave_until) == (
        datetime.date(2027, 1, 10),
        datetime.date(2027, 9, 30),
    )
    assert (kasper.leave_from, kasper.leave_until) == (datetime.date(2027, 2, 1), None)
    # back from leave: empty cells clear it
    _run(tmp_path, "people", content.replace("2027-02-01", ""), "--lang", "en")
    kasper.refresh_from_db()
    assert kasper.leave_from is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("2027-03-01;2027-02-01", 'Row 2, column "leave_until": The leave ends before it starts.'),
        (";2027-02-01", 'Row 2, column "leave_from": Leave with a last day needs a first day'),
    ],
)
def test_leave_out_of_order_writes_nothing(tmp_path, personas, cells, expected):
    before = _snapshot()
    content = (
        f"employee_number;name;unit_code;leave_from;leave_until\n1003;Emma Ansat;SOL;{cells}\n"
    )
    stderr = _problems(tmp_path, "people", content, "--lang", "en")
    assert expected in stderr
    assert _snapshot() == before


def test_leave_only_until_checked_against_the_stored_first_day(tmp_path, personas):
    Person.objects.filter(employee_number="1003").update(leave_from=datetime.date(2027, 3, 1))
    before = _snapshot()
    content = "employee_number;name;unit_code;leave_until\n1003;Emma Ansat;SOL;2027-02-01\n"
    stderr = _problems(tmp_path, "people", content, "--lang", "en")
    assert 'Row 2, column "leave_until": The leave ends before it starts.' in stderr
    assert _snapshot() == before
