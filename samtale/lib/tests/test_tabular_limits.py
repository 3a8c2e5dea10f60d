"""Hostile spreadsheets: a declared dimension is not trusted, reading stays within a
memory bound, and a file with too many cells is refused with a message for the user."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from samtale.lib.tabular import TabularError, read_table
from samtale.testing.spreadsheets import HUGE, hostile_xlsx

MEMORY_BOUND_MB = 200


def test_the_hostile_file_is_small_and_declares_the_whole_sheet():
    data = hostile_xlsx()
    assert len(data) < 60 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert HUGE.encode() in archive.read("xl/worksheets/sheet1.xml")


_MEASURE = """
import os, sys, threading
import django
django.setup()
from samtale.lib.tabular import read_table

BOUND = int(sys.argv[2]) * 1024 * 1024

def watch():
    # Stop as soon as the bound is passed, rather than letting the machine swap.
    page = os.sysconf("SC_PAGE_SIZE")
    while True:
        with open("/proc/self/statm") as f:
            if int(f.read().split()[1]) * page > BOUND:
                print("over the bound", flush=True)
                os._exit(3)
        threading.Event().wait(0.02)

threading.Thread(target=watch, daemon=True).start()
table = read_table(sys.argv[1])
# VmHWM is this process's own peak; ru_maxrss would include the forking parent's.
with open("/proc/self/status") as f:
    peak = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM:"))
print(len(table.rows), len(table.header), peak, flush=True)
sys.exit(0 if peak <= BOUND else 4)
"""


def test_a_declared_huge_dimension_is_read_within_the_memory_bound(tmp_path: Path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile_xlsx())
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(MEMORY_BOUND_MB)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "samtale.testing.settings"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows, columns, _peak = (int(v) for v in done.stdout.split())
    assert (rows, columns) == (3000, 3)


def test_trailing_blank_cells_are_not_kept():
    table = read_table(hostile_xlsx(rows=2), filename="hostile.xlsx")
    assert table.header == ["medarbejdernummer", "navn", "enhed"]
    assert [row.cells for row in table.rows] == [
        ["10000", "Person 0", "SOL"],
        ["10001", "Person 1", "SOL"],
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_with_too_many_cells_is_refused_in_danish(settings, kind):
    settings.SAMTALE_IMPORT_MAX_CELLS = 100
    if kind == "xlsx":
        data, name = hostile_xlsx(rows=40), "people.xlsx"
    else:
        data = "".join(f"{n};Person {n};SOL\n" for n in range(40)).encode()
        name = "people.csv"
    with translation.override("da"), pytest.raises(TabularError) as caught:
        read_table(data, filename=name)
    assert str(caught.value) == (
        "Filen har for mange celler: højst 100. Del den op i flere filer, "
        "eller fjern tomme rækker og kolonner."
    )


def test_a_file_within_the_cell_limit_is_read(settings):
    settings.SAMTALE_IMPORT_MAX_CELLS = 123  # 41 rows of 3 cells
    table = read_table(hostile_xlsx(rows=40), filename="people.xlsx")
    assert len(table.rows) == 40


def test_one_csv_line_with_endless_separators_is_refused(settings):
    settings.SAMTALE_IMPORT_MAX_CELLS = 1000
    with pytest.raises(TabularError):
        read_table(b"a;b\n" + b";" * 100_000 + b"\n", filename="people.csv")


def _with_shared_strings(strings: int, *, text: str = "a") -> bytes:
    """The small hostile workbook with a shared-strings part of ``strings`` entries added
    (highly compressible: a zip bomb for a reader that loads the part whole)."""
    source = zipfile.ZipFile(io.BytesIO(hostile_xlsx(rows=2)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />'
                    b"</Types>",
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9" />'
                    b"</Relationships>",
                )
            archive.writestr(info, content)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            entry = f"<si><t>{text}</t></si>".encode()
            for _ in range(strings // 1000):
                part.write(entry * 1000)
            part.write(b"</sst>")
    return out.getvalue()


def test_shared_strings_that_unpack_beyond_the_bound_are_refused_unread(tmp_path: Path):
    data = _with_shared_strings(3_000_000)  # 51 MB unpacked
    assert len(data) < 1024 * 1024
    with translation.override("da"), pytest.raises(TabularError) as caught:
        read_table(data, filename="bomb.xlsx")
    assert "for stor" in str(caught.value)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    refusing = _MEASURE.replace(
        "table = read_table(sys.argv[1])",
        "from samtale.lib.tabular import TabularError\n"
        "try:\n    read_table(sys.argv[1])\nexcept TabularError:\n    pass",
    ).replace("print(len(table.rows), len(table.header), peak", "print(peak")
    done = subprocess.run(
        [sys.executable, "-c", refusing, str(path), str(MEMORY_BOUND_MB)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "samtale.testing.settings"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_more_shared_strings_than_cells_are_refused(settings):
    settings.SAMTALE_IMPORT_MAX_CELLS = 1500
    with pytest.raises(TabularError) as caught:
        read_table(_with_shared_strings(2000), filename="people.xlsx")
    assert "1500" in str(caught.value)
