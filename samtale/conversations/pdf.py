"""The conversation as a PDF for its participants: who, when, where, the agenda, the
shared preparations, and the summary and agreements with who accepted or commented.

What it shows is what the conversation page shows the viewer, no more:

- preparations: the shared ones, and the viewer's own (marked if not shared). Another
  participant's unshared preparation never; the team's unshared one neither.
- summary: the latest shared version with its answers; the leader's unshared draft only
  for its author, marked as a draft.

Downloading it is a read of the conversation's content: it goes into the read log
("PDF"), whoever the participant is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samtale.access.readlog import record_read
from samtale.conversations.models import Conversation, Preparation, SummaryVersion
from samtale.conversations.queries import conversation_for
from samtale.lib.pdf import PdfUnavailable, html_to_pdf
from samtale.questionnaires.filling import SectionView, sections_for

READ_LOG_WHAT = "PDF"
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
    who = conversation.team.name if conversation.team else conversation.person.name  # type: ignore[union-attr]
    day = (
        timezone.localtime(conversation.starts_at).date()
        if conversation.starts_at
        else timezone.localdate()
    )
    name = "-".join(
        part for part in (ascii_safe(conversation.kind.name_da), ascii_safe(who)) if part
    )
    return f"{name or 'samtale'}-{day.isoformat()}.pdf"


def _readable_preparations(viewer: Any, conversation: Conversation) -> list[PreparationView]:
    me = viewer.person
    result = []
    preparations = conversation.preparations.select_related(
        "person", "response", "response__version"
    ).order_by("person__name", "pk")
    for preparation in preparations:
        own = me is not None and preparation.person_id == me.pk
        if preparation.shared_at is None and not own:
            continue  # never another participant's (or the team's) unshared preparation
        if preparation.person is None:
            title = _("The team's preparation")
        elif own:
            title = _("Your preparation")
        else:
            title = _("Preparation by %(name)s") % {"name": preparation.person.name}
        response = preparation.response
        result.append(
            PreparationView(
                preparation=preparation,
                title=title,
                shared=preparation.shared_at is not None,
                sections=sections_for(response.version, response),
            )
        )
    return result


def pdf_context(viewer: Any, conversation: Conversation) -> dict[str, Any]:
    """What the PDF shows this viewer (a participant)."""
    me = viewer.person
    versions: list[SummaryVersion] = list(
        conversation.summaries.select_related("written_by")
        .prefetch_related("responses__person")
        .order_by("-number")
    )
    shared = next((v for v in versions if v.shared_at is not None), None)
    latest = versions[0] if versions else None
    draft = (
        latest
        if latest is not None
        and latest.shared_at is None
        and me is not None
        and latest.written_by_id == me.pk
        else None
    )
    return {
        "conversation": conversation,
        "participants": conversation.participants.select_related("person").order_by(
            "role", "person__name"
        ),
        "agenda": conversation.agenda.select_related("proposed_by").order_by("created_at", "pk"),
        "preparations": _readable_preparations(viewer, conversation),
        "summary": shared,
        "draft": draft,
        "made_at": timezone.localtime(),
        "made_for": me,
    }


def conversation_pdf(viewer: Any, conversation: Conversation) -> bytes:
    html = render_to_string("conversations/pdf.html", pdf_context(viewer, conversation))
    return html_to_pdf(html)


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, for the conversation's participants (404 for everyone else)."""
    viewer = request.viewer  # type: ignore[attr-defined]
    conversation = conversation_for(viewer, pk)
    try:
        data = conversation_pdf(viewer, conversation)
    except PdfUnavailable:
        messages.error(request, _("The PDF cannot be made right now. Please try again later."))
        return redirect("conversations:detail", pk=conversation.pk)
    # The PDF holds content others wrote (summary, their preparations): a read.
    record_read(viewer, subject_type="conversation", subject_id=conversation.pk, what=READ_LOG_WHAT)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(conversation)}"'
    response["Cache-Control"] = "private, no-store"
    return response
