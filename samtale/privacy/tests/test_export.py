"""Mine data (art. 15): every logged-in person downloads what Samtale holds about them as
one ZIP: JSON per app, the PDF of each conversation as far as they may read it, the
documents. Nobody downloads anyone else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.access.viewer import acting_as
from samtale.conversations import reading, services
from samtale.privacy.tests.conftest import PDF_BYTES, full_mus
from samtale.testing.pdf import pdf_text
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

URL = "/privatliv/mine-data/"


def download(client) -> zipfile.ZipFile:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mine-data-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def data(archive: zipfile.ZipFile, app: str) -> dict:
    return json.loads(archive.read(f"data/{app}.json"))


def test_the_url():
    assert reverse("privacy:mine") == URL


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_every_person_has_the_page_and_an_administrator_without_a_person_does_not(
    client_as, personas, persona
):
    page = client_as(persona).get(URL)
    assert page.status_code == (404 if persona == "admin" else 200), persona
    if persona != "admin":
        assert "Mine data" in page.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_emma_downloads_her_data(client_as, personas, media_root):
    mus = full_mus(personas.employee)
    lene = acting_as(personas.leader)
    reading.content_for(lene, mus.conversation, parts=reading.Part.PAGE)  # Lene reads it
    archive = download(client_as("employee"))
    names = archive.namelist()
    assert "LAESMIG.txt" in names
    org = data(archive, "org")
    assert org["person"]["name"] == "Emma Ansat" and org["person"]["employee_number"] == "1003"
    assert org["teams"] == ["Stue Mariehønen"]
    assert data(archive, "access")["login"]["email"] == "employee@eksempel.dk"
    conversations = data(archive, "conversations")
    [mine] = conversations["conversations"]
    assert mine["summaries"][0]["summary"] == "Et godt år for Emma."
    assert mine["my_notes"] == "Mine private noter" and mine["shared_notes"] == "Fælles noter"
    assert mine["themes"] == [{"by": "Emma Ansat", "text": "Mit tema"}]
    # the read log about her: Lene's read, not her own
    readers = {read["read_by"] for read in conversations["read_log"]}
    assert readers == {"Lene Leder"}
    plans = data(archive, "development")["development_plans"]
    assert plans[0]["goals"][0]["goal"] == "Lære at lede møder"
    assert data(archive, "competences")["agreed_levels"][0]["level"] == 3
    pdfs = [n for n in names if n.startswith("samtaler/") and n.endswith(".pdf")]
    assert len(pdfs) == 1 and "Et godt år for Emma." in pdf_text(archive.read(pdfs[0]))
    [document] = [n for n in names if n.startswith("dokumenter/")]
    assert archive.read(document) == PDF_BYTES


def test_what_others_keep_private_stays_private(client_as, personas, media_root):
    """Lene's export of Emma's MUS has not Emma's private notes; Emma's has not Lene's
    unshared preparation, nor anything of Kasper's."""
    mus = full_mus(personas.employee)
    lene = acting_as(personas.leader)
    lenes = services.preparation_of(mus.conversation, by=lene)
    assert lenes.shared_at is None
    leader_export = download(client_as("leader"))
    [held] = [
        c
        for c in data(leader_export, "conversations")["conversations"]
        if c["id"] == mus.conversation.pk
    ]
    assert held["my_notes"] == "" and "Mine private noter" not in json.dumps(held)
    emma_export = download(client_as("employee"))
    [mine] = data(emma_export, "conversations")["conversations"]
    assert {p["by"] for p in mine["preparations"]} == {"Emma Ansat"}
    # Emma's export has nothing about Kasper
    assert "Kasper Kollega" not in json.dumps(data(emma_export, "conversations"))


def test_reads_of_own_content_are_not_logged_others_are(client_as, personas, media_root):
    full_mus(personas.employee)
    ReadLog.objects.all().delete()
    download(client_as("employee"))
    reads = list(ReadLog.objects.filter(reader=personas.employee.user))
    assert reads, "Lene's summary and plan, read by Emma, are logged as the page logs them"
    whats = " ".join(r.what for r in reads)
    assert "Emma Ansat" not in whats, "her own preparation and themes are not logged"


def test_someone_with_nothing_gets_their_record(client_as, personas):
    archive = download(client_as("outsider"))
    assert data(archive, "org")["person"]["name"] == "Otto Udenfor"
    assert "data/conversations.json" not in archive.namelist()


def test_the_page_costs_a_fixed_number_of_queries(client_as, personas):
    client = client_as("employee")
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    # session, user, viewer (and what the menu asks)
    assert len(ctx.captured_queries) <= 5, [q["sql"] for q in ctx.captured_queries]


def _download_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        download(client)
    return [q["sql"] for q in ctx.captured_queries]


def test_the_download_costs_the_same_queries_for_one_conversation_or_three(
    client_as, personas, media_root, monkeypatch
):
    """A person's conversations over ten years are a few dozen: the ZIP reads each part of
    them (and of their panels: the development plans) for all of them at once, not once
    per conversation, and writes the read log in one insert for the data and one for the
    PDFs."""
    from samtale.conversations import pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **_kw: PDF_BYTES)
    emma, client = personas.employee, client_as("employee")
    full_mus(emma, years_ago=3)
    download(client)  # the published forms are read once, then kept (forms are cached)
    one = _download_queries(client)
    full_mus(emma, years_ago=2)
    full_mus(emma, years_ago=1)
    three = _download_queries(client)
    assert len(three) == len(one), "\n".join(three)
