from __future__ import annotations

from typing import Any

import pytest

from samtale.competences import services as competence_services
from samtale.org import services
from samtale.org.models import Role


@pytest.fixture
def org_hr(personas: Any) -> Any:
    """HR for the whole organisation (Eksempel Kommune, the top unit)."""
    person = services.create_person(
        name="Karin Kommune-HR",
        email="karin@eksempel.dk",
        employee_number="1099",
        unit=personas.units["K"],
        job_title="HR-chef",
    )
    services.ensure_user(person)
    services.grant_role(person, Role.HR, personas.units["K"])
    return person


@pytest.fixture
def profile(personas: Any, org_hr: Any) -> Any:
    """Emma's group (Pædagog): Samarbejde 3, Kommunikation 4, Faglig viden 2."""
    from samtale.access.viewer import acting_as
    from samtale.competences.models import Competence

    def pk(name: str) -> int:
        return Competence.objects.get(name=name).pk

    return competence_services.set_profile(
        personas.employee.professional_group,
        None,
        {pk("Samarbejde"): 3, pk("Kommunikation"): 4, pk("Faglig viden"): 2},
        by=acting_as(org_hr),
    )
