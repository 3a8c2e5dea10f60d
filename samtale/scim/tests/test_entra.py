"""Requests as Microsoft Entra ID sends them (Microsoft documents them in "Tutorial:
Develop and plan provisioning for a SCIM endpoint"), replayed in the order Entra sends
them: look up, create, change, move to another leader, deactivate, look up again."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from samtale.org.models import LeaderChange, Person
from samtale.scim import tokens
from samtale.scim.models import ScimChange

pytestmark = pytest.mark.django_db

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OBJECT_ID = "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
UPN = "mads.moeller@eksempel.dk"


@pytest.fixture
def entra(client, personas):
    _token, secret = tokens.create_token("Entra ID (produktion)", by=personas.person("hr"))

    def send(method: str, path: str, body=None):
        answer = getattr(client, method)(
            f"/scim/v2/{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/scim+json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert answer["Content-Type"].startswith("application/scim+json") or not answer.content
        return answer

    return send


def _patch(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def test_entra_provisions_changes_and_deactivates_a_person(entra, personas):
    leader, chief = personas.person("leader"), personas.person("chief")

    # 1. Is the user there? Entra asks by userName, then by externalId and userName.
    found = entra("get", f'Users?filter=userName eq "{UPN}"')
    assert found.status_code == 200 and found.json()["totalResults"] == 0

    # 2. Create, with what Entra adds that Samtale does not keep (name, roles, meta,
    #    primary) and "True" as a string.
    created = entra(
        "post",
        "Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "externalId": OBJECT_ID,
            "userName": UPN,
            "active": "True",
            "displayName": "Mads Møller",
            "emails": [{"primary": True, "type": "work", "value": UPN}],
            "meta": {"resourceType": "User"},
            "name": {"formatted": "Mads Møller", "familyName": "Møller", "givenName": "Mads"},
            "roles": [],
            "title": "Pædagog",
            ENTERPRISE: {"employeeNumber": "4711", "department": "SOL"},
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    person = Person.objects.get(pk=pk)
    assert (person.name, person.email, person.job_title) == ("Mads Møller", UPN, "Pædagog")
    assert person.is_active

    both = entra("get", f'Users?filter=externalId eq "{OBJECT_ID}" and userName eq "{UPN}"')
    assert [r["id"] for r in both.json()["Resources"]] == [pk]

    # 3. Changes: "Replace" with a capital R, a path-less replace whose value is an
    #    object, the e-mail through a filter, the manager as a bare id string.
    changed = entra(
        "patch",
        f"Users/{pk}",
        _patch(
            {"op": "Replace", "value": {"displayName": "Mads B. Møller", "title": "Souschef"}},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "mbm@eksempel.dk"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(leader.pk)},
        ),
    )
    assert changed.status_code == 200, changed.content
    person.refresh_from_db()
    assert (person.name, person.job_title, person.email) == (
        "Mads B. Møller",
        "Souschef",
        "mbm@eksempel.dk",
    )
    assert person.manager_id == leader.pk
    assert changed.json()[ENTERPRISE]["manager"]["value"] == str(leader.pk)

    # 4. Another leader: kept as a change of leader from SCIM.
    moved = entra(
        "patch",
        f"Users/{pk}",
        _patch({"op": "REPLACE", "path": f"{ENTERPRISE}:manager", "value": str(chief.pk)}),
    )
    assert moved.status_code == 200, moved.content
    change = LeaderChange.objects.filter(person=person).first()
    assert change is not None
    assert (change.previous_id, change.leader_id, change.source) == (
        leader.pk,
        chief.pk,
        LeaderChange.Source.SCIM,
    )

    # 5. Deactivation: "False" as a string. The employment ends (yesterday), the user is
    #    still returned, inactive, by id and by filter.
    gone = entra(
        "patch", f"Users/{pk}", _patch({"op": "Replace", "path": "active", "value": "False"})
    )
    assert gone.status_code == 200, gone.content
    person.refresh_from_db()
    assert person.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert not person.is_active
    assert entra("get", f"Users/{pk}").json()["active"] is False
    listed = entra("get", f'Users?filter=userName eq "{UPN}"').json()
    assert [(r["id"], r["active"]) for r in listed["Resources"]] == [(pk, False)]

    # Every write is kept under the token's name.
    actions = list(
        ScimChange.objects.filter(person=person).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["create", "replace", "replace", "deactivate"]
    assert set(ScimChange.objects.values_list("token_name", flat=True)) == {"Entra ID (produktion)"}


def test_a_path_less_replace_may_deactivate_and_reactivate(entra, personas):
    employee = personas.person("employee")
    off = entra(
        "patch", f"Users/{employee.pk}", _patch({"op": "replace", "value": {"active": False}})
    )
    assert off.status_code == 200, off.content
    employee.refresh_from_db()
    assert not employee.is_active
    on = entra(
        "patch", f"Users/{employee.pk}", _patch({"op": "Replace", "value": {"active": "True"}})
    )
    assert on.status_code == 200, on.content
    employee.refresh_from_db()
    assert employee.is_active and employee.end_date is None


def test_the_import_knows_people_scim_made_by_their_employee_number(entra, personas):
    """A person the import already has is taken over by Entra's create, not doubled."""
    employee = personas.person("employee")
    created = entra(
        "post",
        "Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "userName": "emma@eksempel.dk",
            "active": True,
            "displayName": employee.name,
            ENTERPRISE: {"employeeNumber": employee.employee_number, "department": "SOL"},
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["id"] == str(employee.pk)
    again = entra(
        "post",
        "Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "userName": "another@eksempel.dk",
            "displayName": "Someone",
            ENTERPRISE: {"employeeNumber": employee.employee_number, "department": "SOL"},
        },
    )
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"


def test_the_person_sees_that_scim_changed_their_leader(entra, client, personas):
    from django.urls import reverse

    employee, chief = personas.person("employee"), personas.person("chief")
    moved = entra(
        "patch",
        f"Users/{employee.pk}",
        _patch({"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(chief.pk)}),
    )
    assert moved.status_code == 200, moved.content
    client.force_login(employee.user)
    html = client.get(reverse("org:person", args=[employee.pk])).content.decode()
    leader = personas.person("leader")
    assert f"Din leder er ændret fra {leader.name} til {chief.name} den" in html
    assert "kilde: Identitetssystem (SCIM)" in html
