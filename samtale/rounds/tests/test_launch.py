"""The launch makes the conversations the round's rules call for, once, and lists what
HR must fix. Round over Dagtilbud Nord (DN) with the personas:

    Christian Chef (DN)     leads Lene; no chief of his own    -> problem: no chief
    Lene Leder (SOL)        leads Emma, Kasper, Tina, Anders   -> LUS with Christian
    Morten (MAE)            leads Mette; chief: board chair    -> LUS with Birgit
    Emma, Kasper (SOL), Tina, Anders (SOLV), Mette (MAE)       -> MUS with their leader
    Stue Mariehønen (SOL, Lene; Emma and Kasper)               -> GRUS
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from samtale.access.viewer import acting_as
from samtale.conversations.models import ConversationEvent, ConversationKind
from samtale.org import services as org_services
from samtale.org.models import Person
from samtale.questionnaires.queries import latest_published
from samtale.rounds import launch, services
from samtale.rounds.models import LaunchState, RoundConversation, RoundState, Rule
from samtale.testing import factories


@pytest.fixture
def hr(personas):
    return acting_as(personas.hr)


@pytest.fixture
def dn(personas, hr):
    return services.create_round(
        by=hr, name="Dagtilbud 2027", year=2027, units=[personas.units["DN"]]
    )


def made(round_) -> dict[tuple[str, str], str]:
    """(kind code, with whom) -> leader, for every conversation of the round."""
    links = RoundConversation.objects.filter(round=round_).select_related(
        "conversation__kind", "conversation__person", "conversation__team", "conversation__leader"
    )
    return {
        (link.conversation.kind.code, link.conversation.with_whom): link.conversation.leader.name
        for link in links
    }


def announce(round_, hr):
    return services.announce(round_, by=hr, override_reason="Aftalt mundtligt")


def test_announcing_makes_what_the_rules_call_for(dn, hr, personas):
    dn = announce(dn, hr)
    assert dn.state == RoundState.ANNOUNCED
    assert made(dn) == {
        ("mus", "Emma Ansat"): "Lene Leder",
        ("mus", "Kasper Kollega"): "Lene Leder",
        ("mus", "Tina Tillid"): "Lene Leder",
        ("mus", "Anders Arbejdsmiljø"): "Lene Leder",
        ("mus", "Mette Mælkebøtte-Ansat"): "Morten Mælkebøtte",
        ("lus", "Lene Leder"): "Christian Chef",
        ("lus", "Morten Mælkebøtte"): "Birgit Bestyrelse",
        ("grus", "Stue Mariehønen"): "Lene Leder",
    }
    grus = RoundConversation.objects.get(round=dn, conversation__kind__code="grus").conversation
    assert sorted(grus.participants.values_list("person__name", "role")) == [
        ("Emma Ansat", "participant"),
        ("Kasper Kollega", "participant"),
        ("Lene Leder", "host"),
    ]
    mus = RoundConversation.objects.get(
        round=dn, conversation__person=personas.employee
    ).conversation
    assert mus.state == "planned" and mus.questionnaire_version == latest_published("mus")
    assert mus.duration == mus.kind.default_duration
    event = ConversationEvent.objects.get(conversation=mus)
    assert (event.action, event.actor, event.note) == ("plan", personas.hr, "Dagtilbud 2027")
    note = dn.events.get(action="launched").note
    assert note == "created=8 joined=0 already=0 problems=1 mailed=9"


def test_problems_are_listed_and_a_second_launch_makes_only_what_is_missing(dn, hr, personas):
    dn = announce(dn, hr)
    result = launch.run(dn, by=hr)
    assert (result.created, result.joined, result.already) == (0, 0, 8)
    assert [(p.code, p.name) for p in result.problems] == [(launch.NO_CHIEF, "Christian Chef")]
    Person.objects.filter(pk=personas.chief.pk).update(manager=personas.hr_elsewhere)
    again = services.relaunch(dn, by=hr)
    assert again.state == LaunchState.DONE
    assert (again.created, again.already, again.problems) == (1, 8, [])
    assert made(dn)[("lus", "Christian Chef")] == "Henrik Personale"
    with pytest.raises(PermissionDenied):
        services.relaunch(dn, by=acting_as(personas.tr))


def test_people_without_a_leader_and_teams_without_one_are_problems(dn, hr, personas):
    Person.objects.filter(pk=personas.mae_employee.pk).update(manager=None)
    personas.teams["stue"].__class__.objects.filter(pk=personas.teams["stue"].pk).update(
        leader=None
    )
    problems = {(p.code, p.name) for p in launch.plan(dn).problems}
    assert problems == {
        (launch.NO_CHIEF, "Christian Chef"),
        (launch.NO_LEADER, "Mette Mælkebøtte-Ansat"),
        (launch.TEAM_WITHOUT_LEADER, "Stue Mariehønen"),
    }


def test_a_team_choosing_grus_covers_its_members(dn, hr, personas):
    services.choose_grus(dn, by=hr, team=personas.teams["stue"])
    dn = announce(dn, hr)
    calls = made(dn)
    assert ("grus", "Stue Mariehønen") in calls
    assert ("mus", "Emma Ansat") not in calls and ("mus", "Kasper Kollega") not in calls
    assert ("mus", "Tina Tillid") in calls


@pytest.mark.parametrize(
    ("rule", "mus", "grus"),
    [
        (Rule.MUS, True, False),
        (Rule.GRUS, False, True),
        (Rule.ALTERNATE, False, True),  # 2027 after a MUS year 2026
    ],
)
def test_the_units_rule(dn, hr, personas, rule, mus, grus):
    services.set_unit_rule(personas.units["SOL"], by=hr, rule=rule, mus_year=2026)
    calls = made(announce(dn, hr))
    assert (("mus", "Emma Ansat") in calls) is mus
    assert (("mus", "Tina Tillid") in calls) is mus  # SOLV inherits SOL's rule
    assert (("grus", "Stue Mariehønen") in calls) is grus
    assert ("mus", "Mette Mælkebøtte-Ansat") in calls  # MAE keeps the default


def test_eligibility(dn, hr, personas):
    Person.objects.filter(pk=personas.employee.pk).update(start_date=datetime.date(2026, 11, 1))
    Person.objects.filter(pk=personas.colleague.pk).update(weekly_hours=Decimal("8"))
    Person.objects.filter(pk=personas.tr.pk).update(end_date=datetime.date(2026, 12, 31))
    dn = services.change_round(dn, by=hr, min_months_employed=3, min_weekly_hours=Decimal("10"))
    plan = launch.plan(dn)
    called = {c.person_id for c in plan.calls}
    assert personas.employee.pk not in called
    assert personas.colleague.pk not in called
    assert personas.tr.pk not in called  # gone before the round starts
    assert personas.amr.pk in called
    assert plan.not_eligible == {launch.NOT_EMPLOYED_LONG_ENOUGH: 1, launch.TOO_FEW_HOURS: 1}


def test_a_conversation_planned_before_the_launch_joins_the_round(dn, hr, personas):
    early = factories.planned("mus", person=personas.employee)
    en_til_en = factories.planned("en-til-en", person=personas.colleague)
    dn = announce(dn, hr)
    assert RoundConversation.objects.get(conversation=early).round == dn
    assert not RoundConversation.objects.filter(conversation=en_til_en).exists()
    assert (
        RoundConversation.objects.filter(
            round=dn, conversation__person=personas.employee, conversation__kind__code="mus"
        ).count()
        == 1
    )
    note = dn.events.get(action="launched").note
    assert note == "created=7 joined=1 already=0 problems=1 mailed=9"


def test_a_units_own_form(dn, hr, personas):
    variant = latest_published("mus")
    services.set_kind(dn, by=hr, kind=ConversationKind.objects.get(code="mus"), version=None)
    services.set_form_variant(
        dn,
        by=hr,
        kind=ConversationKind.objects.get(code="mus"),
        unit=personas.units["SOL"],
        version=variant,
    )
    dn = announce(dn, hr)
    versions = {
        link.conversation.with_whom: link.conversation.questionnaire_version
        for link in RoundConversation.objects.filter(
            round=dn, conversation__kind__code="mus"
        ).select_related("conversation__person")
    }
    assert versions["Tina Tillid"] == variant  # SOLV, below SOL
    assert versions["Mette Mælkebøtte-Ansat"] == latest_published("mus")


def test_the_launch_costs_the_same_queries_for_more_people(
    dn, hr, personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        launch.plan(dn)
    for n in range(30):
        org_services.create_person(
            name=f"Ny {n}",
            employee_number=f"9{n:03d}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(launch.plan(dn).calls) == 38


def test_people_on_leave_are_called_and_listed_apart(dn, hr, personas):
    # the round runs in 2027's first quarter
    Person.objects.filter(pk=personas.employee.pk).update(
        leave_from=datetime.date(2026, 6, 1), leave_until=None
    )
    Person.objects.filter(pk=personas.colleague.pk).update(
        leave_from=datetime.date(2027, 3, 1), leave_until=datetime.date(2027, 8, 31)
    )
    Person.objects.filter(pk=personas.tr.pk).update(  # back before the round starts
        leave_from=datetime.date(2026, 6, 1), leave_until=datetime.date(2026, 12, 31)
    )
    plan = launch.plan(dn)
    called = {c.person_id for c in plan.calls}
    assert {personas.employee.pk, personas.colleague.pk, personas.tr.pk} <= called
    assert [(p.name, p.leave_from, p.leave_until) for p in plan.on_leave] == [
        ("Emma Ansat", datetime.date(2026, 6, 1), None),
        ("Kasper Kollega", datetime.date(2027, 3, 1), datetime.date(2027, 8, 31)),
    ]
    dn = announce(dn, hr)
    assert ("mus", "Emma Ansat") in made(dn)
