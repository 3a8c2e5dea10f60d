"""The plan is the person's: when their nearest leader changes, the new leader reads it at
once, and the old one keeps reading it for SAMTALE_PLAN_HANDOVER_DAYS (30), then not."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations.models import Conversation
from samtale.development import policy, services
from samtale.org import services as org_services
from samtale.org.models import LeaderChange, Person
from samtale.testing import factories
from samtale.testing.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_then_new_leader(personas):
    """Emma's MUS with Lene, with a goal; then Emma gets Ellen as her nearest leader."""
    mus = factories.held("mus", person=personas.employee, days_ago=60)
    services.add_item(mus, by=actor(personas.leader), goal="Styrke sproget")
    org_services.set_manager(personas.employee, personas.ege_leader)
    return Conversation.objects.select_related("person").get(pk=mus.pk)  # as a request reads it


def _days_ago(days: int) -> None:
    LeaderChange.objects.update(at=timezone.now() - datetime.timedelta(days=days))


def test_the_change_of_leader_is_kept(plan_then_new_leader, personas):
    change = LeaderChange.objects.get()
    assert (change.person, change.previous, change.leader, change.source) == (
        personas.employee,
        personas.leader,
        personas.ege_leader,
        "edit",
    )
    org_services.set_manager(personas.employee, personas.ege_leader)  # no change: nothing kept
    assert LeaderChange.objects.count() == 1


@pytest.mark.parametrize(("days", "sees"), [(29, True), (31, False)])
def test_the_old_leader_sees_the_plan_until_the_handover_ends(
    plan_then_new_leader, client_as, days, sees
):
    _days_ago(days)
    client = client_as("leader")
    page = client.get(reverse("conversations:detail", args=[plan_then_new_leader.pk]))
    assert ("Styrke sproget" in page.content.decode()) is sees
    employee = Person.objects.get(name="Emma Ansat")
    plans = client.get(reverse("development:person_plans", args=[employee.pk]))
    assert plans.status_code == (200 if sees else 404)


def test_the_new_leader_sees_it_at_once_and_it_is_logged(plan_then_new_leader, client_as, personas):
    client = Client()
    client.force_login(personas.ege_leader.user)  # Ellen: a leader without a persona name
    page = client.get(reverse("development:person_plans", args=[personas.employee.pk]))
    assert page.status_code == 200 and "Styrke sproget" in page.content.decode()
    assert ReadLog.objects.filter(subject_id=plan_then_new_leader.pk).exists()


@override_settings(SAMTALE_PLAN_HANDOVER_DAYS=5)
def test_the_handover_period_is_a_setting(plan_then_new_leader, personas):
    _days_ago(6)
    viewer = actor(personas.leader)
    assert not policy.can_read_plan(viewer, plan_then_new_leader)
    assert not policy.can_read_person_plans(viewer, personas.employee)


def test_after_the_handover_the_old_leader_follows_up_and_decides_no_more(
    plan_then_new_leader, personas
):
    _days_ago(31)
    plan = plan_then_new_leader.development_plan
    viewer = actor(personas.leader)
    assert not policy.can_follow_up(viewer, plan) and not policy.can_decide(viewer, plan)
    assert policy.can_follow_up(actor(personas.employee), plan)


@pytest.mark.parametrize("days", [1, 31])
def test_the_new_leader_decides_what_is_still_to_be_decided(plan_then_new_leader, personas, days):
    _days_ago(days)
    plan = plan_then_new_leader.development_plan
    assert policy.can_decide(actor(personas.ege_leader), plan)
    assert not policy.can_decide(actor(personas.employee), plan)
    assert not policy.can_decide(actor(personas.chief), plan)


@pytest.mark.parametrize("persona", ["colleague", "hr", "tr", "amr", "hr_elsewhere", "chief"])
def test_nobody_else_reads_the_persons_plans(plan_then_new_leader, client_as, personas, persona):
    client = client_as(persona)
    response = client.get(reverse("development:person_plans", args=[personas.employee.pk]))
    assert response.status_code == 404


def test_a_leader_who_still_leads_through_the_line_keeps_reading(personas):
    """Lene stays above Emma when Emma gets a leader below Lene: no handover."""
    mus = factories.held("mus", person=personas.employee, days_ago=60)
    services.add_item(mus, by=actor(personas.leader), goal="Mål")
    org_services.set_manager(personas.employee, personas.tr)  # Tina is led by Lene
    _days_ago(100)
    assert policy.can_read_plan(actor(personas.leader), mus)


def test_the_import_keeps_the_change_of_leader(personas, tmp_path):
    from samtale.lib.tabular import read_table
    from samtale.org import importing

    path = tmp_path / "people.csv"
    path.write_text(
        "employee_number;name;unit_code;manager_employee_number\n1003;Emma Ansat;SOL;1010\n",
        encoding="utf-8",
    )
    result = importing.validate_people(read_table(path))
    assert result.ok and result.plan is not None
    importing.apply_plan(result.plan)
    change = LeaderChange.objects.get()
    assert (change.previous, change.leader, change.source) == (
        personas.leader,
        personas.ege_leader,
        "import",
    )


def test_the_old_leaders_page_costs_one_more_query_at_most(
    plan_then_new_leader, client_as, django_assert_max_num_queries
):
    _days_ago(10)
    client = client_as("leader")
    url = reverse("conversations:detail", args=[plan_then_new_leader.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        assert "Styrke sproget" in client.get(url).content.decode()


def test_the_leaders_home_links_their_peoples_and_teams_plans(client_as, personas):
    page = client_as("leader").get("/").content.decode()
    assert reverse("development:person_plans", args=[personas.employee.pk]) in page
    assert reverse("development:team_plans", args=[personas.teams["stue"].pk]) in page
    assert "Udviklingsplaner" in page
