"""Documents attached to a conversation (above all the strategic documents of a LUS):
PDF, DOCX and XLSX judged by their content, size-limited, stored under MEDIA_ROOT with a
random name and no URL, downloaded only by the participants (each download by someone
other than the uploader in the read log), deleted by the uploader while the conversation
is open. And the automatic link to last year's summary and agreements."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.documents import queries as document_queries
from samtale.conversations.documents import services as document_services
from samtale.conversations.models import (
    Conversation,
    ConversationDocument,
    ConversationKind,
    DocumentCategory,
    State,
)
from samtale.lib import filetypes
from samtale.testing import worlds
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def ooxml(main_part: str, main_type: str) -> bytes:
    """A minimal Office Open XML package whose [Content_Types].xml names its main part."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            f'Target="{main_part}"/></Relationships>',
        )
        package.writestr(
            main_part,
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Stillingsbeskrivelse</w:t>'
            "</w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return ooxml("word/document.xml", DOCX_MAIN)


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Forældretilfredshed", 4.2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@worlds.world(on="personas")
def lenes_lus(personas):
    """Lene Leder's LUS with her chief Christian Chef (who holds it), invited
    (samtale.testing.worlds)."""
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.leader,
        by=actor(personas.leader.manager),
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Rådhuset",
    )
    return conversation


@pytest.fixture
def lus(lenes_lus):
    return lenes_lus


@worlds.world(on="lenes_lus", media=True)
def lenes_job_description(lenes_lus):
    """Lene's job description, attached by her to her LUS (samtale.testing.worlds)."""
    return document_services.attach_document(
        lenes_lus,
        by=actor(lenes_lus.person),
        upload=upload("Min stilling.pdf", PDF_BYTES),
        title="Stillingsbeskrivelse",
        category=DocumentCategory.JOB_DESCRIPTION,
    )


@pytest.fixture
def document(lenes_job_description):
    return lenes_job_description


def expect(allowed: set[str]) -> list[tuple[str, int]]:
    return [(name, 200 if name in allowed else 404) for name in LOGGED_IN]


# --- what may be attached --------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF_BYTES, filetypes.PDF), (docx_bytes(), filetypes.DOCX), (xlsx_bytes(), filetypes.XLSX)],
)
def test_good_documents_are_recognised_by_content(content, expected):
    assert filetypes.sniff(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    ("label", "content"),
    [
        ("windows program", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        ("text", b"Stillingsbeskrivelse for lederen\n"),
        ("html", b"<!DOCTYPE html><html><script>alert(1)</script>%PDF-1.4</html>"),
        ("zip without office parts", b""),
        ("macro-enabled word", ooxml("word/document.xml", DOCM_MAIN)),
        ("broken zip", b"PK\x03\x04 not really a zip"),
        ("empty", b""),
    ],
)
def test_other_files_are_not_recognised(label, content):
    if label == "zip without office parts":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("readme.txt", "hej")
        content = buffer.getvalue()
    assert filetypes.sniff(io.BytesIO(content)) is None


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("Stillingsbeskrivelse.pdf", PDF_BYTES, "application/pdf"),
        ("Kvalitetsrapport.docx", docx_bytes(), filetypes.DOCX.mime),
        ("Trivsel.xlsx", xlsx_bytes(), filetypes.XLSX.mime),
    ],
)
def test_participant_attaches_pdf_docx_xlsx(client_as, lus, media_root, name, content, mime):
    client = client_as("leader")
    response = client.post(
        reverse("conversations:documents_upload", args=[lus.pk]),
        {"file": upload(name, content, "application/octet-stream"), "category": "other"},
    )
    assert response.status_code == 302
    document = ConversationDocument.objects.get()
    assert document.content_type == mime  # detected, not the declared octet-stream
    assert document.original_name == name and document.size == len(content)
    assert document.title == name.rsplit(".", 1)[0]
    assert Path(document.file.path).read_bytes() == content
    page = client.get(reverse("conversations:detail", args=[lus.pk])).content.decode()
    assert document.title in page
    assert reverse("conversations:document_download", args=[lus.pk, document.pk]) in page


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("Stillingsbeskrivelse.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf"),
        ("Kvalitetsrapport.docx", b"Bare tekst, ikke et dokument\n", filetypes.DOCX.mime),
        ("Trivsel.xlsx", b"<html><body>hej</body></html>", filetypes.XLSX.mime),
        ("plan.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "application/pdf"),
    ],
)
def test_renamed_programs_text_and_html_are_refused(client_as, lus, name, content, declared):
    client = client_as("leader")
    response = client.post(
        reverse("conversations:documents_upload", args=[lus.pk]),
        {"file": upload(name, content, declared), "category": "other"},
    )
    assert response.status_code == 200
    assert "Du kan kun vedhæfte dokumenter i PDF, Word (DOCX) og Excel (XLSX)" in (
        response.content.decode()
    )
    assert not ConversationDocument.objects.exists()


def test_too_big_is_refused_and_nothing_is_stored(client_as, lus, settings, media_root):
    settings.SAMTALE_DOCUMENT_MAX_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = client_as("leader").post(
        reverse("conversations:documents_upload", args=[lus.pk]),
        {"file": upload("stor.pdf", big), "category": "other"},
    )
    assert response.status_code == 200
    assert "at most 1 MB" in response.content.decode() or "højst 1 MB" in (
        response.content.decode()
    )
    assert not ConversationDocument.objects.exists()
    assert not (Path(media_root) / "conversation-documents").exists() or not any(
        (Path(media_root) / "conversation-documents").iterdir()
    )
    with pytest.raises(ValidationError):
        document_services.check_upload(upload("stor.pdf", big))


def test_the_service_checks_too(lus, personas):
    with pytest.raises(ValidationError):
        document_services.attach_document(
            lus, by=actor(personas.leader), upload=upload("x.pdf", b"MZ" + b"\x00" * 10)
        )
    with pytest.raises(ValidationError):  # not a participant
        document_services.attach_document(
            lus, by=actor(personas.employee), upload=upload("x.pdf", PDF_BYTES)
        )
    assert not ConversationDocument.objects.exists()


# --- where it is kept ------------------------------------------------------------------


def test_stored_with_a_random_name_outside_static_and_without_url(client_as, document, media_root):
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(media_root).resolve() / "conversation-documents")
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert "stilling" not in document.file.name.lower()  # nothing of the uploaded name
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - no URL at all
    client = client_as("leader")
    for url in (
        f"/media/{document.file.name}",
        f"/{document.file.name}",
        f"/static/{document.file.name}",
    ):
        assert client.get(url).status_code == 404


# --- who downloads ---------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), expect({"leader", "chief"}))
def test_download_only_for_participants(client_as, document, persona, status):
    response = client_as(persona).get(
        reverse("conversations:document_download", args=[document.conversation_id, document.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="Stillingsbeskrivelse.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_is_sent_to_login(client, document):
    url = reverse("conversations:document_download", args=[document.conversation_id, document.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_document_of_another_conversation_is_404(client_as, document, personas):
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    # Lene takes part in both, but the document belongs to the LUS only.
    url = reverse("conversations:document_download", args=[mus.pk, document.pk])
    assert client_as("leader").get(url).status_code == 404


@pytest.mark.parametrize(("persona", "status"), expect({"leader", "chief"}))
def test_documents_panel_only_on_the_participants_page(client_as, document, persona, status):
    response = client_as(persona).get(
        reverse("conversations:detail", args=[document.conversation_id])
    )
    assert response.status_code == status
    if status == 200:
        assert "Stillingsbeskrivelse" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), expect({"leader", "chief"}))
def test_upload_page_only_for_participants(client_as, lus, persona, status):
    url = reverse("conversations:documents_upload", args=[lus.pk])
    assert client_as(persona).get(url).status_code == status


def test_downloads_by_others_than_the_uploader_are_logged(client_as, document):
    url = reverse("conversations:document_download", args=[document.conversation_id, document.pk])
    client_as("leader").get(url)
    assert not ReadLog.objects.exists()  # the uploader's own document
    client_as("chief").get(url)
    entry = ReadLog.objects.get()
    assert entry.reader_name == "Christian Chef"
    assert entry.subject_type == "conversation" and entry.subject_id == document.conversation_id
    assert entry.what.endswith("Stillingsbeskrivelse")


# --- deleting, and when ----------------------------------------------------------------


def test_only_the_uploader_deletes(client_as, document):
    url = reverse("conversations:document_delete", args=[document.conversation_id, document.pk])
    path = Path(document.file.path)
    assert client_as("chief").post(url).status_code == 404
    assert client_as("employee").post(url).status_code == 404
    assert ConversationDocument.objects.exists() and path.exists()
    assert client_as("leader").post(url).status_code == 302
    assert not ConversationDocument.objects.exists()


def test_delete_removes_the_file_after_commit(
    document, personas, django_capture_on_commit_callbacks
):
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.delete_document(document, by=actor(personas.leader))
    assert not path.exists()


def test_nothing_is_attached_or_deleted_once_cancelled(client_as, lus, document, personas):
    services.cancel(lus, by=host(lus))
    client = client_as("leader")
    upload_url = reverse("conversations:documents_upload", args=[lus.pk])
    assert client.get(upload_url).status_code == 404
    assert (
        client.post(
            upload_url, {"file": upload("a.pdf", PDF_BYTES), "category": "other"}
        ).status_code
        == 404
    )
    delete_url = reverse("conversations:document_delete", args=[lus.pk, document.pk])
    assert client.post(delete_url).status_code == 404
    assert ConversationDocument.objects.count() == 1
    # Still readable by the participants.
    url = reverse("conversations:document_download", args=[lus.pk, document.pk])
    assert client_as("chief").get(url).status_code == 200


def test_lus_offers_the_upload_prominently(client_as, lus, personas):
    page = client_as("leader").get(reverse("conversations:detail", args=[lus.pk])).content.decode()
    panel = page.split('id="dokumenter"', 1)[1].split("</section>", 1)[0]
    assert 'enctype="multipart/form-data"' in panel
    assert 'name="csrfmiddlewaretoken"' in panel
    assert "<details" not in panel  # open, not folded away


def test_other_kinds_fold_the_upload_away(client_as, personas):
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    page = client_as("employee").get(reverse("conversations:detail", args=[mus.pk]))
    panel = page.content.decode().split('id="dokumenter"', 1)[1].split("</section>", 1)[0]
    assert "<details" in panel and 'enctype="multipart/form-data"' in panel


# --- last year's summary and agreements ------------------------------------------------


def _accepted(kind_code: str, person, when: datetime.datetime) -> Conversation:
    conversation = services.plan(
        kind=ConversationKind.objects.get(code=kind_code), person=person, by=actor(person.manager)
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="x",
    )
    services.mark_held(conversation, by=host(conversation))
    services.write_summary(
        conversation, by=host(conversation), summary="Sidste år", agreements="Kursus"
    )
    services.share_summary(conversation, by=host(conversation))
    services.respond_to_summary(conversation, by=actor(person), accept=True)
    Conversation.objects.filter(pk=conversation.pk).update(starts_at=when)
    conversation.refresh_from_db()
    assert conversation.state == State.ACCEPTED
    return conversation


def test_last_years_lus_is_linked(client_as, lus, personas):
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    older = _accepted("lus", personas.leader, a_year_ago - datetime.timedelta(days=365))
    last_year = _accepted("lus", personas.leader, a_year_ago)
    not_accepted = services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.leader,
        by=actor(personas.leader.manager),
    )
    assert document_queries.previous_of_same_kind(lus) == last_year
    assert document_queries.previous_of_same_kind(last_year) == older
    assert document_queries.previous_of_same_kind(older) is None
    assert document_queries.previous_of_same_kind(not_accepted) == last_year
    for persona in ("leader", "chief"):
        page = client_as(persona).get(reverse("conversations:detail", args=[lus.pk]))
        html = page.content.decode()
        assert reverse("conversations:detail", args=[last_year.pk]) in html
        assert reverse("conversations:detail", args=[older.pk]) not in html


def test_other_kinds_and_other_people_are_not_linked(lus, personas):
    _accepted("mus", personas.employee, timezone.now() - datetime.timedelta(days=365))
    _accepted("lus", personas.mae_leader, timezone.now() - datetime.timedelta(days=365))
    assert document_queries.previous_of_same_kind(lus) is None
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.colleague,
        by=actor(personas.colleague.manager),
    )
    assert document_queries.previous_of_same_kind(mus) is None


def test_last_years_mus_is_linked(personas):
    last_year = _accepted("mus", personas.employee, timezone.now() - datetime.timedelta(days=365))
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    assert document_queries.previous_of_same_kind(mus) == last_year
