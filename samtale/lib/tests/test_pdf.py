"""HTML to PDF: the PDF opens, its text keeps the Danish letters, and it is tagged for
screen readers (PDF/UA): structure, language and title."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pypdf import PdfReader

from samtale.lib.pdf import html_to_pdf
from samtale.testing.pdf import (
    pdf_catalog,
    pdf_page_count,
    pdf_structure,
    pdf_text,
    pdf_title,
)

DANISH = "Æbleø, Ærø, Århus – søster"

PAGE = f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Referat og aftaler</title></head>
<body>
  <h1>Referat og aftaler</h1>
  <h2>Udviklingsplan for Åse Østergård</h2>
  <p>{DANISH}</p>
  <ul><li>Kursus i konflikthåndtering</li><li>Sparring med kollega</li></ul>
</body></html>"""


def test_pdf_has_the_text_with_danish_letters():
    data = html_to_pdf(PAGE)
    text = pdf_text(data)
    assert "Referat og aftaler" in text
    assert "Udviklingsplan for Åse Østergård" in text
    assert DANISH in text
    assert "Kursus i konflikthåndtering" in text
    # The footer's page number from the base stylesheet.
    assert "1 / 1" in text


def test_pdf_is_a4():
    page = PdfReader(io.BytesIO(html_to_pdf(PAGE))).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert round(width_mm) == 210
    assert round(height_mm) == 297


def test_pdf_is_tagged_for_screen_readers():
    data = html_to_pdf(PAGE)
    catalog = pdf_catalog(data)
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    # A reader shows the title (the page's <title>), not the file name.
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf_title(data) == "Referat og aftaler"
    assert catalog["/Lang"] == "da"

    document = pdf_structure(data)
    assert [h.role for h in document.all("H1") + document.all("H2")] == ["H1", "H2"]
    # The list: each item is its bullet (Lbl) and its text (LBody), together.
    [items] = document.all("L")
    assert [[kid.role for kid in item.kids] for item in items.kids] == [["Lbl", "LBody"]] * 2


def test_pdf_language_is_the_pages_own_and_danish_without_one():
    english = "<html lang='en'><head><title>Minutes</title></head><body><p>Hi</p></body></html>"
    assert pdf_catalog(html_to_pdf(english))["/Lang"] == "en"
    without = "<html><head><title>Referat</title></head><body><p>Hej</p></body></html>"
    assert pdf_catalog(html_to_pdf(without))["/Lang"] == "da"


def test_long_document_breaks_into_pages():
    rows = "".join(f"<p>Aftale nummer {n}: øve, lære, følge op.</p>" for n in range(200))
    data = html_to_pdf(f"<html><body><h1>Mange aftaler</h1>{rows}</body></html>")
    assert pdf_page_count(data) > 1
    text = pdf_text(data)
    assert "Aftale nummer 0: øve, lære, følge op." in text
    assert "Aftale nummer 199: øve, lære, følge op." in text


def test_network_resources_are_not_fetched(tmp_path):
    # A web server on loopback that would hide the text if its stylesheet were used.
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b"p { display: none; }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        (tmp_path / "local.css").write_text("h1 { display: none; }", encoding="utf-8")
        html = (
            f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
            '<link rel="stylesheet" href="local.css"></head>'
            "<body><h1>Skjult overskrift</h1><p>Synlig tekst</p></body></html>"
        )
        text = pdf_text(html_to_pdf(html, base_url=str(tmp_path) + "/"))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert requests == []
    assert "Synlig tekst" in text
    # The local stylesheet next to base_url was used.
    assert "Skjult overskrift" not in text
