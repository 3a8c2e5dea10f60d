"""The SCIM conformance suite (scim2-tester) against a live server on 127.0.0.1: every
check that applies passes."""

from __future__ import annotations

import random
from typing import Annotated

import httpx2
import pytest
from pydantic import Field
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import URN, AnyExtension, Required, Resource, ScimProvider, Uniqueness
from scim2_tester import Status, check_server

from samtale.org import services as org
from samtale.scim import schema, tokens
from samtale.scim.schema import ScimEmail, ScimManager

pytestmark = pytest.mark.django_db(transaction=True)

UNITS = ["SCIM-A", "SCIM-B"]
# The tester fills attributes with random values, or one of a field's examples: a unit
# must exist, and an employee number has at most 32 characters (and is unique: the
# random module is seeded below, and the numbers are many).
NUMBERS = [f"9{n:06d}" for n in range(200_000)]


class ExampleEnterpriseUser(schema.ScimEnterpriseUser):
    """Samtale's extension with the values the tester may use (the unit codes exist)."""

    __schema__ = URN(schema.ENTERPRISE_URN)
    employee_number: Annotated[str | None, Required.true, Uniqueness.server] = Field(
        None, examples=NUMBERS
    )
    department: Annotated[str | None, Required.true] = Field(None, examples=UNITS)
    manager: ScimManager | None = None


class ExampleUser(Resource[AnyExtension]):
    __schema__ = URN(schema.USER_URN)
    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    display_name: Annotated[str | None, Required.true] = None
    title: str | None = None
    active: Annotated[bool | None, Required.true] = None
    emails: list[ScimEmail] | None = None


def test_every_check_that_applies_passes(live_server):
    org.create_unit(code="SCIM-A", name="SCIM A")
    org.create_unit(code="SCIM-B", name="SCIM B")
    _token, secret = tokens.create_token("scim2-tester", by=None)
    random.seed(20261206)
    # Closed before the live server stops, so no connection outlives the test.
    http = httpx2.Client(
        base_url=f"{live_server.url.replace('localhost', '127.0.0.1')}/scim/v2",
        headers={"Authorization": f"Bearer {secret}", "Connection": "close"},
    )
    provider = ScimProvider(
        [ExampleUser, ExampleEnterpriseUser],
        [
            schema.ResourceType.from_resource(
                ExampleUser[Annotated[ExampleEnterpriseUser, Required.true]]
            )
        ],
    )
    client = SyncSCIMClient(http, provider=provider)
    with http:
        results = check_server(client)
    assert results
    report = [
        f"{r.status.name:8} {r.resource_type or '':6} {r.title}: {r.reason or ''}" for r in results
    ]
    print("\n".join(report))
    failed = [line for r, line in zip(results, report, strict=True) if r.status == Status.ERROR]
    assert not failed, "\n".join(failed)
    skipped = [r for r in results if r.status == Status.SKIPPED]
    for result in skipped:
        assert result.reason, result.title
    assert sum(r.status == Status.SUCCESS for r in results) > 20
