"""Nobody makes themselves someone's leader: not through the import page, not in the
admin, not through the services (which SCIM calls). Issue 12: HR for the whole
organisation uploaded a one-row file making himself Emma's leader, then planned her MUS
and read her development plan."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samtale.lib.tabular import read_table
from samtale.org import import_views, importing, services
from samtale.org.models import LeaderChange, Person, Role

pytestmark = pytest.mark.django_db

HEADER = "medarbejdernummer;navn;email;enhed;leder\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _table(tmp_path, content: str):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + content, encoding="utf-8")
    return read_table(path)


def _import_as(client, content: str):
    client.post(
        reverse("org:import"),
        {"kind": "people", "file": SimpleUploadedFile("p.csv", (HEADER + content).encode())},
    )
    token = client.session[import_views.SESSION_KEY]["token"]
    return client.post(reverse("org:import_confirm"), {"token": token})


def _manager(person: Person) -> int | None:
    return Person.objects.values_list("manager_id", flat=True).get(pk=person.pk)


def test_hr_for_the_whole_organisation_cannot_import_himself_as_emmas_leader(client_as, personas):
    """The escalation as the tester found it: refused with a reason, nothing written,
    and Emma's plans stay closed to HR."""
    services.grant_role(personas.hr, Role.HR, personas.units["K"])
    client = client_as("hr")
    response = _import_as(client, "1003;Emma Ansat;employee@eksempel.dk;SOL;1008\n")
    assert response.status_code == 409
    [problem] = response.context["problems"]
    assert problem.row == 2 and problem.column == "leder"
    assert "Hanne Personale" in problem.message and "Emma Ansat" in problem.message
    assert _manager(personas.employee) == personas.leader.pk
    assert not LeaderChange.objects.filter(person=personas.employee).exists()
    plans = client.get(reverse("development:person_plans", args=[personas.employee.pk]))
    assert plans.status_code == 404


def test_nor_by_becoming_a_leader_above_her(tmp_path, personas):
    """Through a person the actor leads: Hanne would be in Emma's management line."""
    helper = services.create_person(
        name="Hjælper", employee_number="3001", unit=personas.units["BUS"], manager=personas.hr
    )
    table = _table(tmp_path, "1003;Emma Ansat;employee@eksempel.dk;SOL;3001\n")
    result = importing.validate_people(table, by=personas.hr)
    assert not result.ok
    assert "Hanne Personale" in result.problems[0].message
    assert helper.pk  # the helper themselves stays as they were
    # Moving Lene (and with her Emma) below Hanne is the same.
    table = _table(tmp_path, "1002;Lene Leder;leader@eksempel.dk;SOL;1008\n")
    assert not importing.validate_people(table, by=personas.hr).ok
    # Or a new person with Hanne as their leader.
    table = _table(tmp_path, "4001;Ny Ansat;ny@eksempel.dk;BUS;1008\n")
    assert not importing.validate_people(table, by=personas.hr).ok


def test_the_same_rows_by_someone_else_or_the_command_line_are_fine(tmp_path, personas):
    table = _table(tmp_path, "1003;Emma Ansat;employee@eksempel.dk;SOL;1008\n")
    assert importing.validate_people(table, by=personas.hr_elsewhere).ok
    assert importing.validate_people(table).ok  # the HR system's file, no one acting
    # A leader already above the person may move them within their own line.
    table = _table(tmp_path, "1003;Emma Ansat;employee@eksempel.dk;SOL;1001\n")
    assert importing.validate_people(table, by=personas.chief).ok


def test_the_administrator_cannot_make_himself_emmas_leader_in_the_admin(client_as, personas):
    hr = personas.hr
    type(hr.user).objects.filter(pk=hr.user_id).update(is_staff=True, is_superuser=True)
    emma = personas.employee
    client = client_as("hr")
    data = {
        "name": emma.name,
        "email": emma.email,
        "employee_number": emma.employee_number,
        "unit": emma.unit_id,
        "manager": hr.pk,
        "job_title": emma.job_title,
        "professional_group": emma.professional_group_id,
        "user": emma.user_id,
        "start_date": "2020-08-01",
        "weekly_hours": "37",
    }
    response = client.post(reverse("admin:org_person_change", args=[emma.pk]), data)
    assert response.status_code == 200  # the form again, with the reason
    assert "Hanne Personale" in response.content.decode()
    assert _manager(emma) == personas.leader.pk


def test_the_service_refuses_it_too(personas):
    emma, hr = personas.employee, personas.hr
    with pytest.raises(ValidationError, match="Hanne Personale"):
        services.set_manager(emma, hr, by=hr)
    assert _manager(emma) == personas.leader.pk
    services.set_manager(emma, hr, by=personas.hr_elsewhere)
    assert _manager(emma) == hr.pk


# Whom each persona may put themselves above as Emma's leader: only those already in her
# management line (Lene, her nearest leader; Christian, Lene's chief).
ALREADY_ABOVE_EMMA = {"leader", "chief"}
WITH_A_PERSON = ("colleague", "leader", "chief", "board_chair", "hr", "hr_elsewhere", "tr")


@pytest.mark.parametrize("persona", WITH_A_PERSON)
def test_each_persona_as_emmas_new_leader_by_their_own_hand(personas, persona):
    emma, actor = personas.employee, personas.person(persona)
    if persona in ALREADY_ABOVE_EMMA:
        services.set_manager(emma, actor, by=actor)
        assert _manager(emma) == actor.pk
    else:
        with pytest.raises(ValidationError, match=actor.name):
            services.set_manager(emma, actor, by=actor)
        assert _manager(emma) == personas.leader.pk
