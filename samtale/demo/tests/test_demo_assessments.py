"""The demo's agreed competence levels and activities: the employee's "Mine kompetencer"
has current levels, a gap and history; every activity state occurs; the synthetic
history of last year gives the competence overview numbers to show and to hide; a second
run changes nothing and ``seed --reset`` removes it all."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samtale.competences.models import AgreedLevel
from samtale.competences.queries import profile_for
from samtale.conversations.models import Conversation, State
from samtale.demo.tests.test_demo import persona, run
from samtale.development.models import Activity, ActivityStatus, DevelopmentPlan
from samtale.org.models import Person
from samtale.questionnaires.models import Answer, QuestionType

pytestmark = pytest.mark.django_db


def test_the_employees_own_competences_show_levels_a_gap_and_history(client, demo):
    employee = persona("employee")
    current = AgreedLevel.objects.filter(person=employee, current=True).select_related("competence")
    required = {r.competence_id: r.level for r in profile_for(employee).requirements}
    assert set(current.values_list("competence_id", flat=True)) == set(required)
    assert any(row.level < required[row.competence_id] for row in current)  # a gap
    assert AgreedLevel.objects.filter(person=employee, current=False).exists()  # history
    assert not AgreedLevel.objects.filter(person=employee, accepted_at__isnull=True).exists()
    # Her shared preparation of last year rated the competences of her profile.
    assert Answer.objects.filter(
        response__preparation__conversation__person=employee,
        response__preparation__shared_at__isnull=False,
        question__type=QuestionType.COMPETENCE_GRID,
    ).exists()

    client.force_login(employee.user)
    page = client.get(reverse("competences:mine")).content.decode()
    assert "niveau under" in page  # the gap
    assert "Tidligere aftalte niveauer" in page
    for row in current:
        assert row.competence.name in page


def test_every_activity_state_occurs_and_the_grus_has_a_team_plan(demo):
    states = Counter(Activity.objects.values_list("status", flat=True))
    assert set(states) == set(ActivityStatus.values)
    employee = persona("employee")
    hers = set(
        Activity.objects.filter(item__plan__person=employee).values_list("status", flat=True)
    )
    assert {ActivityStatus.EVALUATED, ActivityStatus.DECLINED} <= hers
    evaluated = Activity.objects.filter(status=ActivityStatus.EVALUATED).first()
    assert evaluated is not None and evaluated.evaluation
    declined = Activity.objects.filter(status=ActivityStatus.DECLINED).first()
    assert declined is not None and declined.decisions.get().reason
    proposed = Activity.objects.filter(status=ActivityStatus.PROPOSED).select_related("item__plan")
    assert all(a.proposed_by_id == a.item.plan.person_id for a in proposed)
    # The leader persona's people have plans with activities in every state.
    leader = persona("leader")
    led = set(
        Activity.objects.filter(item__plan__conversation__leader=leader).values_list(
            "status", flat=True
        )
    )
    assert led == set(ActivityStatus.values)
    assert DevelopmentPlan.objects.filter(
        team__isnull=False, conversation__leader=leader, items__activity_rows__isnull=False
    ).exists()


def test_last_years_history_counts_most_units_and_leaves_the_rounds_alone(demo):
    assessed = Counter(
        unit
        for unit, _person in set(
            AgreedLevel.objects.filter(
                current=True, person__in=Person.objects.active()
            ).values_list("person__unit_id", "person_id")
        )
    )
    big = [u for u, n in assessed.items() if n >= 5]
    small = [u for u, n in assessed.items() if n < 5]
    assert len(big) > 2 * len(small) > 0
    # The synthetic ones: last year's MUS, closed, outside every round (the story's
    # closed MUS of last year joined last year's round; the employee's of the year before
    # is the story's too).
    synthetic = Conversation.objects.filter(
        kind__code="mus", state=State.CLOSED, round_link__isnull=True
    ).exclude(person=persona("employee"))
    assert synthetic.count() > 100
    today = timezone.localdate()
    for starts in synthetic.values_list("starts_at", flat=True):
        assert starts is not None
        assert 300 <= (today - timezone.localdate(starts)).days <= 400
    assert not synthetic.filter(summaries__responses__accepted=False).exists()
    assert not synthetic.filter(summaries__shared_at__isnull=True).exists()
    # Every accepted level belongs to a summary its person accepted.
    assert not AgreedLevel.objects.filter(current=True, accepted_at__isnull=True).exists()


def test_hr_for_the_kommune_sees_the_heatmap_with_a_hidden_cell(client, demo):
    url = reverse("competences:overview")
    client.force_login(persona("hr_kommune").user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"\d+ %", page)  # numbers shown
    assert "samtale-gap--hidden" in page  # and at least one hidden


def test_a_second_run_changes_nothing(demo):
    def state() -> tuple[object, ...]:
        return (
            Conversation.objects.count(),
            sorted(
                AgreedLevel.objects.values_list("person_id", "competence_id", "level", "current")
            ),
            sorted(Activity.objects.values_list("pk", "status")),
        )

    before = state()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert state() == before


def test_seed_reset_removes_the_history():
    run("demo")
    employee_email = persona("employee").email
    assert AgreedLevel.objects.exists() and Activity.objects.exists()
    run("seed", people=500, reset=True)  # the story again, without the history
    history = Conversation.objects.filter(
        kind__code="mus", state=State.CLOSED, round_link__isnull=True
    ).exclude(person__email=employee_email)
    assert not history.exists()
    assert AgreedLevel.objects.filter(person__email=employee_email, current=True).exists()
