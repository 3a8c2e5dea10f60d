"""Who may see and do what with conversations. One answer per question, in this file.

- A conversation and its content are seen only by its participants: the person it is
  with (or the team's members, for GRUS) and the leader who holds it. Not by HR, not by
  the leader's own chief, not by an administrator: they see aggregates elsewhere.
- The leader who holds it plans, invites, moves, cancels and marks it as held.
- The leader's overview lists the conversations they hold (kind, person, state, time),
  never content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from samtale.org.policy import NOTHING

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, Preparation
    from samtale.org.models import Person, Team


def conversation_visible_q(viewer: Viewer) -> Q:
    from samtale.conversations.models import Participant

    if viewer.person is None:
        return NOTHING
    return Q(pk__in=Participant.objects.filter(person=viewer.person).values("conversation"))


def is_participant(viewer: Viewer, conversation: Conversation) -> bool:
    if viewer.person is None:
        return False
    return conversation.participants.filter(person=viewer.person).exists()


def is_host(viewer: Viewer, conversation: Conversation) -> bool:
    return viewer.person is not None and conversation.leader_id == viewer.person.pk


def can_schedule(viewer: Viewer, conversation: Conversation) -> bool:
    """Invite, move, cancel, mark as held: the leader who holds it."""
    return is_host(viewer, conversation) and conversation.is_open


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
    return is_host(viewer, conversation) and conversation.state in ("held", "accepted")


def can_respond(viewer: Viewer, conversation: Conversation) -> bool:
    """The other participants accept the summary or comment on it."""
    if viewer.person is None or is_host(viewer, conversation):
        return False
    return conversation.participants.filter(person=viewer.person, role="participant").exists()


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
    return is_participant(viewer, conversation) and conversation.state in (
        "planned",
        "invited",
        "rescheduled",
    )


def can_keep_notes(viewer: Viewer, conversation: Conversation) -> bool:
    return conversation.state != "cancelled" and is_participant(viewer, conversation)


def can_close(viewer: Viewer, conversation: Conversation) -> bool:
    return is_host(viewer, conversation) and conversation.state == "accepted"


def kinds_to_ask_for(viewer: Viewer) -> bool:
    """An employee with a nearest leader may ask for an En-til-en or an individual MUS."""
    return viewer.person is not None and viewer.person.manager_id is not None


def can_manage_kinds(viewer: Viewer) -> bool:
    """The kinds of conversation (the GOM table) are the organisation's: HR for the whole
    organisation and administrators change them."""
    from samtale.org.policy import is_organisation_hr

    return viewer.is_admin or is_organisation_hr(viewer)
