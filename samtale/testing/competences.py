"""Test data for the competence overview: agreed levels on top of the personas."""

from __future__ import annotations

import itertools
from typing import Any

from samtale.access.viewer import acting_as
from samtale.competences import services
from samtale.competences.models import AgreedLevel, Competence
from samtale.org import services as org_services
from samtale.org.models import Person, Role
from samtale.testing import factories

NAMES = ("Samarbejde", "Kommunikation", "Faglig viden")
# Agreed levels (Samarbejde, Kommunikation, Faglig viden) handed out in turn; None:
# not assessed.
LEVELS = ((3, 3, 2), (2, 4, 1), None, (4, 2, 2), (1, 1, 3), (3, None, 2))


def agree(person: Person, levels: tuple[int | None, ...], competences: list[Competence]) -> None:
    conversation = factories.held("mus", person=person)
    version = factories.summarised(conversation)
    held_at = conversation.starts_at
    assert held_at is not None
    for competence, level in zip(competences, levels, strict=True):
        if level is not None:
            AgreedLevel.objects.create(
                person=person,
                competence=competence,
                level=level,
                summary=version,
                agreed_on=held_at.date(),
                accepted_at=held_at,
                current=True,
            )


def build_gap_world(personas: Any) -> dict[str, Any]:
    """HR for the whole organisation (Karin), the pædagog profile and its SOL variant,
    more pædagoger in SOL, SOLV and MAE with agreed levels, and a future need for DN
    (see samtale/competences/tests/test_overview.py)."""
    org_hr = org_services.create_person(
        name="Karin Kommune-HR",
        email="karin@eksempel.dk",
        employee_number="1099",
        unit=personas.units["K"],
        job_title="HR-chef",
    )
    org_services.ensure_user(org_hr)
    org_services.grant_role(org_hr, Role.HR, personas.units["K"])
    by = acting_as(org_hr)
    competences = [Competence.objects.get(name=n) for n in NAMES]
    paed = personas.employee.professional_group
    ids = [c.pk for c in competences]
    services.set_profile(paed, None, dict(zip(ids, (3, 3, 2), strict=True)), by=by)
    services.set_profile(paed, personas.units["SOL"], dict(zip(ids, (4, 3, 2), strict=True)), by=by)
    made = []
    for unit, leader, count in (
        ("SOL", "leader", 6),
        ("SOLV", "leader", 3),
        ("MAE", "mae_leader", 3),
    ):
        for i in range(count):
            made.append(
                org_services.create_person(
                    name=f"Pædagog {unit} {i + 1}",
                    email=f"p-{unit.lower()}-{i}@eksempel.dk",
                    employee_number=f"9{unit}{i}",
                    unit=personas.units[unit],
                    manager=personas.people[leader],
                    job_title="Pædagog",
                    professional_group=paed,
                )
            )
    everyone = [
        personas.employee,
        personas.colleague,
        personas.tr,
        personas.amr,
        personas.mae_employee,
        *made,
    ]
    for person, levels in zip(everyone, itertools.cycle(LEVELS), strict=False):
        if levels is not None:
            agree(person, levels, competences)
    services.add_need(
        by=by,
        competence=competences[2],
        unit=personas.units["DN"],
        level=3,
        needed_within_years=2,
        note="",
    )
    return {"org_hr": org_hr, "competences": competences, "made": made}
