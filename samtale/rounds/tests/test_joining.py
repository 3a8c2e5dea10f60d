"""A conversation made one at a time during a round (a leader plans it, a person asks for
it) joins the announced round running that includes its kind and its unit: an
individual MUS asked for where the unit holds GRUS every year and MUS on request, a
newcomer's MUS planned mid-round. It takes the round's form; a twin does not join."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations import services as conversation_services
from samtale.conversations.models import ConversationKind
from samtale.org import services as org_services
from samtale.rounds import progress, services
from samtale.rounds.models import RoundConversation, Rule
from samtale.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(personas):
    return acting_as(personas.hr)


def running(personas, hr, *, unit: str = "DN", starts: int = -10, ends: int = 60):
    today = timezone.localdate()
    round_ = services.create_round(
        by=hr,
        name="Runden",
        year=today.year,
        units=[personas.units[unit]],
        starts_on=today + datetime.timedelta(days=starts),
        ends_on=today + datetime.timedelta(days=ends),
    )
    return services.announce(round_, by=hr, override_reason="Test")


def mus() -> ConversationKind:
    return ConversationKind.objects.get(code="mus")


def test_an_individual_mus_asked_for_under_grus_every_year_joins_the_round(personas, hr):
    services.set_unit_rule(personas.units["SOL"], by=hr, rule=Rule.GRUS)
    round_ = running(personas, hr)
    assert not RoundConversation.objects.filter(
        round=round_, conversation__person=personas.employee
    ).exists()  # GRUS every year: no MUS called
    before = progress.overall(round_).total

    asked = conversation_services.ask_for(mus(), by=acting_as(personas.employee))
    link = RoundConversation.objects.get(conversation=asked)
    assert link.round == round_ and link.unit == personas.units["SOL"]
    assert link.state == "planned"
    assert progress.overall(round_).total == before + 1


def test_a_newcomers_mus_planned_mid_round_joins_with_the_rounds_form(personas, hr):
    from samtale.access.viewer import viewer_for
    from samtale.questionnaires import services as questionnaire_services
    from samtale.questionnaires.queries import latest_published

    round_ = factories.running_round(hr, [personas.units["DN"]], name="Runden", began_days_ago=10)
    # the round pins the MUS form's version of today; a newer one is published after
    pinned = latest_published("mus", "da")
    assert pinned is not None
    admin = viewer_for(personas.admin_user)
    questionnaire_services.publish(
        questionnaire_services.new_draft(pinned.questionnaire, by=admin), by=admin
    )
    assert latest_published("mus", "da") != pinned
    services.set_kind(round_, by=hr, kind=mus(), version=pinned)
    round_ = services.announce(round_, by=hr, override_reason="Test")
    newcomer = org_services.create_person(
        name="Nina Ny",
        employee_number="9001",
        unit=personas.units["SOL"],
        manager=personas.leader,
    )
    planned = conversation_services.plan(kind=mus(), by=acting_as(personas.leader), person=newcomer)
    planned.refresh_from_db()
    assert RoundConversation.objects.get(conversation=planned).round == round_
    assert planned.questionnaire_version == pinned  # not the newest, which plan() takes


def test_a_twin_an_en_til_en_a_follow_up_and_a_unit_outside_do_not_join(personas, hr):
    round_ = running(personas, hr, unit="SOL")
    # Emma has her MUS in the round already: a second one stays outside
    twin = conversation_services.plan(
        kind=mus(), by=acting_as(personas.leader), person=personas.employee
    )
    assert not RoundConversation.objects.filter(conversation=twin).exists()
    # En-til-en is not one of the round's kinds
    one = conversation_services.ask_for(
        ConversationKind.objects.get(code="en-til-en"), by=acting_as(personas.employee)
    )
    assert not RoundConversation.objects.filter(conversation=one).exists()
    # Mette's unit (Mælkebøtten) is not in the round
    outside = conversation_services.plan(
        kind=mus(), by=acting_as(personas.mae_leader), person=personas.mae_employee
    )
    assert not RoundConversation.objects.filter(conversation=outside).exists()
    assert (
        round_.conversation_links.count() == RoundConversation.objects.filter(round=round_).count()
    )


def test_a_cancelled_mus_is_replaced_in_the_round(personas, hr):
    round_ = running(personas, hr, unit="SOL")
    first = RoundConversation.objects.get(
        round=round_, conversation__person=personas.employee, conversation__kind=mus()
    ).conversation
    conversation_services.cancel(first, by=factories.host(first))
    again = conversation_services.plan(
        kind=mus(), by=acting_as(personas.leader), person=personas.employee
    )
    assert RoundConversation.objects.get(conversation=again).round == round_


def test_no_round_runs_before_its_period(personas, hr):
    running(personas, hr, unit="SOL", starts=5)
    newcomer = org_services.create_person(
        name="Nina Ny", employee_number="9001", unit=personas.units["SOL"], manager=personas.leader
    )
    planned = conversation_services.plan(kind=mus(), by=acting_as(personas.leader), person=newcomer)
    assert not RoundConversation.objects.filter(conversation=planned).exists()
