"""Spreadsheets for tests: a hostile XLSX that declares more than it holds."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

HUGE = '<dimension ref="A1:XFD1048576"/>'


def hostile_xlsx(rows: int = 3000) -> bytes:
    """A small workbook whose first sheet declares the largest possible dimension
    (16,384 columns by 1,048,576 rows) around a few thousand real, narrow rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["medarbejdernummer", "navn", "enhed"])
    for number in range(rows):
        sheet.append([str(10000 + number), f"Person {number}", "SOL"])
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb"<dimension ref=\"[^\"]*\" ?/>", HUGE.encode(), data)
                assert count == 1
            dst.writestr(item, data)
    return out.getvalue()
