"""Who may see and do what with follow-up requests (opfølgende samtaler). One answer per
question, in this file.

- The employee, or for GRUS any member of the team (a participant who does not hold
  it), requests a follow-up once the original conversation has been held.
- A request and its reason are conversation content: only the participants of the
  original conversation see them. The requester withdraws it.
- The leader who held the original plans the follow-up and sees their open and overdue
  requests on their own list.
- HR sees how many requests are open and overdue in their units, never who or why;
  an administrator sees the numbers for the whole organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from samtale.conversations import policy

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, FollowUpRequest

# The states of the original conversation after which a follow-up may be requested.
HELD_STATES = frozenset({"held", "accepted", "closed"})


def can_request(viewer: Viewer, conversation: Conversation) -> bool:
    """A participant other than the leader, once the conversation has been held."""
    if conversation.state not in HELD_STATES:
        return False
    return policy.can_respond(viewer, conversation)


def can_see(viewer: Viewer, request: FollowUpRequest) -> bool:
    return policy.is_participant(viewer, request.conversation)


def can_plan(viewer: Viewer, request: FollowUpRequest) -> bool:
    """The leader who held the original conversation."""
    return policy.is_host(viewer, request.conversation)


def can_withdraw(viewer: Viewer, request: FollowUpRequest) -> bool:
    return viewer.person is not None and request.requested_by_id == viewer.person.pk


def sees_leader_list(viewer: Viewer) -> bool:
    """The list of requests waiting for the viewer: for everyone who leads someone."""
    return viewer.person is not None and viewer.leads_anyone


def sees_hr_counts(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.is_hr
