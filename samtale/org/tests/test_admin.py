"""The Django admin is for administrators only, and its saves keep the trees true."""

import pytest
from django.urls import reverse

from samtale.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db

NON_ADMINS = ("employee", "leader", "chief", "board_chair", "hr", "tr", "amr", "outsider")


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_admin_is_closed_to_everyone_else(client_as, persona):
    response = client_as(persona).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:org_person_changelist",
        "admin:org_orgunit_changelist",
        "admin:org_rolegrant_changelist",
        "admin:access_user_changelist",
    ],
)
def test_admin_pages_open_for_the_administrator(client_as, url_name):
    assert client_as("admin").get(reverse(url_name)).status_code == 200


def test_adding_a_unit_in_the_admin_sets_its_path(client_as, personas):
    dn = personas.units["DN"]
    response = client_as("admin").post(
        reverse("admin:org_orgunit_add"), {"code": "NY", "name": "Ny Børnehave", "parent": dn.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="NY")
    assert unit.path == f"{dn.path}{unit.pk}/"


def test_moving_a_unit_in_the_admin_moves_its_subtree(client_as, personas):
    sol, ege = personas.units["SOL"], personas.units["EGE"]
    response = client_as("admin").post(
        reverse("admin:org_orgunit_change", args=[sol.pk]),
        {"code": "SOL", "name": sol.name, "parent": ege.pk},
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="SOLV").path.startswith(ege.path)


def test_changing_a_manager_in_the_admin_moves_the_line(client_as, personas):
    leader, ege_leader = personas.leader, personas.ege_leader
    data = {
        "name": leader.name,
        "email": leader.email,
        "employee_number": leader.employee_number,
        "unit": leader.unit_id,
        "manager": ege_leader.pk,
        "job_title": leader.job_title,
        "professional_group": leader.professional_group_id,
        "user": leader.user_id,
        "start_date": "2020-08-01",
        "weekly_hours": "37",
    }
    response = client_as("admin").post(reverse("admin:org_person_change", args=[leader.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    emma = Person.objects.get(pk=personas.employee.pk)
    assert emma.line_path.startswith(Person.objects.get(pk=ege_leader.pk).line_path)


def test_people_cannot_be_deleted_in_the_admin(client_as, personas):
    client = client_as("admin")
    url = reverse("admin:org_person_delete", args=[personas.employee.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=personas.employee.pk).exists()
