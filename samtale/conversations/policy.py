"""Who may see and do what with conversations. One answer per question, in this file.

- A conversation and its content are seen only by its participants: the person it is
  with (or the team's members, for GRUS) and the leader who holds it. Not by HR, not by
  the leader's own chief, not by an administrator: they see aggregates elsewhere.
- The leader who holds it plans, invites, moves, cancels and marks it as held.
- The leader's overview lists the conversations they hold (kind, person, state, time),
  never content.
- Follow-ups: the employee, or for GRUS any team member, requests one once the original
  has been held; the request and its reason are content; the leader who holds the
  request (``FollowUpRequest.leader``: the original's leader, or the successor a leader
  who left handed it to) plans it and reads the reason, as do the original's other
  participants; HR sees only how many are open and overdue.
- Documents (LUS above all): participants attach them while the conversation is open and
  read them; the uploader deletes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from samtale.conversations import lifecycle
from samtale.org.policy import NOTHING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from samtale.access.viewer import Viewer
    from samtale.conversations.models import (
        Conversation,
        ConversationDocument,
        ConversationKind,
        FollowUpRequest,
        Participant,
        Preparation,
        SummaryVersion,
    )
    from samtale.org.models import Person, Team


def conversation_visible_q(viewer: Viewer) -> Q:
    if viewer.person is None:
        return NOTHING
    return taken_part_by_q(viewer.person)


def taken_part_by_q(person: Any) -> Q:
    """The conversations ``person`` (a person or their id) takes part in, in any role:
    what ``conversation_visible_q`` lets a viewer with a person see."""
    from samtale.conversations.models import Participant

    return Q(pk__in=Participant.objects.filter(person=person).values("conversation"))


def conversation_taken_part_q(viewer: Viewer) -> Q:
    """``conversation_visible_q`` as a join with the viewer's participations (the same
    conversations, each once: a person takes part in a conversation once), which
    PostgreSQL starts from the participants' index on the person when it orders them."""
    if viewer.person is None:
        return NOTHING
    return Q(participants__person=viewer.person)


def _roles(conversation: Conversation) -> dict[int, str]:
    """person id -> role, read once per conversation object (one query, none when the
    participants were loaded: ``remember_roles``), since a page asks several of the
    questions below."""
    roles: dict[int, str] | None = getattr(conversation, "_participant_roles", None)
    if roles is None:
        roles = dict(conversation.participants.values_list("person_id", "role"))
        remember_roles(conversation, roles)
    return roles


def remember_roles(
    conversation: Conversation, participants: Iterable[Participant] | dict[int, str]
) -> None:
    """Tell the rules the conversation's participants and their roles, read already."""
    roles = (
        participants
        if isinstance(participants, dict)
        else {p.person_id: p.role for p in participants}
    )
    conversation._participant_roles = roles


def is_participant(viewer: Viewer, conversation: Conversation) -> bool:
    if viewer.person is None:
        return False
    return viewer.person.pk in _roles(conversation)


def is_host(viewer: Viewer, conversation: Conversation) -> bool:
    return viewer.person is not None and conversation.leader_id == viewer.person.pk


def can_schedule(viewer: Viewer, conversation: Conversation) -> bool:
    """Invite, move, cancel, mark as held: the leader who holds it."""
    return is_host(viewer, conversation) and conversation.is_open


def can_book(viewer: Viewer, conversation: Conversation) -> bool:
    """Take a time the leader offered (``samtale.rounds``' booking, which checks the
    offer): the person the conversation is with, while it is planned and has no time."""
    return (
        viewer.person is not None
        and conversation.person_id == viewer.person.pk
        and conversation.state == lifecycle.State.PLANNED
    )


def can_plan(
    viewer: Viewer,
    *,
    kind_participation: str,
    person: Person | None = None,
    team: Team | None = None,
) -> bool:
    """Plan a conversation: the nearest leader for their own people (and, for LUS, the
    chief or board chair for the leaders below them), the team's leader for GRUS, and,
    for a voluntary En-til-en, the employee too (with their own leader)."""
    from samtale.conversations.models import Participation

    me = viewer.person
    if me is None:
        return False
    if kind_participation == Participation.TEAM_AND_LEADER:
        return team is not None and team.leader_id == me.pk
    if person is None:
        return False
    return person.manager_id == me.pk


def can_write_summary(viewer: Viewer, conversation: Conversation) -> bool:
    """The leader who holds it writes the summary once the conversation is held."""
    return is_host(viewer, conversation) and lifecycle.summary_writable(conversation.state)


def can_read_summary(viewer: Viewer, conversation: Conversation, version: SummaryVersion) -> bool:
    """A summary version: the participants once it is shared; the leader who holds the
    conversation (its author) also while it is a draft."""
    if not is_participant(viewer, conversation):
        return False
    return version.shared_at is not None or is_host(viewer, conversation)


def can_respond(viewer: Viewer, conversation: Conversation) -> bool:
    """The other participants accept the summary or comment on it."""
    if viewer.person is None or is_host(viewer, conversation):
        return False
    return _roles(conversation).get(viewer.person.pk) == "participant"


def can_prepare(viewer: Viewer, conversation: Conversation) -> bool:
    """Every participant prepares while the conversation is open and has a form."""
    return (
        conversation.is_open
        and conversation.questionnaire_version_id is not None
        and is_participant(viewer, conversation)
    )


def can_prepare_for_team(viewer: Viewer, conversation: Conversation) -> bool:
    """GRUS: every member (not the leader) adds to the team's shared preparation."""
    return (
        conversation.team_id is not None
        and can_prepare(viewer, conversation)
        and not is_host(viewer, conversation)
    )


def can_change_team_preparation(viewer: Viewer, conversation: Conversation) -> bool:
    """A member changes the team's preparation until the conversation is held; then it
    is locked (``lifecycle.team_preparation_writable``)."""
    return can_prepare_for_team(viewer, conversation) and lifecycle.team_preparation_writable(
        conversation.state
    )


def can_read_preparation(viewer: Viewer, preparation: Preparation) -> bool:
    """Your own, always; the team's, for its members; anyone else's only once shared,
    and only for the conversation's participants."""
    me = viewer.person
    if me is None:
        return False
    if preparation.person_id == me.pk:
        return True
    if preparation.person_id is None and can_prepare_for_team(viewer, preparation.conversation):
        return True
    return preparation.shared_at is not None and is_participant(viewer, preparation.conversation)


def can_propose_theme(viewer: Viewer, conversation: Conversation) -> bool:
    return is_participant(viewer, conversation) and lifecycle.theme_proposable(conversation.state)


def can_keep_notes(viewer: Viewer, conversation: Conversation) -> bool:
    return conversation.state != lifecycle.State.CANCELLED and is_participant(viewer, conversation)


def can_close(viewer: Viewer, conversation: Conversation) -> bool:
    return is_host(viewer, conversation) and lifecycle.may(conversation.state, "close")


def kinds_to_ask_for(viewer: Viewer) -> bool:
    """Someone with a nearest leader may ask them for a conversation (``can_ask_for``)."""
    return viewer.person is not None and viewer.person.manager_id is not None


def can_ask_for(viewer: Viewer, kind: ConversationKind) -> bool:
    """Ask one's own nearest leader for a conversation of ``kind``: a kind held with one
    person, not the follow-up (asked for from the conversation it follows up on), and
    one the person is offered (``is_offered``): an En-til-en always, an individual MUS
    (also as a member of a team that has GRUS) if they lead nobody, and LUS, of their
    chief or board chair, if they lead others."""
    from samtale.conversations.models import Frequency, Participation

    if not kinds_to_ask_for(viewer) or kind.frequency == Frequency.ON_REQUEST:
        return False
    if kind.participation == Participation.TEAM_AND_LEADER:
        return False
    return is_offered(kind, leads_others=viewer.leads_anyone)


def can_manage_kinds(viewer: Viewer) -> bool:
    """The kinds of conversation (the GOM table) are the organisation's: HR for the whole
    organisation and administrators change them."""
    from samtale.org.policy import is_organisation_hr

    return viewer.is_admin or is_organisation_hr(viewer)


# --- follow-up requests ---------------------------------------------------------------


def can_request_follow_up(viewer: Viewer, conversation: Conversation) -> bool:
    """A participant other than the leader, once the conversation has been held."""
    return lifecycle.is_held(conversation.state) and can_respond(viewer, conversation)


def holds_follow_up(viewer: Viewer, request: FollowUpRequest) -> bool:
    """The leader who holds the request now (``FollowUpRequest.leader``): the one who
    held the original conversation, or the successor it was handed to when they left
    (``samtale.conversations.followups.leaving``)."""
    return viewer.person is not None and request.leader_id == viewer.person.pk


def can_plan_follow_up(viewer: Viewer, request: FollowUpRequest) -> bool:
    """The leader who holds the request: a leader who handed it over no longer does."""
    return holds_follow_up(viewer, request)


def can_read_follow_up_request(viewer: Viewer, request: FollowUpRequest) -> bool:
    """The request and its reason (content): the leader who holds it, and the original's
    participants other than its leader (who asked; the team's members after a GRUS).

    As with a held conversation taken over (``services.take_over``: the successor hosts
    it and the old leader takes no part any more), reading follows holding: a successor
    who holds the request reads it (not the rest of the closed original, which stays
    with its participants), and the leader who handed it over no longer does, though
    they still read the original itself. Reads by anyone but the requester are logged
    (``samtale.conversations.reading``)."""
    if holds_follow_up(viewer, request):
        return True
    return (
        viewer.person is not None
        and _roles(request.conversation).get(viewer.person.pk) == "participant"
    )


def can_withdraw_follow_up(viewer: Viewer, request: FollowUpRequest) -> bool:
    return viewer.person is not None and request.requested_by_id == viewer.person.pk


def sees_follow_up_list(viewer: Viewer, *, holds_waiting: bool = False) -> bool:
    """The list of requests waiting for the viewer: for everyone who leads someone, and
    for whoever holds a waiting request (``holds_waiting``: a successor handed a leaver's
    follow-ups before they lead anyone)."""
    return viewer.person is not None and (viewer.leads_anyone or holds_waiting)


def sees_follow_up_counts(viewer: Viewer) -> bool:
    """Numbers only (open, overdue): HR for their units, administrators for all."""
    return viewer.is_admin or viewer.is_hr


# --- documents --------------------------------------------------------------------------


def can_read_documents(viewer: Viewer, conversation: Conversation) -> bool:
    """See the list and download: the conversation's participants only."""
    return is_participant(viewer, conversation)


def can_attach_document(viewer: Viewer, conversation: Conversation) -> bool:
    """Attach a document: every participant while the conversation is open."""
    return conversation.is_open and is_participant(viewer, conversation)


def can_delete_document(viewer: Viewer, document: ConversationDocument) -> bool:
    """Delete: the uploader, while the conversation is open."""
    me = viewer.person
    return me is not None and document.uploaded_by_id == me.pk and document.conversation.is_open


def is_offered(kind: ConversationKind, *, leads_others: bool) -> bool:
    """Which yearly conversation a person gets: a leader (someone who leads others) has
    LUS instead of MUS; an En-til-en is for everyone. ``leads_others`` comes from
    ``PersonQuerySet.with_report_counts`` (``report_count > 0``), ``with_leads_others``
    or the viewer's ``leads_anyone``."""
    if kind.participation == "leader_chief":
        return leads_others
    if kind.participation == "employee_leader" and kind.frequency == "yearly":
        return not leads_others
    return True


# --- progress: which conversations are counted ------------------------------------------


def counts_in_progress(kind: ConversationKind) -> bool:
    """Whether a kind of conversation is counted in progress reports (held, planned,
    missing): only the mandatory kinds held once a year (as shipped: MUS, GRUS, LUS).

    A voluntary conversation is never missing, so a voluntary kind (En-til-en) is never
    counted at all: not as missing, not as held, not in a total. Neither is a kind held
    on request (the follow-up) or at any time, since it has no yearly conversation to
    miss. The answer follows the kind's data, which HR changes on the kinds page, never
    its code: a kind made mandatory and yearly is counted from then on.

    Every report that counts conversations asks this one function: the leader's
    overview (``samtale.conversations.progress``) and the organisation-wide reports of
    rounds and insights. Who is offered which counted kind (LUS for a leader, MUS for
    the rest) is ``is_offered``."""
    return kind.mandatory and kind.frequency == "yearly"
