"""Builders for tests: conversations in each stage, taken there through the services by
the people who would take each step, so that a test starts from data the product itself
could have made.

    mus = factories.invited("mus", person=personas.employee)      # by Emma's leader
    grus = factories.held("grus", team=personas.teams["stue"])
    factories.summarised(mus)                                      # written and shared
    factories.actor(personas.employee)                             # Emma, acting

History (a conversation in the past, or held by someone who is no longer the person's
leader) is made by moving rows afterwards: the services refuse a time in the past.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from samtale.access.viewer import Viewer, acting_as
from samtale.conversations import services
from samtale.conversations.models import Conversation, ConversationKind, SummaryVersion
from samtale.org.models import OrgUnit, Person, Team

PLACE = "Mødelokalet"


def actor(person: Person | None) -> Viewer:
    """``person`` taking a step (as the demo and commands act): their scopes and login."""
    assert person is not None, "nobody to act"
    return acting_as(person)


def host(conversation: Conversation) -> Viewer:
    """The leader who holds ``conversation``, acting."""
    return acting_as(conversation.leader)


def kind(code: str) -> ConversationKind:
    return ConversationKind.objects.get(code=code)


def soon(days: float = 4, *, hours: float = 0) -> datetime.datetime:
    """A time ahead (whole seconds, as a form gives it)."""
    return (timezone.now() + datetime.timedelta(days=days, hours=hours)).replace(microsecond=0)


def planned(
    kind_code: str,
    *,
    person: Person | None = None,
    team: Team | None = None,
    leader: Person | None = None,
) -> Conversation:
    """Planned by the person's nearest leader (for GRUS the team's leader). ``leader``:
    held by someone else (history: a former leader), made as the services make it."""
    if leader is None:
        leader = team.leader if team is not None else person.manager if person else None
        assert leader is not None, "nobody leads this person or team"
        return services.plan(kind=kind(kind_code), by=actor(leader), person=person, team=team)
    return services._create(
        kind=kind(kind_code), by=actor(leader), person=person, team=team, leader=leader
    )


def invited(
    kind_code: str,
    *,
    person: Person | None = None,
    team: Team | None = None,
    leader: Person | None = None,
    starts_at: datetime.datetime | None = None,
    location: str = PLACE,
    **schedule: Any,
) -> Conversation:
    """Planned and invited (a time ahead, by default in four days)."""
    conversation = planned(kind_code, person=person, team=team, leader=leader)
    return services.invite(
        conversation,
        by=host(conversation),
        starts_at=starts_at or soon(),
        location=location,
        **schedule,
    )


def held(
    kind_code: str,
    *,
    person: Person | None = None,
    team: Team | None = None,
    leader: Person | None = None,
    days_ago: float | None = None,
) -> Conversation:
    """Invited and marked as held. ``days_ago``: it took place that many days ago (the
    row is moved back afterwards)."""
    conversation = invited(
        kind_code, person=person, team=team, leader=leader, starts_at=soon(0, hours=1)
    )
    services.mark_held(conversation, by=host(conversation))
    if days_ago is not None:
        move(conversation, timezone.now() - datetime.timedelta(days=days_ago, hours=1))
    return conversation


def move(conversation: Conversation, starts_at: datetime.datetime) -> Conversation:
    """History: the conversation's time moved to ``starts_at`` (the past, too), in the
    row itself."""
    Conversation.objects.filter(pk=conversation.pk).update(starts_at=starts_at)
    conversation.refresh_from_db()
    return conversation


def summarised(
    conversation: Conversation,
    *,
    summary: str = "Et godt år.",
    agreements: str = "",
    shared: bool = True,
) -> SummaryVersion:
    """The leader writes the summary of a held conversation and (``shared``) shares it."""
    leader = host(conversation)
    version = services.write_summary(
        conversation, by=leader, summary=summary, agreements=agreements
    )
    if shared:
        version = services.share_summary(conversation, by=leader)
    return version


def accepted(conversation: Conversation, **summary: Any) -> Conversation:
    """Held, its summary written, shared and accepted by every other participant."""
    summarised(conversation, **summary)
    for participant in conversation.participants.filter(role="participant").select_related(
        "person"
    ):
        services.respond_to_summary(conversation, by=actor(participant.person), accept=True)
    conversation.refresh_from_db()
    return conversation


def running_round(
    by: Viewer, units: list[OrgUnit], *, name: str = "Runden", began_days_ago: int = 30
) -> Any:
    """A round over ``units`` that runs now: begun ``began_days_ago`` days ago, ending in
    60 days. A draft, as HR made it: announce it to make its conversations."""
    from samtale.rounds import services as round_services  # rounds build on conversations

    today = timezone.localdate()
    return round_services.create_round(
        by=by,
        name=name,
        year=today.year,
        units=units,
        starts_on=today - datetime.timedelta(days=began_days_ago),
        ends_on=today + datetime.timedelta(days=60),
    )
