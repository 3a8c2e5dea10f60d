"""Attaching and deleting documents of a conversation, and checking an upload.

What may be attached: PDF, DOCX and XLSX, judged by the content (samtale.lib.filetypes),
never by the file name or the type the browser declares, at most
``SAMTALE_DOCUMENT_MAX_MB`` MB. Files live under ``MEDIA_ROOT/conversation-documents``
with random names and have no URL (samtale.lib.storage).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samtale.conversations import policy
from samtale.conversations.models import Conversation, ConversationDocument, DocumentCategory
from samtale.lib import filetypes
from samtale.lib.storage import private_storage

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = 200

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
    by: Viewer,
    upload: Any,
    title: str = "",
    category: str = DocumentCategory.OTHER,
) -> ConversationDocument:
    """Attach ``upload`` (a Django UploadedFile or File) to the conversation."""
    if not conversation.is_open:
        raise ValidationError(_("Documents are attached while the conversation is open."))
    if not policy.can_attach_document(by, conversation):
        raise ValidationError(_("Only the participants attach documents."))
    assert by.person is not None  # a participant
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
        uploaded_by=by.person,
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
def delete_document(document: ConversationDocument, *, by: Viewer) -> None:
    """The uploader deletes their document while the conversation is open; the file goes
    once the deletion is committed."""
    if by.person is None or document.uploaded_by_id != by.person.pk:
        raise ValidationError(_("Only the one who attached a document can delete it."))
    if not document.conversation.is_open:
        raise ValidationError(_("The conversation is closed; its documents stay."))
    document.delete()  # the file goes once committed (remove_file_on_delete)


def remove_file_on_delete(sender: Any, instance: ConversationDocument, **kwargs: Any) -> None:
    """A document's file goes from the disk when its row goes, however it goes (one
    document, a conversation's content under retention, an erased person), once the
    deletion is committed: rolled back, the file stays. Connected to ``post_delete`` in
    ``ConversationsConfig.ready``."""
    storage, name = instance.file.storage, instance.file.name or ""
    if not name:
        return

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is no problem
            logger.warning("Could not delete the document file %s", name)

    transaction.on_commit(remove)


DOCUMENT_FOLDER = "conversation-documents"


def orphan_files() -> list[str]:
    """Files in the documents' folder that no document row names (left by a deletion
    before files followed their rows, or by a crash between the two)."""
    storage = private_storage()
    try:
        _folders, names = storage.listdir(DOCUMENT_FOLDER)
    except FileNotFoundError:
        return []
    known = set(
        ConversationDocument.objects.filter(file__startswith=f"{DOCUMENT_FOLDER}/").values_list(
            "file", flat=True
        )
    )
    return sorted(
        f"{DOCUMENT_FOLDER}/{name}" for name in names if f"{DOCUMENT_FOLDER}/{name}" not in known
    )


def delete_orphan_files(names: list[str]) -> int:
    storage = private_storage()
    for name in names:
        storage.delete(name)
    return len(names)


def download_filename(document: ConversationDocument) -> str:
    """``Stillingsbeskrivelse-2026.pdf``: the title in letters, digits and dashes, with
    the extension of the detected type (never the uploaded name's)."""
    from samtale.conversations.pdf import ascii_safe

    extension = next(
        (t.extension for t in filetypes.DOCUMENT_TYPES if t.mime == document.content_type), ""
    )
    return f"{ascii_safe(document.title)[:100] or 'dokument'}{extension}"
