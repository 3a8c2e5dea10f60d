"""Reading the PDFs we make, as a test would: the text a reader sees, and what a screen
reader is told (the catalog and the structure tree of a tagged PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def pdf_text(data: bytes) -> str:
    """The text of every page, pages separated by a form feed."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_catalog(data: bytes) -> dict[str, Any]:
    """The document catalog: where a PDF says it is tagged, its language, how to show it.
    Each entry is read (``/MarkInfo`` is a dictionary, not a reference to one)."""
    catalog = PdfReader(io.BytesIO(data)).trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    return {str(key): value.get_object() for key, value in catalog.items()}


def pdf_title(data: bytes) -> str | None:
    """The title a PDF reader shows (the document information's /Title)."""
    metadata = PdfReader(io.BytesIO(data)).metadata
    return metadata.title if metadata else None


@dataclass
class Tag:
    """One element of a tagged PDF's structure tree (what a screen reader follows):
    ``role`` is e.g. ``H1``, ``P``, ``L`` (a list), ``LI``, ``Lbl`` (its bullet), ``LBody``."""

    role: str
    kids: list[Tag] = field(default_factory=list)

    def all(self, role: str) -> list[Tag]:
        """Every element with this role under this one, in reading order."""
        found = []
        for kid in self.kids:
            if kid.role == role:
                found.append(kid)
            found.extend(kid.all(role))
        return found


def pdf_structure(data: bytes) -> Tag:
    """The structure tree from the catalog's /StructTreeRoot (fails if there is none)."""
    root = pdf_catalog(data)["/StructTreeRoot"]

    def element(node: object) -> list[Tag]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            return [tag for kid in node for tag in element(kid)]
        if isinstance(node, DictionaryObject) and "/S" in node:
            return [Tag(str(node["/S"]).lstrip("/"), element(node.get("/K", ArrayObject())))]
        return []  # marked content (a number) or an annotation: no element

    return Tag("StructTreeRoot", element(root.get("/K", ArrayObject())))
