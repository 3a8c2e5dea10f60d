"""Reading spreadsheets as exported by HR and payroll systems: CSV or XLSX in, a header
and data rows out, each row with the number a spreadsheet would show for it.

CSV files come in many shapes: UTF-8 with or without a byte order mark (BOM), or
Windows-1252 (older Danish Excel); separated by semicolons (Danish Excel) or commas.
Both are detected. XLSX files are read with openpyxl in read-only mode; cells holding
dates come through as ``datetime.date``, every other cell as a string.

Memory stays bounded whatever the file claims: the dimension an XLSX sheet declares is
ignored (a 40 KB file can declare 16,384 columns by a million rows, and openpyxl would
pad every row to it), trailing blank cells are dropped, and a file with more cells than
``max_cells`` (the setting ``SAMTALE_IMPORT_MAX_CELLS``) is refused while it is read.

Also here: lenient parsing of the dates and decimal numbers found in such files, and
writing a workbook of typed sheets (``write_xlsx`` and ``stream_xlsx``: numbers as
numbers, dates as dates, a bold header row, columns as wide as their contents; streamed
row by row, so an export of 50,000 rows never holds them all).
This module knows no domain model.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl.styles import Font

# A cell: text, or a date from a typed spreadsheet cell.
Cell = str | datetime.date

CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
EXTENSIONS = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_DELIMITERS = (";", ",", "\t")


class TabularError(ValueError):
    """The file cannot be read as a table. The message is for the user."""


@dataclass
class Row:
    number: int  # 1-based, as shown in a spreadsheet; the header is row 1
    cells: list[Cell]

    def get(self, index: int | None) -> Cell:
        """The cell at ``index``; "" past the end of a short row or for no column."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass
class Table:
    header: list[str]  # normalised (see normalise_header)
    raw_header: list[str]  # as written in the file, stripped
    rows: list[Row] = field(default_factory=list)
    header_row: int = 1
    encoding: str = ""
    delimiter: str = ""

    def __len__(self) -> int:
        return len(self.rows)


def normalise_header(value: object) -> str:
    """A header cell for matching: no byte order mark, no outer space, lower case,
    inner white space collapsed to single spaces (``" E-mail "`` -> ``"e-mail"``)."""
    text = "" if value is None else str(value)
    text = text.replace("\ufeff", "").replace("\xa0", " ")
    return " ".join(text.split()).lower()


# --- reading ---------------------------------------------------------------------------


def read_table(
    source: str | Path | bytes | IO[bytes], *, filename: str = "", max_cells: int | None = None
) -> Table:
    """Read a CSV or XLSX file (a path, the bytes, or an open binary file such as an
    upload) into a Table. Raises TabularError with a message for the user, also when the
    file holds more than ``max_cells`` cells (by default ``SAMTALE_IMPORT_MAX_CELLS``)."""
    if max_cells is None:
        from django.conf import settings

        max_cells = settings.SAMTALE_IMPORT_MAX_CELLS
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TabularError(
                _("The file %(name)s cannot be read: %(reason)s")
                % {"name": filename, "reason": exc.strerror or exc}
            ) from exc
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    suffix = Path(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC) or suffix in XLSX_EXTENSIONS:
        return _read_xlsx(data, max_cells)
    if suffix and suffix not in CSV_EXTENSIONS:
        raise TabularError(
            _("Files of type %(suffix)s cannot be imported. Use CSV or XLSX.") % {"suffix": suffix}
        )
    return _read_csv(data, max_cells)


def _too_many_cells(max_cells: int) -> TabularError:
    return TabularError(
        _(
            "The file has too many cells: at most %(max)s. Split it into several files, "
            "or remove empty rows and columns."
        )
        % {"max": max_cells}
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding found: UTF-8 (with or without BOM),
    UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise TabularError(_("The file is not a text file. Use CSV or XLSX."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise TabularError(
            _("The file's characters cannot be read. Save it as CSV in UTF-8 or as XLSX.")
        ) from exc


def detect_delimiter(header_line: str) -> str:
    """The separator used in the header line: the most frequent of ``;``, ``,`` and tab
    (outside quotes). A header with one column gives ``;``."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(data: bytes, max_cells: int) -> Table:
    text, encoding = decode_text(data)
    del data
    first_line = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    delimiter = detect_delimiter(first_line)

    def lines() -> Iterator[str]:
        # A line with more separators than cells allowed is refused before the csv
        # module splits it into one enormous list.
        for line in io.StringIO(text, newline=""):
            if line.count(delimiter) >= max_cells:
                raise _too_many_cells(max_cells)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    try:
        # Records, not lines: a quoted cell spanning lines is one spreadsheet row.
        return _build(
            ((number, list(cells)) for number, cells in enumerate(reader, start=1)),
            encoding=encoding,
            delimiter=delimiter,
            max_cells=max_cells,
        )
    except csv.Error as exc:
        raise TabularError(
            _("Line %(line)s cannot be read as CSV: %(reason)s")
            % {"line": reader.line_num, "reason": exc}
        ) from exc


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


# openpyxl streams a sheet's rows in read-only mode but loads the rest of the workbook
# whole: the shared strings above all (every distinct text of the file, as a list). A few
# kilobytes compressed can unpack to gigabytes, so those parts are measured first.
MAX_WHOLE_PARTS_BYTES = 32 * 1024 * 1024
_SHEETS = "xl/worksheets/"


def _check_whole_parts(data: bytes, max_cells: int) -> None:
    """Refuse a workbook whose parts that openpyxl reads whole unpack to more than
    ``MAX_WHOLE_PARTS_BYTES``, or whose shared strings are more than ``max_cells`` (no
    file needs more distinct texts than cells); counted while streaming, never held."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TabularError(_("The file cannot be read as an XLSX workbook.")) from exc
    with archive:
        whole = [i for i in archive.infolist() if not i.filename.startswith(_SHEETS)]
        if sum(i.file_size for i in whole) > MAX_WHOLE_PARTS_BYTES:
            raise _too_large()
        for info in whole:
            if not info.filename.endswith("sharedStrings.xml"):
                continue
            strings = 0
            with archive.open(info) as part:
                try:
                    for _event, element in iterparse(part, events=("end",)):
                        if element.tag.endswith("}si") or element.tag == "si":
                            strings += 1
                            if strings > max_cells:
                                raise _too_many_cells(max_cells)
                        element.clear()
                except SyntaxError as exc:  # ParseError
                    raise TabularError(_("The file cannot be read as an XLSX workbook.")) from exc


def _too_large() -> TabularError:
    return TabularError(
        _(
            "The workbook is too large to read: its texts take more than %(mb)s MB. Save "
            "only the sheet to import, or export it as CSV."
        )
        % {"mb": MAX_WHOLE_PARTS_BYTES // (1024 * 1024)}
    )


def _read_xlsx(data: bytes, max_cells: int) -> Table:
    import zipfile

    from openpyxl import load_workbook

    _check_whole_parts(data, max_cells)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TabularError(_("The file cannot be read as an XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # The declared <dimension> is not trusted: without it openpyxl neither pads rows
        # to its width nor adds empty rows up to its height.
        sheet.reset_dimensions()
        rows = (
            (number, [_xlsx_cell(v) for v in values[: _width(values)]])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _build(rows, encoding="xlsx", delimiter="", max_cells=max_cells)
    finally:
        workbook.close()


def _width(values: Sequence[object]) -> int:
    """The number of cells up to the last one that is not empty."""
    width = len(values)
    while width and (values[width - 1] is None or values[width - 1] == ""):
        width -= 1
    return width


def _raw_header(value: object) -> str:
    return " ".join(str(value).replace("\ufeff", "").replace("\xa0", " ").split())


def _is_blank(cells: list[Cell]) -> bool:
    return all(isinstance(c, str) and not c.strip() for c in cells)


def _build(
    rows: Iterator[tuple[int, list[Cell]]], *, encoding: str, delimiter: str, max_cells: int
) -> Table:
    table: Table | None = None
    count = 0
    for number, cells in rows:
        if _is_blank(cells):
            continue
        count += len(cells)
        if count > max_cells:
            raise _too_many_cells(max_cells)
        if table is None:
            table = Table(
                header=[normalise_header(c) for c in cells],
                raw_header=[_raw_header(c) for c in cells],
                header_row=number,
                encoding=encoding,
                delimiter=delimiter,
            )
            continue
        table.rows.append(Row(number, [c.strip() if isinstance(c, str) else c for c in cells]))
    if table is None:
        raise TabularError(_("The file is empty."))
    return table


# --- values ----------------------------------------------------------------------------

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DATE_DANISH = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def parse_date(value: Cell) -> datetime.date | None:
    """``2026-01-31``, ``31-01-2026``, ``31.01.2026`` or ``31/01/2026`` (day first, as in
    Denmark), or a date cell. Empty gives None; anything else raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = value.strip()
    if not text:
        return None
    if match := _DATE_ISO.match(text):
        year, month, day = match.groups()
    elif match := _DATE_DANISH.match(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))


def parse_decimal(value: Cell) -> Decimal | None:
    """``37,5`` (Danish) or ``37.5``; ``1.234,5`` and ``1,234.5`` too. Empty gives None;
    anything else (including NaN and infinity) raises ValueError."""
    if isinstance(value, datetime.date):
        raise ValueError(str(value))
    text = value.strip().replace(" ", "").replace("\xa0", "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(value)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    return number


# --- writing ---------------------------------------------------------------------------

DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Column:
    title: str
    # An Excel number format ("0.0", "0%"); dates and times get DATE_FORMAT and
    # DATETIME_FORMAT unless given one.
    number_format: str = ""
    # Characters wide. Rows given as a list are measured (the widest value, within
    # reason); rows given as an iterator cannot be, and take this (or the title's width).
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    # A list, or any iterable of rows (a generator, a queryset's iterator()): it is read
    # once, row by row, and never held whole.
    rows: Iterable[Sequence[object]] = field(default_factory=list)
    # A last row in bold (totals), or None.
    total: Sequence[object] | None = None


def _xlsx_value(value: object) -> object:
    """Excel knows no time zones: a time is written as the local wall-clock time."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _display_width(value: object, number_format: str) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    if isinstance(value, float | Decimal):
        return len(f"{value:.1f}") + (1 if "%" in number_format else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _number_format(column: Column, value: object) -> str:
    if column.number_format:
        return column.number_format
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return ""


def _widths(sheet: Sheet) -> list[int]:
    """Each column's width: measured over the rows if they are a list, else as given."""
    measured = isinstance(sheet.rows, Sequence)
    widths = []
    for index, column in enumerate(sheet.columns):
        widest = column.width if column.width and not measured else len(column.title)
        if measured:
            for row in [*sheet.rows, *([sheet.total] if sheet.total is not None else [])]:
                value = _xlsx_value(row[index]) if index < len(row) else None
                widest = max(widest, _display_width(value, _number_format(column, value)))
        widths.append(min(max(widest + 2, 8), 60))
    return widths


def _cells(
    ws: Any, columns: list[Column], row: Sequence[object], *, font: Font | None = None
) -> list[object]:
    """A row for a write-only sheet: plain values where they need no style, else cells
    with their number format (and the font, for the header and the total)."""
    from openpyxl.cell import WriteOnlyCell

    out: list[object] = []
    for index, raw in enumerate(row):
        value = _xlsx_value(raw)
        number_format = _number_format(columns[index], value) if index < len(columns) else ""
        if font is None and (value is None or not number_format):
            out.append(value)
            continue
        cell = WriteOnlyCell(ws, value=value)
        if number_format and value is not None:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        out.append(cell)
    return out


def write_xlsx(sheets: list[Sheet], *, title: str = "") -> bytes:
    """The workbook of ``stream_xlsx`` as bytes."""
    out = io.BytesIO()
    stream_xlsx(sheets, out, title=title)
    return out.getvalue()


def stream_xlsx(sheets: Iterable[Sheet], out: IO[bytes] | str | Path, *, title: str = "") -> None:
    """Write a workbook with one worksheet per sheet to ``out`` (a binary file or a
    path): the header row bold and frozen, with a filter; numbers as numbers, dates as
    dates. Written with openpyxl's write-only mode, row by row, so a sheet's rows (an
    iterator) are never all in memory; only the finished file is (in ``out``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    if title:
        workbook.properties.title = title
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(_SHEET_TITLE_FORBIDDEN.sub("-", sheet.title)[:31] or "-")
        # Widths and the frozen header go before the first row in write-only mode.
        for index, width in enumerate(_widths(sheet), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"

        ws.append(_cells(ws, sheet.columns, [c.title for c in sheet.columns], font=bold))
        count = 0
        for row in sheet.rows:
            ws.append(_cells(ws, sheet.columns, row))
            count += 1
        if sheet.total is not None:
            ws.append(_cells(ws, sheet.columns, sheet.total, font=bold))
        if count:  # the filter leaves the total row out
            last = get_column_letter(len(sheet.columns))
            ws.auto_filter.ref = f"A1:{last}{count + 1}"
    if not workbook.worksheets:
        workbook.create_sheet("-")
    workbook.save(out)
