"""The demo's development plans: last year's goals, followed up, shown again in this
year's MUS and LUS; this year's held conversations have their plans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samtale.conversations.models import Conversation, State
from samtale.demo.tests.test_demo import persona
from samtale.development.models import ItemStatus, PlanItem

pytestmark = pytest.mark.django_db


def test_the_demo_links_last_years_plans_into_this_years_round(client, demo):
    employee, leader = persona("employee"), persona("leader")
    last_year = Conversation.objects.filter(
        kind__code="mus", person=employee, state=State.CLOSED
    ).latest("starts_at")
    goals = list(PlanItem.objects.filter(plan__conversation=last_year))
    assert len(goals) == 3
    # The employee followed up during the year: done, under way, dropped.
    assert {g.status for g in goals} == {ItemStatus.DONE, ItemStatus.UNDER_WAY, ItemStatus.DROPPED}
    assert last_year.starts_at is not None
    assert all(
        g.updated_at < last_year.starts_at.replace(year=last_year.starts_at.year + 1) for g in goals
    )

    upcoming = Conversation.objects.get(kind__code="mus", person=employee, state=State.INVITED)
    client.force_login(leader.user)
    page = client.get(reverse("conversations:detail", args=[upcoming.pk])).content.decode()
    assert "Sidste udviklingsplan" in page and goals[0].goal in page

    # The leader's own LUS this year shows her plan from last year's LUS with her chief.
    lus = Conversation.objects.get(kind__code="lus", person=leader, state=State.INVITED)
    page = client.get(reverse("conversations:detail", args=[lus.pk])).content.decode()
    assert "Styrke den strategiske ledelse af dagtilbuddet" in page

    client.force_login(employee.user)
    mine = client.get(reverse("development:mine")).content.decode()
    assert goals[0].goal in mine


def test_held_conversations_of_the_round_have_plans_and_others_do_not(demo):
    with_plans = Conversation.objects.filter(development_plan__isnull=False)
    assert with_plans.exists()
    assert set(with_plans.values_list("kind__code", flat=True)) <= {"mus", "lus", "grus"}
    # A GRUS's plan is the team's.
    assert not with_plans.filter(kind__code="grus", development_plan__team__isnull=True).exists()
    assert not with_plans.exclude(state__in=[State.ACCEPTED, State.CLOSED, State.HELD]).exists()
    # A held conversation whose summary is still to be written has no plan yet.
    assert not with_plans.filter(state=State.HELD, summaries__isnull=True).exists()


def test_a_lus_plans_activities_are_a_leaders_and_a_mus_plans_an_employees(demo):
    """Each kind of plan has the activities that go with its goals: a leader's LUS no
    course in reading with the children."""
    from samtale.demo.assessments import LUS_ACTIVITIES, MUS_ACTIVITIES
    from samtale.development.models import Activity

    def descriptions(activities):
        return {
            spec[1]
            for spec in (
                activities.done,
                activities.support,
                activities.declined,
                activities.planned,
                activities.on_the_job,
            )
        }

    for kind, own, other in (
        ("lus", LUS_ACTIVITIES, MUS_ACTIVITIES),
        ("mus", MUS_ACTIVITIES, LUS_ACTIVITIES),
    ):
        found = set(
            Activity.objects.filter(item__plan__conversation__kind__code=kind).values_list(
                "description", flat=True
            )
        )
        assert found and found <= descriptions(own), kind
        assert not found & descriptions(other), kind
