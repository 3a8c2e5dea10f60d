"""Agreed competence levels (issue 11, §2): the self-assessment and the leader's
assessment in the MUS preparations, the agreed level recorded with the summary, current
once the person accepts the version, and the person's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samtale.competences import services
from samtale.competences.models import AgreedLevel, Competence
from samtale.competences.queries import assessments_of, levels_of
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation
from samtale.questionnaires import services as questionnaire_services
from samtale.questionnaires.models import Question, QuestionType
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def c(name: str) -> Competence:
    return Competence.objects.get(name=name)


def grid_question(conversation: Conversation) -> Question:
    question = Question.objects.get(
        section__version=conversation.questionnaire_version,
        type=QuestionType.COMPETENCE_GRID,
    )
    assert question.options["source"] == "catalogue" and question.points == 4
    return question


def assess(conversation: Conversation, person: Any, levels: dict[str, int], *, share: bool) -> None:
    by = actor(person)
    preparation = conversation_services.preparation_of(conversation, by=by)
    questionnaire_services.save_answer(
        preparation.response,
        grid_question(conversation),
        {f"row-c{c(name).pk}": str(level) for name, level in levels.items()},
    )
    if share:
        conversation_services.share_preparation(preparation, by=by)


def write(conversation: Conversation, levels: dict[str, int | None], *, share: bool = True) -> Any:
    """The leader writes the summary with agreed levels (as the summary page does)."""
    version = conversation_services.write_summary(
        conversation,
        by=host(conversation),
        summary="Referat",
        parts={"agreed_levels": {"levels": {c(n).pk: level for n, level in levels.items()}}},
    )
    if share:
        version = conversation_services.share_summary(conversation, by=host(conversation))
    return version


def accept(conversation: Conversation, person: Any) -> None:
    conversation_services.respond_to_summary(conversation, by=actor(person), accept=True)


def current(person: Any) -> dict[str, int]:
    return {
        r.competence.name: r.level
        for r in AgreedLevel.objects.filter(person=person, current=True).select_related(
            "competence"
        )
    }


# --- the assessments in the preparations ------------------------------------------------


def test_both_assess_in_their_preparation_and_the_own_counts_once_shared(personas, profile):
    mus = factories.invited("mus", person=personas.employee)
    assess(mus, personas.employee, {"Samarbejde": 2, "Kommunikation": 3}, share=False)
    assess(mus, personas.leader, {"Samarbejde": 3}, share=False)
    found = assessments_of(mus)
    assert found.own == {} and not found.own_shared  # not shared: not the leader's to see
    assert found.leader == {c("Samarbejde").pk: 3}
    conversation_services.share_preparation(
        conversation_services.preparation_of(mus, by=actor(personas.employee)),
        by=actor(personas.employee),
    )
    found = assessments_of(mus)
    assert found.own == {c("Samarbejde").pk: 2, c("Kommunikation").pk: 3}


def test_the_grid_is_rated_on_four_levels(personas, profile):
    mus = factories.invited("mus", person=personas.employee)
    response = conversation_services.preparation_of(mus, by=actor(personas.employee)).response
    with pytest.raises(ValidationError):
        questionnaire_services.save_answer(
            response, grid_question(mus), {f"row-c{c('Samarbejde').pk}": "5"}
        )
    with pytest.raises(ValidationError):  # not in Emma's profile
        questionnaire_services.save_answer(
            response, grid_question(mus), {f"row-c{c('Personaleledelse').pk}": "2"}
        )


# --- recording and accepting ------------------------------------------------------------


def test_accepting_the_version_makes_its_levels_current(personas, profile):
    mus = factories.held("mus", person=personas.employee, days_ago=2)
    version = write(mus, {"Samarbejde": 3, "Kommunikation": 2, "Faglig viden": None})
    rows = list(AgreedLevel.objects.filter(summary=version))
    assert {r.competence.name: r.level for r in rows} == {"Samarbejde": 3, "Kommunikation": 2}
    assert mus.starts_at is not None
    held_on = timezone.localdate(mus.starts_at)
    assert all(r.agreed_on == held_on for r in rows)  # the day it was held
    # shared, not accepted: proposals, nobody's current level
    assert current(personas.employee) == {}
    assert all(r.accepted_at is None for r in rows)
    accept(mus, personas.employee)
    assert current(personas.employee) == {"Samarbejde": 3, "Kommunikation": 2}
    assert AgreedLevel.objects.filter(summary=version, accepted_at__isnull=False).count() == 2


def test_a_comment_without_accepting_leaves_them_proposals(personas, profile):
    mus = factories.held("mus", person=personas.employee)
    write(mus, {"Samarbejde": 3})
    conversation_services.respond_to_summary(
        mus, by=actor(personas.employee), accept=False, comment="Jeg er uenig."
    )
    assert current(personas.employee) == {}


def test_next_years_accepted_level_becomes_current_and_last_years_history(personas, profile):
    last_year = factories.held("mus", person=personas.employee, days_ago=365)
    write(last_year, {"Samarbejde": 2, "Kommunikation": 3})
    accept(last_year, personas.employee)
    this_year = factories.held("mus", person=personas.employee, days_ago=1)
    write(this_year, {"Samarbejde": 3})
    assert current(personas.employee) == {"Samarbejde": 2, "Kommunikation": 3}
    accept(this_year, personas.employee)
    assert current(personas.employee) == {"Samarbejde": 3, "Kommunikation": 3}
    samarbejde = next(r for r in levels_of(personas.employee) if r.competence.name == "Samarbejde")
    assert samarbejde.current is not None and samarbejde.current.level == 3
    assert [h.level for h in samarbejde.history] == [2]
    assert samarbejde.gap is None
    kommunikation = next(
        r for r in levels_of(personas.employee) if r.competence.name == "Kommunikation"
    )
    assert kommunikation.gap == 1  # required 4, agreed 3
    faglig = next(r for r in levels_of(personas.employee) if r.competence.name == "Faglig viden")
    assert faglig.current is None and faglig.gap is None


def test_a_new_version_replaces_the_proposals(personas, profile):
    mus = factories.held("mus", person=personas.employee)
    first = write(mus, {"Samarbejde": 2, "Kommunikation": 2})
    accept(mus, personas.employee)
    assert current(personas.employee) == {"Samarbejde": 2, "Kommunikation": 2}
    # the leader revises: version 2 changes one level and drops the other
    second = write(mus, {"Samarbejde": 3, "Kommunikation": None})
    assert second.number == 2
    assert current(personas.employee) == {"Samarbejde": 2, "Kommunikation": 2}  # until accepted
    accept(mus, personas.employee)
    assert current(personas.employee) == {"Samarbejde": 3}
    # version 1's rows stay, as history
    assert AgreedLevel.objects.filter(summary=first, current=False).count() == 2


def test_a_new_version_written_without_the_page_carries_the_levels_forward(personas, profile):
    mus = factories.held("mus", person=personas.employee)
    write(mus, {"Samarbejde": 2})
    second = conversation_services.write_summary(mus, by=host(mus), summary="Rettet referat")
    assert [(r.competence.name, r.level) for r in AgreedLevel.objects.filter(summary=second)] == [
        ("Samarbejde", 2)
    ]


def test_a_draft_is_edited_in_place_with_its_levels(personas, profile):
    mus = factories.held("mus", person=personas.employee)
    draft = write(mus, {"Samarbejde": 2}, share=False)
    again = write(mus, {"Kommunikation": 4}, share=False)
    assert again.pk == draft.pk
    assert [r.competence.name for r in AgreedLevel.objects.filter(summary=draft)] == [
        "Kommunikation"
    ]


def test_only_the_leader_who_held_it_records_and_only_the_person_accepts(personas, profile):
    mus = factories.held("mus", person=personas.employee)
    version = write(mus, {"Samarbejde": 2}, share=False)
    for other in (personas.employee, personas.chief, personas.colleague):
        with pytest.raises(PermissionDenied):
            services.record_agreed_levels(version, {c("Samarbejde").pk: 4}, by=actor(other))
    with pytest.raises(PermissionDenied):
        services.accept_agreed_levels(version, by=actor(personas.leader))
    with pytest.raises(ValidationError):
        services.record_agreed_levels(version, {c("Samarbejde").pk: 5}, by=host(mus))
    conversation_services.share_summary(mus, by=host(mus))
    with pytest.raises(ValidationError, match=r"(never changes|ændres aldrig)"):
        services.record_agreed_levels(version, {c("Samarbejde").pk: 4}, by=host(mus))


def test_grus_records_no_levels_and_its_members_acceptance_changes_nothing(personas, profile):
    grus = factories.held("grus", team=personas.teams["stue"])
    version = conversation_services.write_summary(
        grus,
        by=host(grus),
        summary="Teamets referat",
        parts={"agreed_levels": {"levels": {c("Samarbejde").pk: 3}}},
    )
    conversation_services.share_summary(grus, by=host(grus))
    accept(grus, personas.employee)
    assert not AgreedLevel.objects.filter(summary=version).exists()
    assert current(personas.employee) == {}


def test_lus_records_no_levels(personas, profile):
    lus = factories.held("lus", person=personas.leader)
    version = write(lus, {"Samarbejde": 3})
    accept(lus, personas.leader)
    assert not AgreedLevel.objects.filter(summary=version).exists()
