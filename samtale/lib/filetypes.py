"""What a file is, judged by its content, never by its name or the type a browser
declares: PDF, DOCX and XLSX (the documents people attach to a conversation).

- PDF starts with ``%PDF-``.
- DOCX and XLSX are ZIP packages (Office Open XML). Their ``[Content_Types].xml`` names
  the main part's type: a Word document's ``word/document.xml`` or a workbook's
  ``xl/workbook.xml``, and that part must be in the package. Macro-enabled variants
  (.docm, .xlsm) have other main types and are not recognised.

Only the small ``[Content_Types].xml`` is read from a package, never the rest, so a
"ZIP bomb" costs nothing here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 256 * 1024
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True)
class FileType:
    name: str  # PDF, DOCX, XLSX
    mime: str
    extension: str


PDF = FileType("PDF", "application/pdf", ".pdf")
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileType(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
DOCUMENT_TYPES = (PDF, DOCX, XLSX)

# The main part's content type in [Content_Types].xml -> what the package is.
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


def sniff(stream: IO[bytes]) -> FileType | None:
    """PDF, DOCX or XLSX, judged by the content of ``stream`` (a seekable binary file);
    None for anything else. The stream is left at its start."""
    stream.seek(0)
    head = stream.read(1024)
    stream.seek(0)
    try:
        if head.startswith(ZIP_MAGIC):
            return _office_type(stream)
        if head.startswith(PDF_MAGIC):
            return PDF
        return None
    finally:
        stream.seek(0)


def _office_type(stream: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
            info = package.getinfo(CONTENT_TYPES) if CONTENT_TYPES in names else None
            if info is None or info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            root = ElementTree.fromstring(package.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, OSError):
        return None
    except (ValueError, NotImplementedError, RuntimeError):
        return None  # encrypted, unknown compression, ...
    for override in root.iter(f"{_CT_NS}Override"):
        found = _MAIN_PARTS.get(override.get("ContentType", "").strip())
        part = override.get("PartName", "").lstrip("/")
        if found is not None and part in names:
            return found
    return None
