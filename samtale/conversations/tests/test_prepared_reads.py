"""The reads "Mine samtaler" and the conversation page ask on every visit are built and
compiled once per process (samtale.lib.prepared): each must give what its
queryset gives, for every persona, as the data changes between calls (a compiled query
keeps nothing but its SQL)."""

from __future__ import annotations

import pytest

from samtale.access.viewer import viewer_for
from samtale.conversations import lifecycle
from samtale.conversations.followups import queries as follow_ups
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation
from samtale.conversations.queries import STEP_FIELDS, current_of, events_of
from samtale.org.models import Person
from samtale.testing import factories
from samtale.testing.factories import actor

pytestmark = pytest.mark.django_db

PROGRESS = (
    "my_preparation_started",
    "my_preparation_shared",
    "shared_summary_id",
    "has_summary_draft",
    "my_summary_answered",
)


def _current_as_queryset(person: Person) -> list[tuple]:
    viewer = viewer_for(person.user)
    rows = (
        Conversation.objects.visible_to(viewer)
        .filter(state__in=lifecycle.CURRENT_STATES)
        .with_progress_of(person)
        .only(*STEP_FIELDS)
        .order_by("starts_at", "pk")
    )
    return [_current_row(c) for c in rows]


def _current_row(conversation: Conversation) -> tuple:
    fields = tuple(getattr(conversation, f) for f in STEP_FIELDS)
    return (conversation.pk, *fields, *(getattr(conversation, a) for a in PROGRESS))


def _everyone(personas) -> list[Person]:
    return [p for p in personas.people.values() if p.user is not None]


@pytest.fixture
def year(personas):
    """A planned GRUS, an invited MUS, a held one with a shared summary, and a
    follow-up requested after it: something for each list."""
    stue = personas.teams["stue"]
    factories.planned("grus", team=stue)
    factories.invited("mus", person=personas.colleague)
    mus = factories.held("mus", person=personas.employee)
    factories.summarised(mus)
    follow_up_services.request_follow_up(
        mus, by=actor(personas.employee), reason="Vi aftalte at følge op."
    )
    return mus


def test_current_conversations_with_progress_as_the_queryset_gives_them(personas, year):
    for person in _everyone(personas):
        assert [_current_row(c) for c in current_of(viewer_for(person.user))] == (
            _current_as_queryset(person)
        ), person.name
    # a change between two calls shows in the second: the employee answers the summary
    from samtale.conversations import services

    services.respond_to_summary(year, by=actor(personas.employee), accept=True)
    employee = personas.employee
    assert [_current_row(c) for c in current_of(viewer_for(employee.user))] == (
        _current_as_queryset(employee)
    )
    assert not [c for c in current_of(viewer_for(employee.user)) if c.pk == year.pk]


def test_follow_up_lists_as_their_querysets_give_them(personas, year):
    for person in _everyone(personas):
        assert follow_ups.open_list_for_leader(person) == list(
            follow_ups.open_for_leader(person)
        ), person.name
        assert follow_ups.waiting_for_participant(person) == list(follow_ups._waiting_of(person)), (
            person.name
        )
    assert [r.conversation_id for r in follow_ups.open_list_for_leader(personas.leader)] == [
        year.pk
    ]
    assert [r.conversation_id for r in follow_ups.waiting_for_participant(personas.employee)] == [
        year.pk
    ]
    # related rows come with them (no query when the list shows the kind and the person)
    request = follow_ups.waiting_for_participant(personas.employee)[0]
    assert request.conversation.person == personas.employee


def test_a_conversations_history_as_its_related_manager_gives_it(personas, year):
    expected = list(year.events.select_related("by__person", "actor").order_by("at", "pk"))
    assert events_of(year) == expected
    assert len(expected) >= 3  # planned, invited, held at least
    assert [e.done_by for e in events_of(year)] == [e.done_by for e in expected]
