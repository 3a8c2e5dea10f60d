"""Changing an activity: freely while proposed; after approval the participants adjust it,
but its kind and cost change only with a new decision by the leader; nothing once it is
declined or done (but the evaluation). Changes after the decision are kept."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samtale.development import policy, services
from samtale.development.models import Activity, ActivityChange, ActivityDecision, Decision
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

FIELDS: dict[str, Any] = {
    "kind": "course",
    "description": "Kursus i musik",
    "cost": Decimal("2000.00"),
    "hours": Decimal("7.5"),
    "starts": datetime.date(2027, 4, 1),
    "ends": datetime.date(2027, 4, 2),
    "responsible": "both",
}


@pytest.fixture
def activity(emmas_held_mus, personas) -> Activity:
    item = services.add_item(emmas_held_mus, by=actor(personas.leader), goal="Musik i hverdagen")
    return services.add_activity(item, by=actor(personas.employee), **FIELDS)


def _fresh(activity: Activity) -> Activity:
    from samtale.development import queries

    return queries.activity_for(actor(activity.proposed_by), activity.pk)


def test_a_proposal_is_changed_freely_and_no_history_is_kept(activity, personas):
    services.change_activity(activity, by=actor(personas.employee), **{**FIELDS, "cost": None})
    activity.refresh_from_db()
    assert activity.cost is None
    assert not ActivityChange.objects.exists() and not ActivityDecision.objects.exists()


def test_after_approval_the_cost_changes_only_with_a_new_decision(activity, personas):
    leader, employee = actor(personas.leader), actor(personas.employee)
    services.decide(activity, by=leader, decision=Decision.APPROVED)
    activity = _fresh(activity)
    assert policy.activity_fields_editable(employee, activity) == {
        "description",
        "hours",
        "starts",
        "ends",
        "responsible",
    }
    with pytest.raises(ValidationError, match="anslået udgift"):
        services.change_activity(activity, by=employee, **{**FIELDS, "cost": Decimal("1")})
    with pytest.raises(ValidationError):  # a new decision says why
        services.change_activity(activity, by=leader, **{**FIELDS, "cost": Decimal("2500")})
    services.change_activity(
        activity, by=leader, **{**FIELDS, "cost": Decimal("2500")}, reason="Prisen steg"
    )
    decisions = list(ActivityDecision.objects.order_by("pk").values_list("decision", "reason"))
    assert decisions == [("approved", ""), ("approved", "Prisen steg")]
    change = ActivityChange.objects.get()
    assert change.by == personas.leader and change.changes == {"cost": ["2000.00", "2500.00"]}
    # the employee adjusts the period; it is kept
    services.change_activity(
        _fresh(activity),
        by=employee,
        **{**FIELDS, "cost": Decimal("2500"), "ends": datetime.date(2027, 4, 3)},
    )
    assert ActivityChange.objects.count() == 2


def test_nothing_changes_once_done_or_declined(activity, personas):
    leader, employee = actor(personas.leader), actor(personas.employee)
    services.decide(activity, by=leader, decision=Decision.APPROVED)
    services.take_step(activity, by=leader, step="plan")
    services.take_step(activity, by=employee, step="complete")
    activity = _fresh(activity)
    for who in (leader, employee):
        assert not policy.can_change_activity(who, activity)
        with pytest.raises(ValidationError):
            services.change_activity(activity, by=who, **{**FIELDS, "description": "Andet"})
    services.take_step(activity, by=employee, step="evaluate", evaluation="Meget")  # but this


@pytest.mark.parametrize("persona", [n for n in PERSONA_NAMES if n not in ("employee", "leader")])
def test_nobody_else_changes_it(activity, client_as, persona):
    client = client_as(persona)
    url = reverse("development:change_activity", args=[activity.pk])
    assert client.get(url).status_code in (302, 404)
    client.post(url, {**FIELDS, "description": "Hacket"})
    activity.refresh_from_db()
    assert activity.description == "Kursus i musik"


def test_the_change_page_opens_only_the_allowed_fields_and_lists_the_changes(
    activity, client_as, personas
):
    services.decide(activity, by=actor(personas.leader), decision=Decision.APPROVED)
    client = client_as("employee")
    url = reverse("development:change_activity", args=[activity.pk])
    page = client.get(url).content.decode()
    assert 'name="cost"' in page and "disabled" in page
    response = client.post(url, {**FIELDS, "hours": "10", "cost": "1"})  # cost is disabled
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.hours == Decimal("10.0") and activity.cost == Decimal("2000.00")
    page = client.get(url).content.decode()
    assert "Ændringer siden beslutningen" in page and "7,5 → 10" in page
    leader = client_as("leader").get(url).content.decode()
    assert 'name="reason"' in leader


def test_the_panel_offers_the_change(activity, client_as):
    page = (
        client_as("employee")
        .get(reverse("conversations:detail", args=[activity.item.plan.conversation_id]))
        .content.decode()
    )
    assert reverse("development:change_activity", args=[activity.pk]) in page
