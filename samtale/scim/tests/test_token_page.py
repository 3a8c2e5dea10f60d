"""The token page: who may use it, making a token (its secret shown once, only its hash
kept), revoking it; and the admin."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from samtale.scim.models import ScimToken
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

ALLOWED = ("admin",)
OTHERS = tuple(name for name in LOGGED_IN if name not in ALLOWED)
PINNED = 5


@pytest.mark.parametrize("persona", OTHERS)
def test_closed_to_all_but_administrators_and_hr_for_the_whole_organisation(client_as, persona):
    client = client_as(persona)
    token = ScimToken.objects.create(name="x", secret_hash="0" * 64)
    assert client.get(reverse("scim_tokens:list")).status_code == 404
    assert client.post(reverse("scim_tokens:list"), {"name": "Entra"}).status_code == 404
    assert client.post(reverse("scim_tokens:revoke", args=[token.pk])).status_code == 404
    assert ScimToken.objects.count() == 1


def test_hr_for_the_whole_organisation_makes_and_revokes_a_token(client_as, personas):
    from samtale.org import services
    from samtale.org.models import OrgUnit, Role

    hr = personas.person("hr")
    services.grant_role(hr, Role.HR, OrgUnit.objects.get(code="K"))
    client = client_as("hr")
    page = client.get(reverse("scim_tokens:list"))
    assert page.status_code == 200
    made = client.post(reverse("scim_tokens:list"), {"name": "Entra ID"})
    assert made.status_code == 200
    secret = made.context["secret"]
    assert secret and secret in made.content.decode()
    token = ScimToken.objects.get()
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.created_by == hr
    # Shown once: the page does not show it again.
    assert secret not in client.get(reverse("scim_tokens:list")).content.decode()
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=auth).status_code == 200
    client.post(reverse("scim_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/scim/v2/Users", headers=auth).status_code == 401


def test_the_page_costs_a_fixed_number_of_queries(client_as, django_assert_num_queries):
    from samtale.scim import tokens

    for n in range(5):
        tokens.create_token(f"token {n}", by=None)
    client = client_as("admin")
    # session, user, viewer, the tokens with who made them, the latest changes (5)
    with django_assert_num_queries(PINNED):
        assert client.get(reverse("scim_tokens:list")).status_code == 200


def test_the_admin_makes_a_token_and_shows_its_secret_once(client_as):
    client = client_as("admin")
    answer = client.post(reverse("admin:scim_scimtoken_add"), {"name": "Entra ID"}, follow=True)
    assert answer.status_code == 200
    token = ScimToken.objects.get()
    shown = [str(m) for m in answer.context["messages"]]
    secret = next(m.rsplit(" ", 1)[-1] for m in shown if "samtale_scim_" in m)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
