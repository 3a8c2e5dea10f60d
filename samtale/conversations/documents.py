"""Documents attached to a conversation, and the link to last year's conversation.

Who may do what (the rules, against the viewer):

- The participants (and nobody else: not HR, not the leader's chief, not an
  administrator) see the list and download a document. A download by anyone but the
  uploader is a read of conversation content and goes into the read log.
- Every participant attaches documents while the conversation is open (not closed or
  cancelled). For a LUS these are the strategic documents: the leader's job description,
  the municipality's quality report, wellbeing results, last year's development plan.
- The uploader deletes their own document while the conversation is open.

What may be attached: PDF, DOCX and XLSX, judged by the content (samtale.lib.filetypes),
never by the file name or the type the browser declares, at most
``SAMTALE_DOCUMENT_MAX_MB`` MB. Files live under ``MEDIA_ROOT/conversation-documents``
with random names and have no URL (samtale.lib.storage).

Beside the documents, a MUS or LUS links to the previous conversation of the same kind
between the same people that has an accepted summary (``previous_of_same_kind``); last
year's development plan itself is shown by the development-plan panel
(``samtale.development``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.conversations.models import (
    Conversation,
    ConversationDocument,
    DocumentCategory,
    Frequency,
    State,
)
from samtale.lib import filetypes

if TYPE_CHECKING:
    from samtale.org.models import Person

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = 200
# Conversation kinds whose page offers documents prominently (the strategic documents).
LUS_CODE = "lus"

# --- presentation (who may do what: samtale.conversations.policy) -----------------------


def offered_prominently(conversation: Conversation) -> bool:
    """LUS pages show the upload form open; other kinds keep it folded."""
    return conversation.kind.code == LUS_CODE


# --- queries ---------------------------------------------------------------------------


def documents_of(conversation: Conversation) -> list[ConversationDocument]:
    found = list(
        ConversationDocument.objects.filter(conversation=conversation)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    for document in found:
        document.conversation = conversation  # no query per row for the conversation
    return found


def previous_of_same_kind(conversation: Conversation) -> Conversation | None:
    """The latest earlier conversation of the same kind between the same people (same
    leader, same person) whose summary was accepted; None for team conversations and
    kinds that do not recur yearly (MUS and LUS do)."""
    if conversation.person_id is None or conversation.kind.frequency != Frequency.YEARLY:
        return None
    before = conversation.starts_at or timezone.now()
    return (
        Conversation.objects.filter(
            kind_id=conversation.kind_id,
            leader_id=conversation.leader_id,
            person_id=conversation.person_id,
            state__in=[State.ACCEPTED, State.CLOSED],
            starts_at__lt=before,
        )
        .exclude(pk=conversation.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


# --- checking an upload ----------------------------------------------------------------


def max_bytes() -> int:
    return int(settings.SAMTALE_DOCUMENT_MAX_MB) * 1024 * 1024


def check_upload(upload: Any) -> filetypes.FileType:
    """The upload's type, judged by its content, if it is an allowed document within the
    size limit; otherwise a ValidationError that says what is wrong."""
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.")
            % {"mb": settings.SAMTALE_DOCUMENT_MAX_MB},
            code="too_large",
        )
    found = filetypes.sniff(upload)
    if found is None:
        raise ValidationError(
            _(
                "Only PDF, Word (DOCX) and Excel (XLSX) documents can be attached, and this "
                "file is none of them. Save it as PDF and try again."
            ),
            code="type",
        )
    return found


# --- services --------------------------------------------------------------------------


@transaction.atomic
def attach_document(
    conversation: Conversation,
    *,
    person: Person,
    upload: Any,
    title: str = "",
    category: str = DocumentCategory.OTHER,
) -> ConversationDocument:
    """Attach ``upload`` (a Django UploadedFile or File) to the conversation."""
    if not conversation.is_open:
        raise ValidationError(_("Documents are attached while the conversation is open."))
    if not conversation.participants.filter(person=person).exists():
        raise ValidationError(_("Only the participants attach documents."))
    if category not in DocumentCategory.values:
        raise ValidationError(_("Choose what kind of document it is."))
    found = check_upload(upload)
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    title = " ".join(title.split())[:TITLE_MAX_LENGTH]
    if not title:
        title = original.rsplit(".", 1)[0][:TITLE_MAX_LENGTH] or str(
            DocumentCategory(category).label
        )
    document = ConversationDocument(
        conversation=conversation,
        uploaded_by=person,
        category=category,
        title=title,
        original_name=original[:255],
        content_type=found.mime,
        size=upload.size,
    )
    upload.seek(0)
    document.file.save("document", upload, save=False)
    stored = document.file.name or ""
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def delete_document(document: ConversationDocument, *, person: Person) -> None:
    """The uploader deletes their document while the conversation is open; the file goes
    once the deletion is committed."""
    if document.uploaded_by_id != person.pk:
        raise ValidationError(_("Only the one who attached a document can delete it."))
    if not document.conversation.is_open:
        raise ValidationError(_("The conversation is closed; its documents stay."))
    storage, name = document.file.storage, document.file.name or ""
    document.delete()

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is no problem
            logger.warning("Could not delete the document file %s", name)

    transaction.on_commit(remove)


def download_filename(document: ConversationDocument) -> str:
    """``Stillingsbeskrivelse-2026.pdf``: the title in letters, digits and dashes, with
    the extension of the detected type (never the uploaded name's)."""
    from samtale.conversations.pdf import ascii_safe

    extension = next(
        (t.extension for t in filetypes.DOCUMENT_TYPES if t.mime == document.content_type), ""
    )
    return f"{ascii_safe(document.title)[:100] or 'dokument'}{extension}"
