"""Plans both sides write: the employee proposes goals and activities, the leader accepts
or declines them (a decision with who, when, why), both follow the activities up, the
employee evaluates them; nobody else sees or changes any of it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from samtale.access.models import ReadLog
from samtale.conversations.models import Conversation
from samtale.development import activities, services
from samtale.development.models import (
    Activity,
    ActivityDecision,
    ActivityKind,
    ActivityStatus,
    Decision,
    PlanItem,
    Proposal,
)
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

NOT_PARTICIPANTS = [name for name in PERSONA_NAMES if name not in ("employee", "leader")]


@pytest.fixture
def mus(emmas_held_mus) -> Conversation:
    return emmas_held_mus


@pytest.fixture
def proposed(mus, personas) -> Activity:
    """The employee's proposed goal with a proposed AMU course."""
    item = services.add_item(mus, by=actor(personas.employee), goal="Konflikthåndtering")
    return services.add_activity(
        item,
        by=actor(personas.employee),
        kind=ActivityKind.AMU,
        description="AMU-kursus i konflikthåndtering",
        cost=Decimal("4500.00"),
        hours=Decimal("22.5"),
        starts=datetime.date(2027, 3, 1),
        ends=datetime.date(2027, 3, 3),
    )


def test_the_whole_way_of_an_activity(proposed, personas):
    employee, leader = actor(personas.employee), actor(personas.leader)
    item = proposed.item
    assert item.proposal == Proposal.PROPOSED and proposed.status == ActivityStatus.PROPOSED
    with pytest.raises(ValidationError):  # the employee does not accept their own goal
        services.accept_item(item, by=employee)
    with pytest.raises(ValidationError, match="Acceptér målet"):
        services.decide(proposed, by=leader, decision=Decision.APPROVED)
    services.accept_item(item, by=leader)
    with pytest.raises(ValidationError):  # the employee does not approve
        services.decide(proposed, by=employee, decision=Decision.APPROVED)
    with pytest.raises(ValidationError):  # not planned before approved
        services.take_step(proposed, by=employee, step="plan")
    record = services.decide(proposed, by=leader, decision=Decision.APPROVED, reason="Godt")
    assert (record.decision, record.by, record.reason) == ("approved", personas.leader, "Godt")
    assert proposed.status == ActivityStatus.APPROVED
    with pytest.raises(activities.InvalidStep):  # decided once
        services.decide(proposed, by=leader, decision=Decision.DECLINED, reason="Nej")
    services.take_step(proposed, by=leader, step="plan")
    services.take_step(proposed, by=employee, step="complete")
    with pytest.raises(ValidationError):  # the employee evaluates, not the leader
        services.take_step(proposed, by=leader, step="evaluate", evaluation="x")
    with pytest.raises(ValidationError):  # an evaluation says something
        services.take_step(proposed, by=employee, step="evaluate", evaluation="  ")
    services.take_step(proposed, by=employee, step="evaluate", evaluation="Roligere møder")
    proposed.refresh_from_db()
    assert proposed.status == ActivityStatus.EVALUATED
    assert proposed.evaluation == "Roligere møder" and proposed.updated_by == personas.employee
    assert ActivityDecision.objects.count() == 1


def test_the_page_says_who_approved_it_not_who_evaluated_it(proposed, personas, client_as):
    """Next to a later status the decision reads as an approval: "Evalueret (Lene Leder,
    1. marts)" said the leader evaluated it."""
    employee, leader = actor(personas.employee), actor(personas.leader)
    services.accept_item(proposed.item, by=leader)
    services.decide(proposed, by=leader, decision=Decision.APPROVED)
    services.take_step(proposed, by=leader, step="plan")
    services.take_step(proposed, by=employee, step="complete")
    services.take_step(proposed, by=employee, step="evaluate", evaluation="Roligere møder")
    url = reverse("conversations:detail", args=[proposed.item.plan.conversation_id])
    page = " ".join(client_as("employee").get(url).content.decode().split())
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    decided = f"(godkendt af {personas.leader.name} den {today})"
    assert f'Status: Evalueret <span class="samtale-count">{decided}' in page


def test_declining_a_goal_needs_a_reason_and_declines_its_activities(proposed, personas):
    leader = actor(personas.leader)
    with pytest.raises(ValidationError):
        services.decline_item(proposed.item, by=leader, reason=" ")
    services.decline_item(proposed.item, by=leader, reason="Ikke i år")
    proposed.refresh_from_db()
    assert proposed.status == ActivityStatus.DECLINED
    decision = ActivityDecision.objects.get()
    assert (decision.decision, decision.reason, decision.by) == (
        "declined",
        "Ikke i år",
        personas.leader,
    )
    with pytest.raises(ValidationError):  # no activities for a declined goal
        services.add_activity(proposed.item, by=leader, kind="course", description="x")


def test_bad_activities_are_refused(mus, personas):
    item = services.add_item(mus, by=actor(personas.leader), goal="Mål")
    for bad in (
        {"kind": "course", "description": "x", "cost": Decimal("-1")},
        {"kind": "course", "description": "  "},
        {"kind": "space", "description": "x"},
        {
            "kind": "course",
            "description": "x",
            "starts": datetime.date(2027, 2, 1),
            "ends": datetime.date(2027, 1, 1),
        },
    ):
        with pytest.raises(ValidationError):
            services.add_activity(item, by=actor(personas.leader), **bad)
    assert not Activity.objects.exists()


def test_colleague_cannot_propose(mus, personas):
    with pytest.raises(ValidationError):
        services.add_item(mus, by=actor(personas.colleague), goal="Mit mål")
    assert not PlanItem.objects.exists()


# --- pages ----------------------------------------------------------------------------------


def test_employee_proposes_on_the_page_and_the_leader_decides(mus, client_as, personas):
    employee = client_as("employee")
    page = employee.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Foreslå et udviklingsmål" in page
    response = employee.post(
        reverse("development:add_item", args=[mus.pk]),
        {"goal": "Blive tovholder", "responsible": "person"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.proposal == Proposal.PROPOSED
    response = employee.post(
        reverse("development:add_activity", args=[item.pk]),
        {
            "kind": "mentoring",
            "description": "Sparring med Lene",
            "cost": "0",
            "hours": "10",
            "responsible": "both",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()

    leader = client_as("leader")
    page = leader.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Sparring med Lene" in page and "Acceptér i planen" in page
    # the leader read what the employee wrote: logged
    assert ReadLog.objects.filter(subject_id=mus.pk, reader=personas.user("leader")).exists()
    leader.post(reverse("development:accept_item", args=[item.pk]))
    leader.post(reverse("development:approve_activity", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    response = leader.post(
        reverse("development:decline_activity", args=[activity.pk]), {"reason": "x"}
    )
    # decided: no second decision, and it says why
    assert response.status_code == 400 and "kan ikke afvises" in response.content.decode()

    employee = client_as("employee")  # one test client: log the employee in again
    employee.post(reverse("development:activity_step", args=[activity.pk, "plan"]))
    employee.post(reverse("development:activity_step", args=[activity.pk, "complete"]))
    response = employee.post(
        reverse("development:evaluate_activity", args=[activity.pk]), {"evaluation": ""}
    )
    assert response.status_code == 400 and "Dette felt er påkrævet" in response.content.decode()
    employee.post(
        reverse("development:evaluate_activity", args=[activity.pk]),
        {"evaluation": "Mod til at lede møder"},
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.EVALUATED
    ReadLog.objects.all().delete()
    leader = client_as("leader")
    page = leader.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Mod til at lede møder" in page and "Evalueret" in page
    assert ReadLog.objects.filter(subject_id=mus.pk, reader=personas.user("leader")).exists()


def test_leader_declines_an_activity_with_a_reason(proposed, client_as):
    leader = client_as("leader")
    leader.post(reverse("development:accept_item", args=[proposed.item_id]))
    url = reverse("development:decline_activity", args=[proposed.pk])
    assert leader.post(url, {"reason": ""}).status_code == 400
    leader.post(url, {"reason": "For dyrt i år"})
    proposed.refresh_from_db()
    assert proposed.status == ActivityStatus.DECLINED
    page = client_as("employee").get(
        reverse("conversations:detail", args=[proposed.item.plan.conversation_id])
    )
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"({proposed.item.plan.conversation.leader.name}, {today}: For dyrt i år)" in " ".join(
        page.content.decode().split()
    )


@pytest.mark.parametrize("persona", NOT_PARTICIPANTS)
def test_nobody_else_proposes_decides_or_follows_up(proposed, client_as, persona):
    client = client_as(persona)
    item = proposed.item
    urls = [
        (
            reverse("development:add_item", args=[item.plan.conversation_id]),
            {"goal": "Overtaget", "responsible": "both"},
        ),
        (
            reverse("development:add_activity", args=[item.pk]),
            {"kind": "course", "description": "Overtaget", "responsible": "both"},
        ),
        (reverse("development:accept_item", args=[item.pk]), {}),
        (reverse("development:decline_item", args=[item.pk]), {"reason": "x"}),
        (reverse("development:approve_activity", args=[proposed.pk]), {}),
        (reverse("development:decline_activity", args=[proposed.pk]), {"reason": "x"}),
        (reverse("development:activity_step", args=[proposed.pk, "plan"]), {}),
        (reverse("development:evaluate_activity", args=[proposed.pk]), {"evaluation": "x"}),
        (reverse("development:remove_activity", args=[proposed.pk]), {}),
    ]
    for url, data in urls:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], url
        else:
            assert response.status_code == 404, url
    proposed.refresh_from_db()
    item.refresh_from_db()
    assert proposed.status == ActivityStatus.PROPOSED and item.proposal == Proposal.PROPOSED
    assert PlanItem.objects.count() == 1 and Activity.objects.count() == 1
    assert not ActivityDecision.objects.exists()


def test_the_employee_does_not_decide(proposed, client_as, personas):
    services.accept_item(proposed.item, by=actor(personas.leader))
    client = client_as("employee")
    assert (
        client.post(reverse("development:approve_activity", args=[proposed.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("development:decline_item", args=[proposed.item_id]), {"reason": "x"}
        ).status_code
        == 404
    )
    proposed.refresh_from_db()
    assert proposed.status == ActivityStatus.PROPOSED


def test_the_page_costs_the_same_with_many_activities(
    mus, personas, client_as, django_assert_max_num_queries
):
    leader = actor(personas.leader)
    item = services.add_item(mus, by=leader, goal="Mål")
    services.add_activity(item, by=leader, kind="course", description="Kursus 0")
    client = client_as("employee")
    url = reverse("conversations:detail", args=[mus.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        other = services.add_item(mus, by=leader, goal=f"Mål {n}")
        for m in range(3):
            services.add_activity(
                other, by=actor(personas.employee), kind="network", description=f"Netværk {n}.{m}"
            )
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "Netværk 9.2" in page


def test_a_held_mus_with_activities_in_both_plans_costs_at_most_15_queries(
    personas, client_as, django_assert_max_num_queries
):
    """Issue 9's budget holds with activities and the job description: activities cost
    one query for both plans, with their decisions in it; the job description rides on
    the plans' query."""
    from samtale.testing import factories

    leader = actor(personas.leader)
    last_year = factories.accepted(factories.held("mus", person=personas.employee, days_ago=360))
    old = services.add_item(last_year, by=leader, goal="Sidste års mål")
    old_activity = services.add_activity(old, by=leader, kind="course", description="Gammelt")
    services.decide(old_activity, by=leader, decision=Decision.APPROVED)
    now = factories.held("mus", person=personas.employee, days_ago=1)
    item = services.add_item(now, by=leader, goal="Årets mål")
    services.add_activity(item, by=leader, kind="coaching", description="Coachingforløb")
    factories.accepted(now)
    client = client_as("leader")
    url = reverse("conversations:detail", args=[now.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "Gammelt" in page and "Coachingforløb" in page and "Godkendt" in page


def test_the_pdf_and_the_api_have_the_activities(proposed, client_as, personas):
    import io

    from pypdf import PdfReader

    services.accept_item(proposed.item, by=actor(personas.leader))
    services.decide(
        proposed, by=actor(personas.leader), decision=Decision.DECLINED, reason="Budget"
    )
    conversation_id = proposed.item.plan.conversation_id
    client = client_as("employee")
    response = client.get(reverse("conversations:pdf", args=[conversation_id]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "AMU-uddannelse: AMU-kursus i konflikthåndtering" in text
    assert "4.500 kr." in text and "22,5 timer" in text and "Afvist: Budget" in text
    data = client.get(f"/api/v1/conversations/{conversation_id}").json()
    [activity] = data["development_plan"]["goals"][0]["activity_list"]
    assert (activity["kind"], activity["status"], activity["decision_reason"]) == (
        "amu",
        "declined",
        "Budget",
    )
