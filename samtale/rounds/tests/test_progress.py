"""The round's progress: counts per unit by state, rolled up the tree, for HR and (within
their scope) TR and AMR. States only, never content; three queries for any number of
units."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations import services as conversation_services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import FollowUpRequest
from samtale.org.models import OrgUnit
from samtale.rounds import progress, services
from samtale.rounds.models import RoundConversation
from samtale.testing import factories


def counts(c: progress.Counts) -> dict[str, int]:
    return {k: v for k, v in vars(c).items() if v}


@pytest.fixture
def running(personas):
    """A round over Dagtilbud Nord running now, with conversations in every state."""
    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = factories.running_round(hr, [personas.units["DN"]], name="Dagtilbud")
    factories.accepted(factories.held("mus", person=personas.employee))
    factories.invited("mus", person=personas.colleague)
    tina = factories.held("mus", person=personas.tr)
    factories.held("en-til-en", person=personas.colleague)  # voluntary: never counted
    round_ = services.announce(round_, by=hr, override_reason="Test")
    grus = RoundConversation.objects.get(round=round_, conversation__team__isnull=False)
    conversation_services.cancel(grus.conversation, by=factories.host(grus.conversation))
    request = follow_up_services.request_follow_up(
        tina, by=factories.actor(personas.tr), reason="Mere om sprog"
    )
    FollowUpRequest.objects.filter(pk=request.pk).update(
        deadline=today - datetime.timedelta(days=1)
    )
    return round_


def test_counts_per_unit_rolled_up(running, personas):
    [dn] = progress.tree(running)
    assert dn.unit == personas.units["DN"]
    assert counts(dn.own) == {}  # Christian has no chief: no LUS (a problem for HR)
    sol, mae = dn.children
    assert counts(sol.own) == {"not_booked": 1, "invited": 1, "accepted": 1, "cancelled": 1}
    [solv] = sol.children
    assert counts(solv.own) == {
        "not_booked": 1,
        "held": 1,
        "follow_up_pending": 1,
        "follow_up_overdue": 1,
    }
    assert counts(mae.own) == {"not_booked": 2}
    assert counts(dn.total) == {
        "not_booked": 4,
        "invited": 1,
        "held": 1,
        "accepted": 1,
        "cancelled": 1,
        "follow_up_pending": 1,
        "follow_up_overdue": 1,
    }
    assert dn.total.total == 8
    assert dn.total.done_percent == 25
    assert progress.overall(running).total == 8


def test_a_representative_sees_their_own_scope(running, personas):
    [sol] = progress.tree(running, within=acting_as(personas.tr).tr_paths)
    assert sol.unit == personas.units["SOL"]
    assert sol.total.total == 6
    assert progress.tree(running, within=acting_as(personas.hr_elsewhere).hr_paths) == []


def test_four_queries_for_5000_units(running, personas, django_assert_num_queries):
    sol = personas.units["SOL"]
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"X{n}", name=f"Stue {n}", parent=sol) for n in range(5000)
    )
    OrgUnit.objects.filter(code__startswith="X").update(
        path=Concat(Value(sol.path), Cast("pk", CharField()), Value("/"))
    )
    with django_assert_num_queries(4):
        [dn] = progress.tree(running)
    assert dn.total.total == 8
    assert len(dn.children[0].children) == 5001


def test_the_rounds_copy_of_the_state_follows_every_step(running, personas):
    """The tree counts from the round's copy of each conversation's state; every step of
    the lifecycle (here: invite, hold, accept, reschedule, cancel, hand over) keeps it
    true, for the conversations joined as for those the launch made."""

    def copies_are_true() -> None:
        for link in RoundConversation.objects.filter(round=running).select_related("conversation"):
            assert link.state == link.conversation.state, link.conversation

    copies_are_true()
    anders = RoundConversation.objects.get(
        round=running, conversation__person=personas.amr
    ).conversation
    leader = factories.host(anders)
    conversation_services.invite(
        anders, by=leader, starts_at=factories.soon(2), location="Kontoret"
    )
    copies_are_true()
    conversation_services.reschedule(
        anders, by=leader, starts_at=factories.soon(3), location="Kontoret"
    )
    copies_are_true()
    conversation_services.mark_held(anders, by=leader)
    copies_are_true()
    [dn] = progress.tree(running)
    assert dn.total.held == 2 and dn.total.not_booked == 3
    mette = RoundConversation.objects.get(
        round=running, conversation__person=personas.mae_employee
    ).conversation
    conversation_services.cancel(mette, by=factories.host(mette))
    copies_are_true()
    [dn] = progress.tree(running)
    assert dn.total.cancelled == 2 and dn.total.not_booked == 2
