from __future__ import annotations

from typing import Any

import pytest

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
