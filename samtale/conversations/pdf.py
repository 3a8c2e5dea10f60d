"""The conversation as a PDF for its participants: who, when, where, the agenda, the
shared preparations, and the summary and agreements with who accepted or commented.

What it shows is what the conversation page shows the viewer, no more:

- preparations: the shared ones, and the viewer's own (marked if not shared). Another
  participant's unshared preparation never; the team's unshared one neither.
- summary: the latest shared version with its answers; the leader's unshared draft only
  for its author, marked as a draft.

Downloading it is a read of the conversation's content: what it shows of others' content
goes into the read log, marked "(PDF)" (``samtale.conversations.reading``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samtale.access.http import ViewerRequest
from samtale.conversations import reading
from samtale.conversations.models import Conversation, Preparation
from samtale.conversations.queries import conversation_for
from samtale.lib.pdf import PdfUnavailable, html_to_pdf
from samtale.questionnaires.filling import SectionView

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass
class PreparationView:
    preparation: Preparation
    title: str
    shared: bool
    sections: list[SectionView]


def ascii_safe(text: str) -> str:
    """``Mælkebøtten Ærø`` -> ``Maelkeboetten-Aeroe``: letters, digits and dashes only."""
    text = unicodedata.normalize("NFKD", text.translate(_DANISH))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def pdf_filename(conversation: Conversation) -> str:
    """``MUS-Emma-Ansat-2026-03-02.pdf``: kind, who, the day (today if none is set)."""
    who = conversation.with_whom
    day = (
        timezone.localtime(conversation.starts_at).date()
        if conversation.starts_at
        else timezone.localdate()
    )
    name = "-".join(
        part for part in (ascii_safe(conversation.kind.name_da), ascii_safe(who)) if part
    )
    return f"{name or 'samtale'}-{day.isoformat()}.pdf"


def _preparations(viewer: Viewer, content: reading.Content) -> list[PreparationView]:
    """The shared preparations, and the viewer's own (marked if not shared); another
    participant's unshared preparation never, the team's unshared one neither."""
    me = viewer.person.pk if viewer.person is not None else None
    result = []
    for preparation in content.preparations:
        own = preparation.person_id is not None and preparation.person_id == me
        if preparation.shared_at is None and not own:
            continue
        if preparation.person is None:
            title = _("The team's preparation")
        elif own:
            title = _("Your preparation")
        else:
            title = _("Preparation by %(name)s") % {"name": preparation.person.name}
        result.append(
            PreparationView(
                preparation=preparation,
                title=title,
                shared=preparation.shared_at is not None,
                sections=content.answers[preparation.response_id],
            )
        )
    return result


def pdf_context(viewer: Viewer, conversation: Conversation) -> dict[str, Any]:
    """What the PDF shows this viewer (a participant); reading it is logged as a read of
    what it shows (``reading.content_for``)."""
    content = reading.content_for(viewer, conversation, parts=reading.Part.PDF, as_pdf=True)
    return context_of(viewer, content)


def read_for_pdfs(viewer: Viewer, conversations: Sequence[Conversation]) -> list[reading.Content]:
    """What the PDFs of many conversations show this viewer, read together and logged as
    read as PDFs (``reading.contents_for``); each made with ``content_pdf``."""
    return reading.contents_for(viewer, conversations, parts=reading.Part.PDF, as_pdf=True)


def content_pdf(viewer: Viewer, content: reading.Content) -> bytes:
    html = render_to_string("conversations/pdf.html", context_of(viewer, content))
    return html_to_pdf(html)


def context_of(viewer: Viewer, content: reading.Content) -> dict[str, Any]:
    conversation = content.conversation
    shared = next((v for v in content.summaries if v.shared_at is not None), None)
    draft = next((v for v in content.summaries if v.shared_at is None), None)
    return {
        "conversation": conversation,
        "participants": content.participants,
        "agenda": content.agenda,
        "preparations": _preparations(viewer, content),
        "summary": shared,
        "draft": draft,
        "panels": content.panels,
        "made_at": timezone.localtime(),
        "made_for": viewer.person,
    }


def conversation_pdf(viewer: Viewer, conversation: Conversation) -> bytes:
    html = render_to_string("conversations/pdf.html", pdf_context(viewer, conversation))
    return html_to_pdf(html)


@require_GET
def download(request: ViewerRequest, pk: int) -> HttpResponse:
    """The PDF, for the conversation's participants (404 for everyone else)."""
    viewer = request.viewer
    conversation = conversation_for(viewer, pk)
    try:
        with transaction.atomic():  # no read is logged for a PDF that was not made
            data = conversation_pdf(viewer, conversation)
    except PdfUnavailable:
        messages.error(request, _("The PDF cannot be made right now. Please try again later."))
        return redirect("conversations:detail", pk=conversation.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(conversation)}"'
    response["Cache-Control"] = "private, no-store"
    return response
