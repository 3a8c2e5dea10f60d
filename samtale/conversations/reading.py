"""What a viewer reads of a conversation, and the read log: one function for the page,
the API, the PDF and the panels.

``content_for(viewer, conversation, parts=...)`` loads the parts asked for, keeps what
``samtale.conversations.policy`` lets the viewer read, asks the registered panels
(``samtale.conversations.panels``) for theirs, and writes one read-log row for each piece
of someone else's content it returns, all in one insert, before anything leaves the
server. Whoever shows content of a conversation gets it here; nothing else writes the
read log for conversation content but ``record`` below (a downloaded document).

    content = reading.content_for(viewer, conversation, parts=Part.PAGE)
    content.summaries, content.preparations, content.panels, ...

``contents_for`` does the same for many conversations at once (the own-data export): a
fixed number of queries however many there are, and one insert into the read log.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from samtale.access import readlog
from samtale.conversations import lifecycle, panels, policy
from samtale.conversations.documents.queries import documents_of_many
from samtale.conversations.followups.queries import about_conversations
from samtale.conversations.models import (
    AgendaItem,
    Note,
    Participant,
    Preparation,
    SummaryResponse,
    SummaryVersion,
)
from samtale.conversations.panels import ShownPanel
from samtale.lib.jsonrows import json_rows, parsed, parsed_datetime
from samtale.lib.prepared import Prepared, prefetched
from samtale.org.models import Person
from samtale.questionnaires.filling import SectionView, sections_for_responses

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import (
        Conversation,
        ConversationDocument,
        FollowUpRequest,
    )

# The read log's subject type for everything read of a conversation (its own content, its
# documents, its development plan): one name, so "who has read" finds every row.
READ_LOG_SUBJECT = "conversation"


class Part(enum.Flag):
    """The parts of a conversation a reader asks for."""

    AGENDA = enum.auto()
    PREPARATIONS = enum.auto()  # what the viewer may read, with the answers
    SUMMARIES = enum.auto()  # every version the viewer may read, newest first
    LATEST_SUMMARY = enum.auto()  # the latest shared version, and the host's newer draft
    NOTES = enum.auto()  # the viewer's private notes and the shared notes
    FOLLOW_UPS = enum.auto()  # the requests after it, and the one it follows up
    DOCUMENTS = enum.auto()
    PANELS = enum.auto()  # what the apps above conversations show with it

    PAGE = AGENDA | PREPARATIONS | SUMMARIES | NOTES | FOLLOW_UPS | DOCUMENTS | PANELS
    API = AGENDA | PREPARATIONS | SUMMARIES | PANELS
    PDF = AGENDA | PREPARATIONS | LATEST_SUMMARY | PANELS


@dataclass
class Content:
    """What the viewer may read of one conversation (participants only)."""

    conversation: Conversation
    participants: list[Participant]
    agenda: list[AgendaItem] = field(default_factory=list)
    # The preparations the viewer may read (``policy.can_read_preparation``), and the
    # answers of each by response id.
    preparations: list[Preparation] = field(default_factory=list)
    answers: dict[int, list[SectionView]] = field(default_factory=dict)
    # Who has prepared and shared (no content): every preparation's person and state.
    prepared: dict[int | None, Preparation] = field(default_factory=dict)
    summaries: list[SummaryVersion] = field(default_factory=list)
    my_notes: Note | None = None
    shared_notes: Note | None = None
    follow_up_requests: list[FollowUpRequest] = field(default_factory=list)
    documents: list[ConversationDocument] = field(default_factory=list)
    panels: list[ShownPanel] = field(default_factory=list)
    # What went into the read log: (conversation id, what was read).
    reads: list[tuple[int, str]] = field(default_factory=list)

    def panel(self, name: str) -> ShownPanel | None:
        return next((p for p in self.panels if p.name == name), None)


def participants_of(conversation: Conversation) -> list[Participant]:
    """The participants with their people, the host first; also tells ``policy`` every
    participant's role, so no rule asks the database again."""
    return _participants([conversation])[conversation.pk]


def _participants(conversations: Sequence[Conversation]) -> dict[int, list[Participant]]:
    """``participants_of`` for each conversation: none for those ``conversation_for``
    read them with, one query for the others together."""
    found: dict[int, list[Participant]] = {}
    for conversation in conversations:
        loaded: list[Participant] | None = getattr(conversation, "participants_loaded", None)
        if loaded is not None:  # conversation_for read them with the conversation
            found[conversation.pk] = loaded
    rest = {c.pk: c for c in conversations if c.pk not in found}
    if rest:
        rows = _by_conversation(
            Participant.objects.filter(conversation_id__in=rest)
            .select_related("person")
            .order_by("role", "person__name"),
            rest,
        )
        for pk, conversation in rest.items():
            found[pk] = rows[pk]
            policy.remember_roles(conversation, rows[pk])
    return found


def _by_conversation[T](
    rows: Iterable[T], conversations: Mapping[int, Conversation]
) -> dict[int, list[T]]:
    """Rows grouped by their ``conversation_id``, in their order, a list for every
    conversation; each row gets its conversation (no query when a rule or a template
    asks for it), as the conversation's related managers would give it."""
    grouped: dict[int, list[T]] = {pk: [] for pk in conversations}
    for row in rows:
        pk = row.conversation_id  # type: ignore[attr-defined]
        row.conversation = conversations[pk]  # type: ignore[attr-defined]
        grouped[pk].append(row)
    return grouped


def content_for(
    viewer: Viewer, conversation: Conversation, *, parts: Part, as_pdf: bool = False
) -> Content:
    """The parts of ``conversation`` the viewer may read, and the read log written for
    them (see the module docstring); ``as_pdf``: the log says they were read as a PDF.
    The viewer takes part in it: fetch it with
    ``samtale.conversations.queries.conversation_for``."""
    return _contents(viewer, [conversation], parts=parts, as_pdf=as_pdf, many=False)[0]


def contents_for(
    viewer: Viewer,
    conversations: Sequence[Conversation],
    *,
    parts: Part,
    as_pdf: bool = False,
) -> list[Content]:
    """``content_for`` for many conversations at once, in their order: each part read in
    one query for all of them (a panel that cannot, once per conversation), and the read
    log written in one insert. The viewer takes part in each
    (``queries.conversations_for``)."""
    return _contents(viewer, conversations, parts=parts, as_pdf=as_pdf, many=True)


def _contents(
    viewer: Viewer,
    conversations: Sequence[Conversation],
    *,
    parts: Part,
    as_pdf: bool,
    many: bool,
) -> list[Content]:
    if not conversations:
        return []
    by_pk = {c.pk: c for c in conversations}
    participants = _participants(conversations)
    contents = [Content(conversation=c, participants=participants[c.pk]) for c in conversations]
    if Part.AGENDA in parts:
        agenda = _by_conversation(_rows(_agenda, _agenda_of, by_pk), by_pk)
        for content in contents:
            content.agenda = agenda[content.conversation.pk]
    if Part.PREPARATIONS in parts:
        _load_preparations(viewer, contents)
    if parts & (Part.SUMMARIES | Part.LATEST_SUMMARY):
        versions = _versions(by_pk, participants)
        for content in contents:
            conversation = content.conversation
            shown = [
                v
                for v in versions[conversation.pk]
                if policy.can_read_summary(viewer, conversation, v)
            ]
            content.summaries = shown if Part.SUMMARIES in parts else _latest(shown)
            # for the panels about the summary (``Panel.summary_annotations``)
            conversation.summaries_loaded = content.summaries
    if Part.NOTES in parts:
        if len(by_pk) == 1 and viewer.person is not None:
            notes: Iterable[Note] = _notes_of(viewer.person.pk, next(iter(by_pk)))
        else:
            notes = _notes(viewer.person, Q(conversation_id__in=list(by_pk)))
        found = _by_conversation(notes, by_pk)
        for content in contents:
            for note in found[content.conversation.pk]:
                if note.person_id is None:
                    content.shared_notes = note
                else:
                    content.my_notes = note
    if Part.FOLLOW_UPS in parts:
        requests = about_conversations(conversations)
        for content in contents:
            content.follow_up_requests = _follow_ups(
                viewer, content.conversation, requests[content.conversation.pk]
            )
    if Part.DOCUMENTS in parts:
        readable = [c for c in conversations if policy.can_read_documents(viewer, c)]
        documents = documents_of_many(readable)
        for content in contents:
            content.documents = documents.get(content.conversation.pk, [])
    if Part.PANELS in parts:
        for panel in panels.registered():
            loaded = panels.load_all(panel, viewer, conversations, many=many)
            for content in contents:
                shown_panel = loaded.get(content.conversation.pk)
                if shown_panel is not None:
                    content.panels.append(ShownPanel(panel, shown_panel))
    reads: list[tuple[int, str]] = []
    for content in contents:
        content.reads = reads_of_others(viewer, content)
        if as_pdf:
            content.reads = [
                (pk, _("%(what)s (PDF)") % {"what": what}) for pk, what in content.reads
            ]
        reads.extend(content.reads)
    record(viewer, reads)
    return contents


def _follow_ups(
    viewer: Viewer, conversation: Conversation, requests: list[FollowUpRequest]
) -> list[FollowUpRequest]:
    """Of the ``requests`` about the conversation (``about_conversations``), those after
    it that the viewer may read (``policy.can_read_follow_up_request``: a leader who
    handed one over no longer does), and the one it follows up (who asked and by when,
    no reason: for its participants)."""
    shown = []
    for request in requests:
        if request.conversation_id == conversation.pk:
            request.conversation = conversation  # whose participants are known already
            if not policy.can_read_follow_up_request(viewer, request):
                continue
        shown.append(request)
    return shown


def read_follow_up_request(viewer: Viewer, request: FollowUpRequest) -> None:
    """The request's own page shows its reason (to the successor who holds it, above
    all): logged as on the original's page, on the original conversation, unless the
    viewer asked. The caller asked ``policy.can_read_follow_up_request``."""
    if viewer.person is None or request.requested_by_id != viewer.person.pk:
        record(viewer, [(request.conversation_id, _("Request for a follow-up conversation"))])


def _load_preparations(viewer: Viewer, contents: Sequence[Content]) -> None:
    by_pk = {content.conversation.pk: content.conversation for content in contents}
    found = _by_conversation(_rows(_preparations, _preparations_of, by_pk), by_pk)
    for content in contents:
        preparations = found[content.conversation.pk]
        content.prepared = {p.person_id: p for p in preparations}
        content.preparations = [p for p in preparations if policy.can_read_preparation(viewer, p)]
    answers = sections_for_responses([p.response for c in contents for p in c.preparations])
    for content in contents:
        content.answers = {p.response_id: answers[p.response_id] for p in content.preparations}


def _versions(
    conversations: Mapping[int, Conversation], participants: Mapping[int, list[Participant]]
) -> dict[int, list[SummaryVersion]]:
    """The summary versions of each conversation, with their answers; none read for
    those that cannot have any yet (``lifecycle.may_have_summary``: not held)."""
    asked = {pk: c for pk, c in conversations.items() if lifecycle.may_have_summary(c.state)}
    found = _by_conversation(_rows(_summaries, _summaries_of, asked), asked) if asked else {}
    people = {p.person_id: p.person for pk in asked for p in participants[pk]}
    _answered([v for versions in found.values() for v in versions], people)
    return {pk: found.get(pk, []) for pk in conversations}


# The queries of a conversation's parts, for one conversation compiled once per process
# (``Prepared``: the conversation page asks them on every view) and for many by ``__in``.


def _agenda(where: Q) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(where).select_related("proposed_by")


def _preparations(where: Q) -> QuerySet[Preparation]:
    return (
        Preparation.objects.filter(where)
        .select_related("person", "response__version")
        .order_by("person__name", "pk")
    )


# The answers to each summary version, read in the versions' own query (``_answered``).
_ANSWERS = "answers_json"


def _summaries(where: Q) -> QuerySet[SummaryVersion]:
    answers = json_rows(
        SummaryResponse.objects.filter(version=OuterRef("pk")),
        i="id",
        p="person_id",
        a="accepted",
        c="comment",
        t="at",
    )
    return (
        SummaryVersion.objects.filter(where)
        .annotate(**panels.summary_annotations(), **{_ANSWERS: answers})
        .select_related("written_by")
        .order_by("-number")
    )


def _answered(versions: Iterable[SummaryVersion], people: Mapping[int, Person]) -> None:
    """Each version's answers as ``version.responses.all()`` (no query), from the text
    its query carried, in the order they were given; the people who answered are the
    conversation's participants (``people``; anyone else is read, in one query)."""
    found = {v.pk: sorted(parsed(getattr(v, _ANSWERS)), key=lambda o: o["i"]) for v in versions}
    missing = {o["p"] for rows in found.values() for o in rows} - set(people)
    if missing:
        people = {**people, **Person.objects.in_bulk(missing)}
    for version in versions:
        answers = []
        for o in found[version.pk]:
            answer = SummaryResponse.from_db(
                version._state.db,
                ["id", "version_id", "person_id", "accepted", "comment", "at"],
                [o["i"], version.pk, o["p"], bool(o["a"]), o["c"], parsed_datetime(o["t"])],
            )
            answer.person = people[o["p"]]
            answers.append(answer)
        prefetched(version, "responses", answers)


def _notes(person: Any, which: Q) -> QuerySet[Note]:
    """The viewer's own notes and the shared ones of the conversations ``which`` picks."""
    return Note.objects.filter(Q(person=person) | Q(person__isnull=True), which).select_related(
        "updated_by"
    )


_notes_of = Prepared(lambda person, pk: _notes(person, Q(conversation_id=pk)), kinds=(int, int))
_agenda_of = Prepared(lambda pk: _agenda(Q(conversation_id=pk)))
_preparations_of = Prepared(lambda pk: _preparations(Q(conversation_id=pk)))
_summaries_of = Prepared(lambda pk: _summaries(Q(conversation_id=pk)))


def _rows[M: Model](
    build: Callable[[Q], QuerySet[M]], prepared: Prepared[M], conversations: Mapping[int, object]
) -> Iterable[M]:
    """The rows of ``conversations`` (one: the prepared query)."""
    if len(conversations) == 1:
        return prepared(next(iter(conversations)))
    return build(Q(conversation_id__in=list(conversations)))


def _latest(shown: list[SummaryVersion]) -> list[SummaryVersion]:
    """The latest shared version, and before it a newer draft if the viewer sees it."""
    shared = next((v for v in shown if v.shared_at is not None), None)
    draft = shown[0] if shown and shown[0].shared_at is None else None
    return [v for v in (draft, shared) if v is not None]


def reads_of_others(viewer: Viewer, content: Content) -> list[tuple[int, str]]:
    """What the read log says the viewer read of content someone else wrote: one entry
    per kind of content, nothing for their own, each on the conversation it belongs to
    (last year's development plan on last year's conversation). Writes nothing.

    - each other participant's preparation once it is shared (the team's preparation
      counts once shared);
    - the themes others proposed;
    - every summary version written by someone else, and the others' answers to it
      (a comment records disagreement: it is content);
    - the shared notes, when someone else wrote them last;
    - the viewer's private notes, when another login saved them last (a login linked to
      the person since: the reader is not the one who wrote them);
    - a follow-up request about this conversation made by someone else (its reason; on
      the request's own page: ``read_follow_up_request``);
    - what each panel reports (the development plan).
    """
    me = viewer.person.pk if viewer.person is not None else None
    conversation = content.conversation
    entries: list[str] = []
    # One entry per preparation, so that a GRUS of twenty still says whose was read.
    entries.extend(
        _("Preparation of %(names)s") % {"names": p.person.name if p.person else _("the team")}
        for p in content.preparations
        if p.person_id != me and p.shared_at
    )
    proposers = _names(item.proposed_by for item in content.agenda if item.proposed_by_id != me)
    if proposers:
        entries.append(_("Themes proposed by %(names)s") % {"names": proposers})
    unread = [v for v in content.summaries if v.written_by_id != me]
    if unread:
        entries.append(
            _("Summary, version %(numbers)s")
            % {"numbers": ", ".join(str(v.number) for v in unread)}
        )
    answerers = _names(
        r.person for v in content.summaries for r in v.responses.all() if r.person_id != me
    )
    if answerers:
        entries.append(_("Answers to the summary by %(names)s") % {"names": answerers})
    shared = content.shared_notes
    if shared is not None and shared.text and shared.updated_by_id != me:
        entries.append(_("Shared notes"))
    # The viewer's "own" private notes, written with another login than the one reading
    # them now (a login linked to the person since): someone else's read.
    mine, user = content.my_notes, getattr(viewer, "user", None)
    if (
        mine is not None
        and viewer.person is not None
        and mine.text
        and mine.updated_by_login_id != getattr(user, "pk", None)
    ):
        entries.append(_("Private notes of %(name)s") % {"name": viewer.person.name})
    if any(
        r.conversation_id == conversation.pk and r.requested_by_id != me
        for r in content.follow_up_requests
    ):
        entries.append(_("Request for a follow-up conversation"))
    reads = [(conversation.pk, what) for what in entries]
    for shown in content.panels:
        reads.extend(shown.content.reads)
    return reads


def _names(people: Iterable[object]) -> str:
    names = sorted({str(getattr(person, "name", "")) for person in people} - {""})
    return ", ".join(names)


def preparation_panels(viewer: Viewer, conversation: Conversation) -> list[ShownPanel]:
    """The panels that have a section in the preparation form (the round's themes), as
    the viewer may read them, their reads logged like ``content_for``'s. The viewer takes
    part in the conversation (``queries.conversation_for``)."""
    shown = []
    for panel in panels.registered():
        if panel.preparation_template is None:
            continue
        loaded = panel.load(viewer, conversation)
        if loaded is not None:
            shown.append(ShownPanel(panel, loaded))
    record(viewer, [read for one in shown for read in one.content.reads])
    return shown


def record(viewer: Viewer, reads: Sequence[tuple[int, str]]) -> None:
    """Write reads of conversations' content (``(conversation id, what)``), all in one
    insert: ``content_for`` does, and so does whoever shows content it does not return (a
    document downloaded by someone other than its uploader; "Min udviklingsplan")."""
    readlog.record_reads(viewer, [(READ_LOG_SUBJECT, pk, what) for pk, what in reads])
