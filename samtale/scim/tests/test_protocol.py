"""The SCIM endpoint as an identity system uses it: the token, create, read, filter,
replace, PATCH, deactivate, and the import's rules on every write."""

from __future__ import annotations

import json

import pytest

from samtale.org.models import Person
from samtale.scim import tokens
from samtale.scim.models import ScimChange

pytestmark = pytest.mark.django_db

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim(client, personas):
    _token, secret = tokens.create_token("Entra ID", by=personas.person("hr"))

    def call(method: str, path: str, body=None, **extra):
        return getattr(client, method)(
            f"/scim/v2/{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/scim+json",
            headers={"Authorization": f"Bearer {secret}"},
            **extra,
        )

    return call


def _new(number="3001", unit="SOL", manager=None, **more):
    enterprise = {"employeeNumber": number, "department": unit}
    if manager is not None:
        enterprise["manager"] = {"value": str(manager)}
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": f"ny{number}@eksempel.dk",
        "externalId": f"entra-{number}",
        "displayName": "Ny Medarbejder",
        "emails": [{"value": f"ny{number}@eksempel.dk", "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE: enterprise,
        **more,
    }


def test_without_a_valid_token_nothing_answers(client, personas):
    token, secret = tokens.create_token("Entra ID", by=None)
    assert client.get("/scim/v2/Users").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/scim/v2/Users", headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=right).status_code == 200
    tokens.revoke_token(token)
    assert client.get("/scim/v2/Users", headers=right).status_code == 401


def test_the_secret_is_kept_only_as_its_hash():
    token, secret = tokens.create_token("Entra ID", by=None)
    assert secret not in token.secret_hash and len(token.secret_hash) == 64


def test_create_read_and_filter(scim, personas):
    leader = personas.person("leader")
    created = scim("post", "Users", _new(manager=leader.pk))
    assert created.status_code == 201, created.content
    data = created.json()
    person = Person.objects.get(employee_number="3001")
    assert data["id"] == str(person.pk)
    assert person.unit is not None and person.unit.code == "SOL"
    assert person.manager == leader
    assert data[ENTERPRISE]["manager"]["value"] == str(leader.pk)
    found = scim("get", 'Users?filter=userName eq "NY3001@eksempel.dk"').json()
    assert [r["id"] for r in found["Resources"]] == [str(person.pk)]
    found = scim(
        "get", 'Users?filter=externalId eq "entra-3001" and userName eq "ny3001@eksempel.dk"'
    )
    assert found.json()["totalResults"] == 1
    assert scim("get", 'Users?filter=externalId eq "someone-else"').json()["totalResults"] == 0
    change = ScimChange.objects.get(person=person)
    assert change.token_name == "Entra ID" and change.action == ScimChange.Action.CREATE


def test_a_token_cannot_make_the_person_who_made_it_anyones_leader(scim, personas):
    emma, hanne = personas.person("employee"), personas.person("hr")
    before = emma.manager_id
    op = {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": str(hanne.pk)}}
    answer = scim("patch", f"Users/{emma.pk}", {"schemas": [PATCH], "Operations": [op]})
    assert answer.status_code == 400, answer.content
    assert hanne.name in answer.json()["detail"]
    emma.refresh_from_db()
    assert emma.manager_id == before
    # Another leader, set through the same token, is fine.
    op["value"] = str(personas.person("chief").pk)
    answer = scim("patch", f"Users/{emma.pk}", {"schemas": [PATCH], "Operations": [op]})
    assert answer.status_code == 200, answer.content


def test_an_unknown_unit_or_a_circle_is_refused_as_the_import_refuses_it(scim, personas):
    answer = scim("post", "Users", _new(unit="NOPE"))
    assert answer.status_code == 400
    assert "NOPE" in answer.json()["detail"]
    assert not Person.objects.filter(employee_number="3001").exists()
    chief, leader = personas.person("chief"), personas.person("leader")
    circle = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": str(leader.pk)}}
        ],
    }
    answer = scim("patch", f"Users/{chief.pk}", circle)
    assert answer.status_code == 400, answer.content
    chief.refresh_from_db()
    assert chief.manager_id != leader.pk


def test_a_person_led_by_a_board_chair_keeps_that_leader(scim, personas):
    """The import keeps an external leader the payroll system does not know; so does SCIM."""
    morten = Person.objects.get(name__startswith="Morten")
    chair = morten.manager
    assert chair is not None and not chair.employee_number
    changed = scim(
        "patch",
        f"Users/{morten.pk}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title", "value": "Leder"}]},
    )
    assert changed.status_code == 200, changed.content
    morten.refresh_from_db()
    assert morten.job_title == "Leder" and morten.manager_id == chair.pk


def test_a_filter_samtale_cannot_answer_is_refused_in_danish(scim, personas):
    answer = scim("get", 'Users?filter=title co "x"')
    assert answer.status_code == 400
    assert answer.json()["scimType"] == "invalidFilter"
    assert "Kun eq" in answer.json()["detail"]


def test_delete_ends_the_employment_and_scim_forgets_the_user(scim, personas):
    created = scim("post", "Users", _new())
    pk = created.json()["id"]
    assert scim("delete", f"Users/{pk}").status_code == 204
    assert scim("get", f"Users/{pk}").status_code == 404
    person = Person.objects.get(pk=pk)
    assert not person.is_active
    again = scim("post", "Users", _new())
    assert again.status_code == 201 and again.json()["id"] == pk
    person.refresh_from_db()
    assert person.is_active


def test_listing_users_costs_the_same_queries_for_few_and_many(scim, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert scim("get", "Users").status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        assert scim("post", "Users", _new(number=f"50{n}")).status_code == 201
    # the token (read, marked used), the count, the page
    assert count() == few == 4
