"""What the conversations app holds about people, for ``samtale.core.personal_data``:
the own-data export, erasure and retention of conversation content.

A conversation's *content* is its preparations (with their answers), themes, summaries
(with the participants' answers and, through them, the agreed competence levels), notes,
follow-up requests' reasons, documents and the notes of its steps. Retention and erasure
delete the content and keep the conversation's row (kind, date, state, participants,
``content_deleted_at``): the rounds' progress and reports count those, so they stay
right. The development plan agreed in it is the development app's (its own holding)."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import DateTimeField, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.access.models import ReadLog
from samtale.conversations.reading import READ_LOG_SUBJECT
from samtale.core.personal_data import (
    COVERED,
    NO_PERSONAL_DATA,
    Counts,
    ExportFile,
    Holding,
    add,
    batches,
    years_before,
)
from samtale.questionnaires.models import Response

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation


def held_on() -> Coalesce:
    """When a conversation counts as held for retention: its time, else when it was made."""
    return Coalesce("starts_at", "created_at", output_field=DateTimeField())


def expired(today: datetime.date) -> QuerySet[Conversation]:
    """The conversations whose kind's retention period has ended by ``today`` (whether or
    not their content is already gone): held more than the kind's years ago. One query
    as a subquery; apps above use it for what they keep with a conversation."""
    from samtale.conversations.models import Conversation, ConversationKind

    kinds = list(ConversationKind.objects.values_list("pk", "retention_years"))
    condition = Q(pk__in=[])
    for pk, years in kinds:
        cutoff = years_before(today, years)
        condition |= Q(kind_id=pk, held__lt=cutoff)
    return Conversation.objects.annotate(held=held_on()).filter(condition)


def delete_content(conversations: QuerySet[Conversation], *, apply: bool) -> Counts:
    """Delete (``apply``) or count the content of these conversations; the rows stay,
    marked ``content_deleted_at``. Documents' files go from the disk once committed
    (``documents.services.remove_file_on_delete``)."""
    from samtale.conversations.models import (
        AgendaItem,
        ConversationDocument,
        ConversationEvent,
        FollowUpRequest,
        Note,
        Preparation,
        SummaryVersion,
    )

    ids = conversations.values("pk")
    preparations = Preparation.objects.filter(conversation__in=ids)
    parts: list[tuple[str, QuerySet[Any]]] = [
        (_("Conversations: summaries"), SummaryVersion.objects.filter(conversation__in=ids)),
        (_("Conversations: preparations"), preparations),
        (_("Conversations: themes"), AgendaItem.objects.filter(conversation__in=ids)),
        (_("Conversations: notes"), Note.objects.filter(conversation__in=ids)),
        (_("Conversations: documents"), ConversationDocument.objects.filter(conversation__in=ids)),
    ]
    reasons = FollowUpRequest.objects.filter(conversation__in=ids).exclude(reason="")
    steps = ConversationEvent.objects.filter(conversation__in=ids).exclude(note="")
    counts = {label: qs.count() for label, qs in parts}
    counts[_("Conversations: reasons for follow-up requests")] = reasons.count()
    counts[_("Conversations: notes on steps")] = steps.count()
    if not apply:
        counts[_("Conversations whose content goes")] = conversations.filter(
            content_deleted_at__isnull=True
        ).count()
        return counts
    responses = list(preparations.values_list("response_id", flat=True))
    for _label, queryset in parts:
        queryset.delete()
    Response.objects.filter(pk__in=responses).delete()
    reasons.update(reason="")
    steps.update(note="")
    counts[_("Conversations whose content goes")] = conversations.filter(
        content_deleted_at__isnull=True
    ).update(content_deleted_at=timezone.now())
    return counts


def expire(today: datetime.date, apply: bool) -> Counts:
    """The content of the expired conversations, a batch of conversations per
    transaction."""
    if not apply:
        return delete_content(expired(today), apply=False)
    from samtale.conversations.models import Conversation

    counts: Counts = {}
    for batch in batches(list(expired(today).values_list("pk", flat=True))):
        with transaction.atomic():
            add(counts, delete_content(Conversation.objects.filter(pk__in=batch), apply=True))
    return counts


def erase(person: Any) -> Counts:
    """Everything about the person: the content of the conversations they are had with
    (their MUS, their LUS as the leader), and what they wrote in others' conversations
    that is theirs alone (their preparations, private notes, follow-up requests). What
    they wrote as leader in other people's conversations stays with those people (their
    record), under the erased person's anonymous name."""
    from samtale.conversations.models import Conversation, FollowUpRequest, Note, Preparation

    theirs = Conversation.objects.filter(person=person)
    counts = delete_content(theirs, apply=True)
    # The read log about their conversations names them ("Preparation of ..."): it goes.
    counts[_("Read log: reads of their conversations")] = ReadLog.objects.filter(
        subject_type=READ_LOG_SUBJECT, subject_id__in=theirs.values("pk")
    ).delete()[0]
    own = Preparation.objects.filter(person=person)
    responses = list(own.values_list("response_id", flat=True))
    counts[_("Conversations: preparations")] += len(responses)
    own.delete()
    Response.objects.filter(pk__in=responses).delete()
    counts[_("Conversations: notes")] += Note.objects.filter(person=person).delete()[0]
    counts[_("Conversations: reasons for follow-up requests")] += (
        FollowUpRequest.objects.filter(requested_by=person).exclude(reason="").update(reason="")
    )
    return counts


# --- the own-data export -------------------------------------------------------------


def _mine(viewer: Viewer) -> list[Conversation]:
    from samtale.conversations.models import Conversation

    return list(
        Conversation.objects.involving(viewer.person)
        .select_related("kind", "leader", "person", "team")
        .order_by("starts_at", "pk")
    )


def _answers(sections: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "section": section.title,
            "answers": [
                {"question": q.question.text, "answer": q.value} for q in section.questions
            ],
        }
        for section in sections
    ]


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def export(viewer: Viewer) -> dict[str, Any]:
    """Every conversation the viewer takes part in, as far as they may read it
    (``reading.contents_for``, which logs what they read of others' content, as the page
    does): each part read once for them all."""
    from samtale.conversations import reading

    conversations = []
    contents = reading.contents_for(
        viewer, _mine(viewer), parts=reading.Part.PAGE & ~reading.Part.PANELS
    )
    for content in contents:
        conversation = content.conversation
        conversations.append(
            {
                "id": conversation.pk,
                "kind": conversation.kind.name,
                "state": conversation.get_state_display(),
                "starts_at": _when(conversation.starts_at),
                "duration_minutes": conversation.duration,
                "place": conversation.location,
                "held_by": conversation.leader.name,
                "with": conversation.with_whom,
                "participants": [p.person.name for p in content.participants],
                "content_deleted_at": _when(conversation.content_deleted_at),
                "themes": [
                    {"by": item.proposed_by.name, "text": item.text} for item in content.agenda
                ],
                "preparations": [
                    {
                        "by": p.person.name if p.person else _("the team"),
                        "shared_at": _when(p.shared_at),
                        "answers": _answers(content.answers.get(p.response_id, [])),
                    }
                    for p in content.preparations
                ],
                "summaries": [
                    {
                        "version": v.number,
                        "written_by": v.written_by.name,
                        "shared_at": _when(v.shared_at),
                        "summary": v.summary,
                        "agreements": v.agreements,
                        "answers": [
                            {
                                "by": r.person.name,
                                "accepted": r.accepted,
                                "comment": r.comment,
                            }
                            for r in v.responses.all()
                        ],
                    }
                    for v in content.summaries
                ],
                "my_notes": content.my_notes.text if content.my_notes else "",
                "shared_notes": content.shared_notes.text if content.shared_notes else "",
                "follow_up_requests": [
                    {"reason": r.reason, "deadline": r.deadline.isoformat()}
                    for r in content.follow_up_requests
                    if r.conversation_id == conversation.pk
                ],
                "documents": [
                    {"title": d.title, "file": _document_name(d)} for d in content.documents
                ],
            }
        )
    if not conversations:
        return {}
    reads = ReadLog.objects.filter(
        subject_type=READ_LOG_SUBJECT, subject_id__in=[c["id"] for c in conversations]
    ).exclude(reader=viewer.user)
    return {
        "conversations": conversations,
        "read_log": [
            {
                "conversation": read.subject_id,
                "read_by": read.reader_name,
                "what": read.what,
                "at": _when(read.at),
            }
            for read in reads.order_by("at", "pk")
        ],
    }


def _document_name(document: Any) -> str:
    from samtale.conversations.documents.services import download_filename

    return f"dokumenter/{document.conversation_id}-{document.pk}-{download_filename(document)}"


def files(viewer: Viewer) -> list[ExportFile]:
    """The PDF of each conversation whose content is still there (what the viewer may read
    of it, like the PDF button), and the documents attached to those they take part in:
    each part read once for them all, the read log written in one insert."""
    from samtale.conversations import pdf, policy
    from samtale.conversations.documents.queries import documents_of_many
    from samtale.conversations.queries import conversations_for

    listed = [c.pk for c in _mine(viewer) if c.content_deleted_at is None]
    conversations = conversations_for(viewer, listed)
    documents = documents_of_many(
        [c for c in conversations if policy.can_read_documents(viewer, c)]
    )
    found: list[ExportFile] = []
    for content in pdf.read_for_pdfs(viewer, conversations):
        conversation = content.conversation
        found.append(
            ExportFile(
                f"samtaler/{conversation.pk}-{pdf.pdf_filename(conversation)}",
                partial(pdf.content_pdf, viewer, content),
            )
        )
        for document in documents.get(conversation.pk, []):
            found.append(ExportFile(_document_name(document), _reader(document)))
    return found


def _reader(document: Any) -> Any:
    def read() -> bytes:
        with document.file.open("rb") as handle:
            return bytes(handle.read())

    return read


HOLDING = Holding(
    app="conversations",
    order=20,
    models={
        "conversations.ConversationKind": NO_PERSONAL_DATA,
        # a leader's id and a random value (samtale.conversations.kept)
        "conversations.ChangeToken": NO_PERSONAL_DATA,
        "conversations.Conversation": COVERED,
        "conversations.Participant": COVERED,
        "conversations.ConversationEvent": COVERED,
        "conversations.SummaryVersion": COVERED,
        "conversations.SummaryResponse": COVERED,
        "conversations.Preparation": COVERED,
        # A team preparation's history goes with it (CASCADE); its author is the shell
        # an erasure leaves.
        "conversations.TeamPreparationChange": COVERED,
        "conversations.AgendaItem": COVERED,
        "conversations.FollowUpRequest": COVERED,
        "conversations.Note": COVERED,
        "conversations.ConversationDocument": COVERED,
    },
    export=export,
    files=files,
    erase=erase,
    expire=expire,
)
