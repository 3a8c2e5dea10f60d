"""The employee proposes goals and activities while preparing the MUS (before it is held);
the leader reads them in the conversation and, once it is held, accepts them into the plan
or declines them, through the same proposal flow as after the conversation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.conversations import services as conversation_services
from samtale.development import services
from samtale.development.models import ActivityStatus, PlanItem, Proposal
from samtale.testing import factories
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

NOT_PARTICIPANTS = [name for name in PERSONA_NAMES if name not in ("employee", "leader")]


@pytest.fixture
def invited(personas):
    return factories.invited("mus", person=personas.employee)


@pytest.fixture
def proposal(invited, personas):
    item = services.add_item(invited, by=actor(personas.employee), goal="Lære tegnsprog")
    services.add_activity(
        item,
        by=actor(personas.employee),
        kind="course",
        description="Tegnsprogskursus",
        cost=Decimal("3000"),
        hours=Decimal("12"),
    )
    return item


def test_the_employee_proposes_before_the_conversation(proposal, invited, personas):
    assert proposal.proposal == Proposal.PROPOSED and proposal.proposed_by == personas.employee
    leader = actor(personas.leader)
    # the leader writes nothing and accepts nothing before the conversation is held
    with pytest.raises(ValidationError):
        services.add_item(invited, by=leader, goal="Lederens mål")
    with pytest.raises(ValidationError):
        services.accept_item(proposal, by=leader)
    conversation_services.mark_held(invited, by=leader)
    invited.refresh_from_db()
    proposal.refresh_from_db()
    services.accept_item(proposal, by=leader)
    activity = proposal.activity_rows.get()
    services.decide(activity, by=leader, decision="approved")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED


def test_nobody_else_proposes_before_it(invited, personas):
    for name in ("leader", "colleague", "hr", "chief"):
        with pytest.raises(ValidationError):
            services.add_item(invited, by=actor(personas.person(name)), goal="Mål")
    assert not PlanItem.objects.exists()


def test_no_proposals_for_a_cancelled_conversation(invited, personas):
    conversation_services.cancel(invited, by=actor(personas.leader), reason="Syg")
    invited.refresh_from_db()
    with pytest.raises(ValidationError):
        services.add_item(invited, by=actor(personas.employee), goal="Mål")


def test_the_preparation_page_has_the_proposal_form_and_returns_to_it(invited, client_as):
    client = client_as("employee")
    prepare = reverse("conversations:prepare", args=[invited.pk])
    page = client.get(prepare).content.decode()
    assert "Dine forslag til udviklingsplanen" in page and "Foreslå målet" in page
    response = client.post(
        reverse("development:add_item", args=[invited.pk]),
        {"goal": "Mere udeliv", "responsible": "both", "next": prepare},
    )
    assert response.status_code == 302 and response.url == prepare
    item = PlanItem.objects.get()
    add = reverse("development:add_activity", args=[item.pk])
    page = client.get(prepare).content.decode()
    assert "Mere udeliv" in page and f"{add}?next=" in page
    response = client.post(
        add,
        {
            "kind": "network",
            "description": "Udelivsnetværk",
            "responsible": "both",
            "next": prepare,
        },
    )
    assert response.status_code == 302 and response.url == prepare
    assert item.activity_rows.get().status == ActivityStatus.PROPOSED


def test_the_leader_reads_the_proposals_before_the_conversation_and_it_is_logged(
    proposal, invited, client_as
):
    client = client_as("leader")
    page = client.get(reverse("conversations:detail", args=[invited.pk])).content.decode()
    assert "Lære tegnsprog" in page and "Tegnsprogskursus" in page
    assert "venter på lederen" in page
    assert "Acceptér i planen" not in page  # once the conversation is held
    prepare = client.get(reverse("conversations:prepare", args=[invited.pk])).content.decode()
    assert "Forslag til udviklingsplanen" in prepare and "Lære tegnsprog" in prepare
    assert ReadLog.objects.filter(subject_id=invited.pk, what="Udviklingsplan").exists()


def test_the_leader_accepts_a_preparation_proposal_on_the_held_page(
    proposal, invited, client_as, personas
):
    conversation_services.mark_held(invited, by=actor(personas.leader))
    client = client_as("leader")
    page = client.get(reverse("conversations:detail", args=[invited.pk])).content.decode()
    assert "Acceptér i planen" in page
    client.post(reverse("development:accept_item", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.proposal == Proposal.ACCEPTED


@pytest.mark.parametrize("persona", NOT_PARTICIPANTS)
def test_nobody_else_sees_the_proposals(proposal, invited, client_as, persona):
    client = client_as(persona)
    for url in (
        reverse("conversations:detail", args=[invited.pk]),
        reverse("conversations:prepare", args=[invited.pk]),
    ):
        response = client.get(url)
        assert "Lære tegnsprog" not in response.content.decode()


def test_the_invited_page_with_proposals_costs_no_more(
    invited, personas, client_as, django_assert_max_num_queries
):
    client = client_as("leader")
    url = reverse("conversations:detail", args=[invited.pk])
    client.get(url)
    item = services.add_item(invited, by=actor(personas.employee), goal="Mål 1")
    services.add_activity(item, by=actor(personas.employee), kind="course", description="Kursus")
    client.get(url)
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "Kursus" in page


def test_the_leader_is_told_whose_proposals_they_read(proposal, invited, client_as):
    prepare = reverse("conversations:prepare", args=[invited.pk])
    page = client_as("leader").get(prepare).content.decode()
    assert "Det, Emma Ansat foreslår til udviklingsplanen. Du tager forslagene med" in page
    page = client_as("employee").get(prepare).content.decode()
    assert "Dine forslag til udviklingsplanen" in page and "Det, Emma Ansat" not in page


def test_a_teams_preparation_shows_no_proposals(client_as, personas):
    """Nobody proposes for a team: its plan is written by its leader in the GRUS and read
    on the conversation's page, not shown as the team's proposals."""
    grus = factories.held("grus", team=personas.teams["stue"])
    services.add_item(grus, by=actor(personas.leader), goal="Fælles overlevering")
    prepare = reverse("conversations:prepare_team", args=[grus.pk])
    for persona in ("leader", "employee"):
        page = client_as(persona).get(prepare).content.decode()
        assert "forslag-til-udviklingsplan" not in page and "Fælles overlevering" not in page
