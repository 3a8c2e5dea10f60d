"""Reading CSV/XLSX exports: encodings, separators, row numbers, dates and numbers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from samtale.lib.tabular import (
    TabularError,
    detect_delimiter,
    normalise_header,
    parse_date,
    parse_decimal,
    read_table,
)


def test_cp1252_with_semicolons_as_danish_excel_writes_it():
    data = "Navn;Enhed\r\nSøren Ærø;Børnehuset\r\n".encode("cp1252")
    table = read_table(data, filename="export.csv")
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.header == ["navn", "enhed"]
    assert table.rows[0].cells == ["Søren Ærø", "Børnehuset"]
    assert table.rows[0].number == 2


def test_utf8_with_bom_and_commas():
    data = "\ufeffCode,Name,Parent code\nK,Kommune,\nBU,Børn og Unge,K\n".encode()
    table = read_table(data)
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ","
    assert table.header == ["code", "name", "parent code"]
    assert table.raw_header == ["Code", "Name", "Parent code"]
    assert [r.cells for r in table.rows] == [["K", "Kommune", ""], ["BU", "Børn og Unge", "K"]]


def test_utf8_without_bom():
    table = read_table("navn\nÅse\n".encode())
    assert table.encoding == "utf-8"
    assert table.rows[0].cells == ["Åse"]


def test_row_numbers_count_blank_rows_and_multiline_cells_as_a_spreadsheet_does():
    data = b'a;b\n1;"two\nlines"\n\n3;x\n'
    table = read_table(data)
    assert [(r.number, r.cells[0]) for r in table.rows] == [(2, "1"), (4, "3")]
    assert table.rows[0].cells[1] == "two\nlines"


def test_short_rows_read_as_empty_cells_and_values_are_stripped():
    table = read_table(b"a;b;c\n 1 ;2\n")
    row = table.rows[0]
    assert row.get(0) == "1"
    assert row.get(2) == ""
    assert row.get(None) == ""


def test_delimiter_ignores_separators_inside_quotes():
    assert detect_delimiter('"Name, full";unit') == ";"
    assert detect_delimiter("a,b;c,d") == ","
    assert detect_delimiter("single") == ";"


def test_header_normalisation():
    assert normalise_header("\ufeff  E-Mail \xa0 Adresse ") == "e-mail adresse"
    assert normalise_header(None) == ""


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_cells_become_text_or_dates():
    data = _xlsx(
        [
            ["Medarbejdernummer", "Timer", "Startdato", "Navn"],
            [1001, 37.5, datetime.datetime(2026, 1, 31), "Åse"],
            [],
            [1002.0, 37, None, "Bo"],
        ]
    )
    table = read_table(data, filename="people.xlsx")
    assert table.header == ["medarbejdernummer", "timer", "startdato", "navn"]
    assert table.rows[0].cells == ["1001", "37.5", datetime.date(2026, 1, 31), "Åse"]
    assert table.rows[1].number == 4
    assert table.rows[1].cells[:3] == ["1002", "37", ""]


def test_xlsx_detected_by_content_even_with_another_name():
    table = read_table(_xlsx([["a"], ["b"]]), filename="upload")
    assert table.rows[0].cells == ["b"]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "x.csv"),
        (b"\n\n;;\n", "x.csv"),
        (b"PK\x03\x04 not really a zip", "x.xlsx"),
        (b"a;b\n", "x.pdf"),
        (b"\x00\x01\x02", "x.csv"),
    ],
)
def test_unreadable_files_raise_a_message(data, filename):
    with pytest.raises(TabularError) as error:
        read_table(data, filename=filename)
    assert str(error.value)


def test_a_missing_path_raises_a_message(tmp_path):
    with pytest.raises(TabularError, match=r"missing\.csv"):
        read_table(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-31", datetime.date(2026, 1, 31)),
        ("31-01-2026", datetime.date(2026, 1, 31)),
        ("31.01.2026", datetime.date(2026, 1, 31)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        ("2026-01-31 00:00:00", datetime.date(2026, 1, 31)),
        (" ", None),
        (datetime.date(2026, 1, 31), datetime.date(2026, 1, 31)),
        (datetime.datetime(2026, 1, 31, 8, 0), datetime.date(2026, 1, 31)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-13-2026", "2026-02-30", "tomorrow", "2026/01/31", "31012026"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("37,5", Decimal("37.5")),
        ("37.5", Decimal("37.5")),
        ("37", Decimal("37")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        (" 28,75 ", Decimal("28.75")),
        ("", None),
    ],
)
def test_parse_decimal(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "3,5,5", "1e3", "--1"])
def test_parse_decimal_rejects(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


# --- writing ---------------------------------------------------------------------------


def test_write_xlsx_types_cells_and_reads_back():
    import zoneinfo

    from samtale.lib.tabular import Column, Sheet, write_xlsx

    at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)  # 10.00 in Copenhagen
    data = write_xlsx(
        [
            Sheet(
                title="Enheder: [alle]",
                columns=[Column("Navn"), Column("Andel", "0%"), Column("Dato"), Column("Tid")],
                rows=[["Børnehuset Solsikken", 0.5, datetime.date(2026, 3, 31), at]],
                total=["I alt", 0.5, None, None],
            )
        ],
        title="Runden",
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Enheder- -alle-"]
    assert book.properties.title == "Runden"
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Navn", "Andel", "Dato", "Tid"]
    assert all(c.font.b for c in sheet[1]) and all(c.font.b for c in sheet[3])
    assert not sheet["A2"].font.b
    assert sheet["B2"].value == 0.5 and sheet["B2"].number_format == "0%"
    assert (
        sheet["C2"].value == datetime.datetime(2026, 3, 31)
        and sheet["C2"].number_format == "DD-MM-YYYY"
    )
    local = at.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None)
    assert sheet["D2"].value == local and sheet["D2"].number_format == "DD-MM-YYYY HH:MM"
    assert sheet.column_dimensions["A"].width == len("Børnehuset Solsikken") + 2
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D2"  # the total row stays out of the filter


_AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _write(path: Any, count: int) -> int:
    """``count`` rows written from an iterator; how many the iterator gave."""
    from samtale.lib.tabular import Column, Sheet, stream_xlsx

    produced = 0

    def rows() -> Any:
        nonlocal produced
        for n in range(count):
            produced += 1
            yield [f"Person {n}", n, Decimal("1234.50"), datetime.date(2026, 1, 1), _AT]

    columns = [
        Column("Navn", width=20),
        Column("Nummer"),
        Column("Kr.", "#,##0.00"),
        Column("Dato"),
        Column("Tid"),
    ]
    stream_xlsx(
        [Sheet("Aktiviteter", columns, rows(), total=["I alt", count, None, None, None])],
        path,
        title="Eksport",
    )
    return produced


def _peak_while_writing(path: Any, count: int) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        assert _write(path, count) == count
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_stream_xlsx_uses_the_same_memory_for_1000_rows_as_for_10000(tmp_path):
    """The rows are written as they come: ten times the rows, not ten times the memory
    (9,000 rows held would be several megabytes). Traced, which makes writing three
    times slower, so measured on these two sizes; 50,000 are written in the next test."""
    small = _peak_while_writing(tmp_path / "small.xlsx", 1_000)
    large = _peak_while_writing(tmp_path / "large.xlsx", 10_000)
    assert large < small + 1024 * 1024, (small, large)
    assert large < 40 * 1024 * 1024  # the ceiling is 200 MB for the whole export


def test_stream_xlsx_writes_50000_rows_from_an_iterator(tmp_path):
    path = tmp_path / "export.xlsx"
    assert _write(path, 50_000) == 50_000

    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 50_002
    assert values[0] == ("Navn", "Nummer", "Kr.", "Dato", "Tid")
    assert values[1] == ("Person 0", 0, 1234.5, datetime.datetime(2026, 1, 1), values[1][4])
    assert values[50_000][:2] == ("Person 49999", 49_999)
    assert values[-1][:2] == ("I alt", 50_000)
    header, first = sheet[1], sheet[2]
    assert header[0].font.b and not first[0].font.b and sheet[50_002][0].font.b
    assert first[2].number_format == "#,##0.00" and first[3].number_format == "DD-MM-YYYY"
    book.close()
    # Widths, the frozen header and the filter, read from the sheet's XML as it begins
    # and ends (a full load of 50,000 rows would take as long as the writing).
    import zipfile

    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    # As given: an iterator is not measured.
    assert 'width="22" customWidth="1" min="1" max="1"' in xml
    assert 'topLeftCell="A2"' in xml
    assert '<autoFilter ref="A1:E50001"' in xml
