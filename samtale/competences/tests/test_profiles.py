from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from samtale.access.viewer import acting_as
from samtale.competences import services
from samtale.competences.grid import rows_for
from samtale.competences.models import Competence, CompetenceProfile
from samtale.competences.queries import profile_at, profile_for
from samtale.conversations import services as conversation_services
from samtale.questionnaires.grid import grid_rows
from samtale.questionnaires.models import Question, QuestionType
from samtale.testing import factories

pytestmark = pytest.mark.django_db


def c(name: str) -> Competence:
    return Competence.objects.get(name=name)


@pytest.fixture
def profiles(personas: Any, org_hr: Any) -> dict[str, CompetenceProfile]:
    """Pædagog: the group's profile; a variant for Dagtilbud Nord (DN) and one for
    Solsikken Vuggestue (SOLV, below Solsikken, below DN)."""
    group = personas.employee.professional_group
    u = personas.units
    by = acting_as(org_hr)
    return {
        "group": services.set_profile(
            group, None, {c("Samarbejde").pk: 3, c("Faglig viden").pk: 2}, by=by
        ),
        "DN": services.set_profile(group, u["DN"], {c("Kommunikation").pk: 4}, by=by),
        "SOLV": services.set_profile(group, u["SOLV"], {c("Ansvarlighed").pk: 2}, by=by),
    }


def levels(person: Any) -> dict[str, int]:
    return {r.competence.name: r.level for r in profile_for(person).requirements}


def test_the_nearest_units_variant_wins(personas, profiles):
    # Emma works in Solsikken (below DN): DN's variant holds.
    assert profile_for(personas.employee).profile == profiles["DN"]
    assert levels(personas.employee) == {"Kommunikation": 4}
    # Tina works in Solsikken Vuggestue: its own variant is nearer than DN's.
    assert levels(personas.tr) == {"Ansvarlighed": 2}
    # Otto is SSA in Egely: no profile for his group.
    assert profile_for(personas.outsider).profile is None


def test_without_a_variant_the_groups_profile_holds(personas, profiles):
    profiles["DN"].delete()
    assert profile_for(personas.employee).profile == profiles["group"]
    assert levels(personas.employee) == {"Faglig viden": 2, "Samarbejde": 3}  # catalogue order
    assert (
        profile_at(personas.employee.professional_group, personas.units["MAE"]).profile
        == (profiles["group"])
    )


def test_retired_competences_leave_the_profile(personas, profiles, org_hr):
    profiles["DN"].delete()
    services.set_active(c("Samarbejde"), False, by=acting_as(org_hr))
    assert levels(personas.employee) == {"Faglig viden": 2}


def test_profile_for_asks_two_queries_whatever_the_tree(
    personas, profiles, django_assert_num_queries
):
    for name in ("employee", "tr", "mae_employee"):
        with django_assert_num_queries(2):
            profile_for(personas.person(name))
    with django_assert_num_queries(0):
        assert profile_for(personas.board_chair).profile is None


def test_set_profile_changes_removes_and_adds_levels(personas, profiles, org_hr):
    group = personas.employee.professional_group
    services.set_profile(
        group,
        None,
        {c("Samarbejde").pk: 4, c("Faglig viden").pk: None, c("Kommunikation").pk: 1},
        by=acting_as(org_hr),
    )
    profiles["DN"].delete()
    assert levels(personas.employee) == {"Samarbejde": 4, "Kommunikation": 1}


def test_hr_keeps_the_variants_of_its_own_units_only(personas, profiles):
    group = personas.employee.professional_group
    hr = acting_as(personas.hr)  # HR for Børn og Unge
    services.set_profile(group, personas.units["SOL"], {c("Samarbejde").pk: 2}, by=hr)
    with pytest.raises(PermissionDenied):
        services.set_profile(group, personas.units["EGE"], {c("Samarbejde").pk: 2}, by=hr)
    with pytest.raises(PermissionDenied):  # the group's own profile is the organisation's
        services.set_profile(group, None, {c("Samarbejde").pk: 1}, by=hr)
    with pytest.raises(PermissionDenied):
        services.set_profile(
            group, personas.units["SOL"], {c("Samarbejde").pk: 1}, by=acting_as(personas.leader)
        )
    assert levels(personas.employee) == {"Samarbejde": 2}
    assert not CompetenceProfile.objects.filter(unit=personas.units["EGE"]).exists()


# --- the competence grid in the MUS form ------------------------------------------------


GRID = Question(type=QuestionType.COMPETENCE_GRID, options={"source": "catalogue"})


def keys(rows: Any) -> list[tuple[str, str]]:
    return [(row.key, row.label) for row in rows]


def test_each_row_carries_the_descriptions_of_its_four_levels(personas, profiles):
    (row,) = grid_rows(GRID, preparation(personas.employee))
    assert row.levels == tuple(text for _n, text in c("Kommunikation").levels)
    assert len(row.levels) == 4 and all(row.levels)


def preparation(person: Any) -> Any:
    mus = factories.invited("mus", person=person)
    return conversation_services.preparation_of(mus, by=factories.actor(person)).response


def test_the_grid_takes_its_rows_from_the_persons_profile(personas, profiles):
    response = preparation(personas.employee)
    assert keys(grid_rows(GRID, response)) == [(f"c{c('Kommunikation').pk}", "Kommunikation")]


def test_the_leaders_preparation_has_the_employees_rows(personas, profiles):
    mus = factories.invited("mus", person=personas.employee)
    response = conversation_services.preparation_of(mus, by=factories.host(mus)).response
    assert keys(grid_rows(GRID, response)) == [(f"c{c('Kommunikation').pk}", "Kommunikation")]


def test_without_a_profile_the_grid_has_every_active_competence(personas):
    response = preparation(personas.employee)
    rows = grid_rows(GRID, response)
    active = Competence.objects.active().in_catalogue_order()
    assert keys(rows) == [(f"c{x.pk}", x.name) for x in active]
    assert len(rows) == 20
    assert rows_for(GRID, None) == rows  # a preview


def test_the_grid_rows_are_read_once_per_response(personas, profiles, django_assert_num_queries):
    response = preparation(personas.employee)
    with django_assert_num_queries(3):  # the person, the profile, its levels
        first = grid_rows(GRID, response)
    with django_assert_num_queries(0):
        assert grid_rows(GRID, response) == first
