"""What a participant reads of a conversation, and which of those reads go into the read
log. The conversation page and the API show the same content to the same people and log
the same reads: both ask here, so the rule is stated once.

The rules of *who may read what* stay in ``samtale.conversations.policy``; this module
applies them to the things a page or an API answer has loaded, and decides what the read
log says about it.

In a view, after loading the conversation's things (with the authors' people, for the
names the log shows)::

    readable = reading.readable_preparations(viewer, preparations)
    shown = reading.shown_summaries(viewer, conversation, versions)
    reading.record_reads(
        viewer,
        conversation,
        preparations=readable,
        summaries=shown,
        shared_notes=shared_note,  # the page only
        follow_up_requests=requests,  # the page only
    )
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from samtale.access import readlog
from samtale.conversations import policy

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import (
        Conversation,
        FollowUpRequest,
        Note,
        Preparation,
        SummaryVersion,
    )

SUBJECT_TYPE = "conversation"


def readable_preparations(viewer: Viewer, preparations: Iterable[Preparation]) -> list[Preparation]:
    """The preparations the viewer may read (``policy.can_read_preparation``): their own,
    shared or not; the team's, for a GRUS team's members; anyone else's once shared."""
    return [p for p in preparations if policy.can_read_preparation(viewer, p)]


def shown_summaries(
    viewer: Viewer, conversation: Conversation, versions: Iterable[SummaryVersion]
) -> list[SummaryVersion]:
    """The summary versions the viewer sees, in the order given: the leader who holds the
    conversation sees every version, the draft too; the others only shared versions."""
    is_host = policy.is_host(viewer, conversation)
    return [v for v in versions if v.shared_at is not None or is_host]


def reads_of_others(
    viewer: Viewer,
    conversation: Conversation,
    *,
    preparations: Sequence[Preparation] = (),
    summaries: Sequence[SummaryVersion] = (),
    shared_notes: Note | None = None,
    follow_up_requests: Sequence[FollowUpRequest] = (),
) -> list[str]:
    """What the read log says the viewer read of content someone else wrote: one entry
    per kind of content, nothing for their own. Writes nothing.

    Give only what the viewer is shown: ``preparations`` from ``readable_preparations``
    (with ``person`` loaded), ``summaries`` from ``shown_summaries``, the shared notes
    (``person`` empty) and the follow-up requests shown with the conversation.

    - each other participant's preparation once it is shared (the team's preparation
      counts once shared);
    - the shared notes, when someone else wrote them last;
    - a follow-up request about this conversation made by someone else (its reason);
    - every summary version written by someone else.
    """
    me = viewer.person.pk if viewer.person is not None else None
    entries: list[str] = []
    # One entry per preparation, so that a GRUS of twenty still says whose was read.
    entries.extend(
        _("Preparation of %(names)s") % {"names": p.person.name if p.person else _("the team")}
        for p in preparations
        if p.person_id != me and p.shared_at
    )
    if shared_notes is not None and shared_notes.text and shared_notes.updated_by_id != me:
        entries.append(_("Shared notes"))
    if any(
        r.conversation_id == conversation.pk and r.requested_by_id != me for r in follow_up_requests
    ):
        entries.append(_("Request for a follow-up conversation"))
    unread = [v for v in summaries if v.written_by_id != me]
    if unread:
        entries.append(
            _("Summary, version %(numbers)s")
            % {"numbers": ", ".join(str(v.number) for v in unread)}
        )
    return entries


def record_reads(
    viewer: Viewer,
    conversation: Conversation,
    *,
    preparations: Sequence[Preparation] = (),
    summaries: Sequence[SummaryVersion] = (),
    shared_notes: Note | None = None,
    follow_up_requests: Sequence[FollowUpRequest] = (),
) -> list[str]:
    """Write the viewer's reads of other people's content into the read log (one row per
    entry of ``reads_of_others``, all in one query) and return the entries. Call it
    before the content leaves the server."""
    entries = reads_of_others(
        viewer,
        conversation,
        preparations=preparations,
        summaries=summaries,
        shared_notes=shared_notes,
        follow_up_requests=follow_up_requests,
    )
    readlog.record_reads(viewer, [(SUBJECT_TYPE, conversation.pk, what) for what in entries])
    return entries
