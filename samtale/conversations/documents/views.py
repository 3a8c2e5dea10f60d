"""Document pages: attach a document to a conversation, download it, delete it.
Outside the conversation's participants every page answers 404; the list and the form
are on the conversation page (the documents panel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.conversations import policy, reading
from samtale.conversations.documents import services
from samtale.conversations.documents.forms import DocumentForm
from samtale.conversations.models import Conversation, ConversationDocument
from samtale.conversations.queries import conversation_for
from samtale.core.actions import act


def _conversation_or_404(request: ViewerRequest, pk: int) -> Conversation:
    """The conversation, if the viewer takes part in it."""
    conversation = conversation_for(request.viewer, pk)
    if not policy.can_read_documents(request.viewer, conversation):
        raise Http404
    return conversation


def _document_or_404(request: ViewerRequest, pk: int, document: int) -> ConversationDocument:
    conversation = _conversation_or_404(request, pk)
    found = get_object_or_404(
        ConversationDocument.objects.select_related("uploaded_by"),
        conversation=conversation,
        pk=document,
    )
    found.conversation = conversation
    return found


def _documents(pk: int) -> str:
    return reverse("conversations:detail", args=[pk]) + "#dokumenter"


def upload(request: ViewerRequest, pk: int) -> HttpResponse:
    """The form (also on the conversation page) and its answer."""
    viewer = request.viewer
    conversation = _conversation_or_404(request, pk)
    if not policy.can_attach_document(viewer, conversation):
        raise Http404
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.attach_document(
                conversation,
                by=viewer,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s is attached.") % {"title": document.title})
            return redirect(_documents(conversation.pk))
    return render(
        request,
        "conversations/documents_upload.html",
        {"conversation": conversation, "form": form},
    )


@require_GET
def download(request: ViewerRequest, pk: int, document: int) -> FileResponse:
    viewer = request.viewer
    found = _document_or_404(request, pk, document)
    try:
        handle = found.file.open("rb")
    except OSError as error:
        raise Http404 from error
    if viewer.person is None or found.uploaded_by_id != viewer.person.pk:
        # The document is conversation content read by someone other than its uploader.
        reading.record(
            viewer,
            [(found.conversation_id, _("Document: %(title)s") % {"title": found.title})],
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.download_filename(found),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def delete(request: ViewerRequest, pk: int, document: int) -> HttpResponse:
    found = _document_or_404(request, pk, document)
    if not policy.can_delete_document(request.viewer, found):
        raise Http404
    return act(
        request,
        lambda: services.delete_document(found, by=request.viewer),
        done=_("%(title)s is deleted.") % {"title": found.title},
        to=_documents(pk),
    )
