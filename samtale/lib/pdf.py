"""HTML to PDF with WeasyPrint.

The page (a Django template rendered to a string) brings its own look; on top of it
``html_to_pdf`` always applies ``BASE_STYLESHEET``: A4 with margins, page numbers in the
footer, and a font stack that has every Danish letter (DejaVu Sans, installed with
Debian's ``fonts-dejavu-core``, then Liberation/Noto/Arial, then any sans-serif the
machine has). A template may add its own ``<style>`` or ``<link rel="stylesheet">``
(resolved against ``base_url``); its rules win over the base ones where they overlap.
Resources are read from files and ``data:`` URLs only: making a PDF never touches the
network.

Every PDF is tagged for accessibility as PDF/UA-1 asks (WeasyPrint's ``pdf/ua-1``
variant): a structure tree a screen reader follows (headings, paragraphs, lists with
each bullet and its item, tables), marked content, the page's ``<title>`` as the title a
reader shows, and the page's language (``<html lang>``, Danish if it has none). The page
should have a ``<title>``; images need an ``alt`` text.

WeasyPrint needs Pango from the operating system, so it is imported only when a PDF is
made: the application starts (and every page but the PDF ones works) without it.
This module knows no domain model.
"""

from __future__ import annotations

BASE_STYLESHEET = """
@page {
  size: A4;
  margin: 20mm 18mm 22mm 18mm;
  @bottom-right {
    content: counter(page) " / " counter(pages);
    font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif;
    font-size: 8pt;
    color: #555;
  }
}
html {
  font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif;
  font-size: 10pt;
  line-height: 1.4;
  color: #1a1a1a;
}
h1, h2, h3 { line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left; vertical-align: top; padding: 1.5mm 2mm; border-bottom: 0.5pt solid #bbb;
}
tr, li, blockquote { page-break-inside: avoid; break-inside: avoid; }
"""


ALLOWED_PROTOCOLS = frozenset({"file", "data"})
# Tagged PDF (PDF/UA-1): a structure tree, /MarkInfo, /ViewerPreferences /DisplayDocTitle.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
DEFAULT_LANGUAGE = "da"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document. ``base_url`` resolves relative links and images."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: Pango's shared library is missing
        raise PdfUnavailable(
            "Making PDFs needs WeasyPrint and Pango (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core): {exc}"
        ) from exc
    # Images and stylesheets come from files and data: URLs only, never the network.
    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=BASE_STYLESHEET, url_fetcher=fetcher)], **PDF_OPTIONS
    )
    if not document.metadata.lang:
        document.metadata.lang = DEFAULT_LANGUAGE
    data = document.write_pdf(**PDF_OPTIONS)
    if data is None:  # only when a target file is given; never here
        raise PdfUnavailable("WeasyPrint returned no PDF.")
    return data
