"""The demo's rounds: last year's closed round and this year's in progress (agreed by
TR and AMR, announced, times offered and partly booked, conversations in every stage)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation
from samtale.demo.tests.test_demo import persona
from samtale.rounds import progress
from samtale.rounds.models import Round, RoundConversation, RoundState, Slot, StrategicGoal

pytestmark = pytest.mark.django_db


def test_last_years_round_is_closed_with_last_years_conversations(demo):
    closed = Round.objects.get(state=RoundState.CLOSED)
    assert closed.agreement.how == "med"
    current = Round.objects.get(state=RoundState.ANNOUNCED)
    assert closed.ends_on < current.starts_on
    joined = Conversation.objects.filter(round_link__round=closed)
    # the leader's people's MUS of last year and her own LUS, all held and closed
    assert joined.filter(kind__code="mus", leader=persona("leader")).count() >= 5
    assert joined.filter(kind__code="lus", person=persona("leader")).exists()
    assert set(joined.values_list("state", flat=True)) <= {State.CLOSED, State.CANCELLED}
    assert closed.closed_at is not None and current.announced_at is not None
    assert closed.closed_at < current.announced_at


def test_this_years_round_is_agreed_announced_and_under_way(demo):
    current = Round.objects.get(state=RoundState.ANNOUNCED)
    # agreed by the TR and the AMR on the same revision, with a comment
    signed = current.sign_offs.filter(revision=current.revision)
    assert {s.person for s in signed} == {persona("tr"), persona("amr")}
    assert current.comments.filter(author=persona("tr")).exists()
    # themes tied to the strategic goals, the kommune's and Børn og Unge's own
    assert current.themes.count() == 3
    assert StrategicGoal.objects.filter(themes__round=current).count() >= 3
    # the story's conversations joined: the employee's invited MUS, the leader's LUS
    links = RoundConversation.objects.filter(round=current)
    assert links.filter(conversation__person=persona("employee"), conversation__kind__code="mus")
    assert links.filter(conversation__person=persona("leader"), conversation__kind__code="lus")
    # every stage of the round is represented
    counts = progress.overall(current)
    assert counts.not_booked and counts.invited and counts.held and counts.accepted
    assert counts.follow_up_pending and counts.follow_up_overdue
    # times offered by two leaders, some booked (and so invited), others free
    slots = Slot.objects.filter(round=current)
    assert slots.values("leader").distinct().count() == 3
    booked = slots.filter(conversation__isnull=False)
    assert booked.count() >= 2 and slots.filter(conversation__isnull=True).count() >= 5
    for slot in booked:
        assert slot.conversation is not None
        assert slot.conversation.state == State.INVITED
        assert slot.conversation.starts_at == slot.starts_at
    # the AMR still has his MUS to book
    amr_mus = Conversation.objects.get(
        round_link__round=current, person=persona("amr"), kind__code="mus"
    )
    assert amr_mus.state == State.PLANNED


def test_the_demo_rounds_show_to_hr_and_the_representatives(client, demo):
    current = Round.objects.get(state=RoundState.ANNOUNCED)
    for key in ("hr_kommune", "tr", "employee"):
        client.force_login(persona(key).user)
        response = client.get(reverse("rounds:list"), HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        assert current.name in response.content.decode()
