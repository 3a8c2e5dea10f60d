"""Single sign-on with OpenID Connect, against a real provider (oidc-provider on
127.0.0.1, samtale/testing/oidc): the code flow with PKCE, who gets in and who does not,
logging out at the provider, and password login switched off."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from samtale.access.models import OidcIdentity
from samtale.org import services
from samtale.org.models import Person
from samtale.testing import oidc as test_oidc
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNTS: dict[str, dict[str, Any]] = {
    "emma": {
        "claims": {"email": "employee@eksempel.dk", "name": "Emma Ansat", "employee_number": "1003"}
    },
    "sofie": {"claims": {"email": "Sofie.Ny@eksempel.dk"}},
    "stranger": {"claims": {"email": "stranger@example.org"}},
    "gammel": {"claims": {"email": "gammel@eksempel.dk"}},
    "impostor": {"claims": {"email": "employee@eksempel.dk"}},
    "admins-namesake": {"claims": {"email": "admin@eksempel.dk"}},
    "wrong-audience": {"claims": {"email": "employee@eksempel.dk"}, "token": "wrong-audience"},
    "expired": {"claims": {"email": "employee@eksempel.dk"}, "token": "expired"},
}


@pytest.fixture(scope="session")
def provider() -> Iterator[test_oidc.TestProvider]:
    with test_oidc.running_provider(site_url=django_settings.SITE_URL, accounts=ACCOUNTS) as p:
        yield p


@pytest.fixture
def sso(settings, provider):
    test_oidc.use_provider(settings, provider)
    return provider


def _logged_in_as(client) -> str | None:
    page = client.get(reverse("home"))
    if page.status_code != 200:
        return None
    return page.context["request"].user.email


def _message(response) -> str:
    assert response.status_code == 302 and response["Location"] == reverse("login")
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_known_person_without_a_login_gets_one_linked_to_them(client, personas, sso):
    sofie = services.create_person(
        name="Sofie Ny", email="sofie.ny@eksempel.dk", employee_number="77"
    )
    assert sofie.user is None
    response = test_oidc.log_in(client, "sofie")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    sofie.refresh_from_db()
    assert sofie.user is not None and _logged_in_as(client) == "sofie.ny@eksempel.dk"
    assert OidcIdentity.objects.get(subject="sofie").user == sofie.user
    assert not sofie.user.has_usable_password()


def test_an_employee_with_a_login_logs_in_and_stays_bound_to_the_subject(client, personas, sso):
    response = test_oidc.log_in(client, "emma", next_url="/organisation/")
    assert response["Location"] == "/organisation/"
    assert _logged_in_as(client) == "employee@eksempel.dk"
    identity = OidcIdentity.objects.get(subject="emma")
    assert identity.user == personas.user("employee") and identity.issuer == sso.issuer
    client.post(reverse("logout"))
    test_oidc.log_in(client, "emma")
    assert _logged_in_as(client) == "employee@eksempel.dk"
    assert OidcIdentity.objects.count() == 1


def test_the_flow_uses_pkce_and_the_public_callback(client, sso, settings):
    settings.SITE_URL = "https://samtale.kommune.dk"
    start = client.get(reverse("oidc_authentication_init"))
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0]
    assert query["redirect_uri"] == ["https://samtale.kommune.dk/login/sso/callback/"]
    assert query["scope"] == ["openid email profile"]


@pytest.mark.parametrize("login", ["wrong-audience", "expired"])
def test_a_token_for_another_audience_or_expired_is_refused(client, personas, sso, login, caplog):
    with caplog.at_level(logging.WARNING, logger="samtale.access.oidc"):
        response = test_oidc.log_in(client, login)
    assert "lykkedes ikke" in _message(response)
    assert _logged_in_as(client) is None
    assert not OidcIdentity.objects.exists()
    assert ("Audience" if login == "wrong-audience" else "expired") in caplog.text


def test_an_unknown_person_gets_no_account_and_is_told_why(client, personas, sso):
    users = get_user_model().objects.count()
    response = test_oidc.log_in(client, "stranger")
    assert "kender dig ikke" in _message(response)
    assert _logged_in_as(client) is None
    assert get_user_model().objects.count() == users


def test_a_person_who_has_left_is_refused(client, personas, sso):
    services.create_person(
        name="Gammel",
        email="gammel@eksempel.dk",
        employee_number="78",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
    )
    response = test_oidc.log_in(client, "gammel")
    assert "ansættelse er ophørt" in _message(response)
    assert _logged_in_as(client) is None
    assert Person.objects.get(email="gammel@eksempel.dk").user is None


def test_a_claim_cannot_take_over_a_login_bound_to_another_subject(client, personas, sso, caplog):
    test_oidc.log_in(client, "emma")
    client.post(reverse("logout"))
    with caplog.at_level(logging.ERROR, logger="samtale.access.oidc"):
        response = test_oidc.log_in(client, "impostor")
    assert "administrator" in _message(response)
    assert _logged_in_as(client) is None
    assert "subject impostor" in caplog.text or "not impostor" in caplog.text


def test_an_administrators_login_is_never_handed_to_a_person_by_claim(
    client, personas, sso, caplog
):
    namesake = services.create_person(
        name="Adam Min", email="admin@eksempel.dk", employee_number="79"
    )
    with caplog.at_level(logging.ERROR, logger="samtale.access.oidc"):
        response = test_oidc.log_in(client, "admins-namesake")
    assert "administrator" in _message(response)
    namesake.refresh_from_db()
    assert namesake.user is None
    assert not OidcIdentity.objects.filter(user=personas.admin_user).exists()
    assert "administrator" in caplog.text


def test_the_person_can_be_matched_by_employee_number(client, personas, sso, settings):
    settings.SAMTALE_OIDC_CLAIM = "employee_number"
    settings.SAMTALE_OIDC_MATCH = "employee_number"
    settings.OIDC_RP_SCOPES = "openid employee"
    test_oidc.log_in(client, "emma")
    assert _logged_in_as(client) == "employee@eksempel.dk"


def test_logging_out_ends_the_session_at_the_provider_too(client, personas, sso):
    test_oidc.log_in(client, "emma")
    response = client.post(reverse("logout"))
    assert _logged_in_as(client) is None
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == sso.issuer
    query = parse_qs(target.query)
    assert query["id_token_hint"][0] and query["client_id"] == ["samtale"]
    assert query["post_logout_redirect_uri"] == [django_settings.SITE_URL + "/login/"]


def test_logging_out_of_a_password_login_stays_in_samtale(client, personas, sso):
    client.force_login(personas.user("employee"))
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_the_login_page_offers_single_sign_on_and_tells_first_timers_how(client, sso, settings):
    settings.SAMTALE_OIDC_BUTTON = "Log ind med Eksempel Kommune"
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med Eksempel Kommune" in page and reverse("oidc_authentication_init") in page
    assert "Første gang i Samtale?" in page
    assert "ikke have en særskilt adgangskode" in page
    assert 'name="password"' in page  # passwords still on


def test_without_single_sign_on_first_timers_are_told_to_choose_a_password(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("oidc_authentication_init") not in page
    assert "Første gang i Samtale?" in page and "vælger selv" in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_password_login_switched_off(client, personas, sso, settings):
    settings.SAMTALE_PASSWORD_LOGIN = False
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and reverse("password_reset") not in page
    response = client.post(
        reverse("login"), {"username": "employee@eksempel.dk", "password": PASSWORD}
    )
    assert _logged_in_as(client) is None
    assert client.get(reverse("password_reset")).status_code == 404
    assert not client.login(username="employee@eksempel.dk", password=PASSWORD)
    # An administrator without a person still gets in, on the administration's login page.
    response = client.post(
        reverse("admin:login"), {"username": "admin@eksempel.dk", "password": PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    test_oidc.log_in(client, "emma")
    assert _logged_in_as(client) == "employee@eksempel.dk"


def test_deploy_checks_want_the_public_https_callback(settings):
    from samtale.access.checks import check_single_sign_on

    assert check_single_sign_on() == []  # no single sign-on: nothing to check
    settings.SAMTALE_OIDC_ISSUER = "http://login.kommune.dk/realms/samtale"
    settings.SITE_URL = "http://samtale.kommune.dk"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert [e.id for e in check_single_sign_on()] == [
        "samtale.E020",
        "samtale.E021",
        "samtale.E022",
    ]
    settings.SAMTALE_OIDC_ISSUER = "https://login.kommune.dk/realms/samtale"
    settings.SITE_URL = "https://samtale.kommune.dk"
    settings.ALLOWED_HOSTS = ["samtale.kommune.dk"]
    assert check_single_sign_on() == []


def test_an_address_moved_to_another_person_does_not_move_the_login(client, personas, sso, caplog):
    """Emma's subject is bound to Emma's login; when HR gives her address to Kasper, her
    subject's claim names Kasper, and neither login is handed over."""
    test_oidc.log_in(client, "emma")
    client.post(reverse("logout"))
    Person.objects.filter(pk=personas.employee.pk).update(email="emma.ny@eksempel.dk")
    Person.objects.filter(pk=personas.colleague.pk).update(email="employee@eksempel.dk")
    with caplog.at_level(logging.ERROR, logger="samtale.access.oidc"):
        response = test_oidc.log_in(client, "emma")
    assert "administrator" in _message(response)
    assert _logged_in_as(client) is None
    assert "subject emma belongs to login" in caplog.text


def test_a_provider_that_names_itself_differently_is_refused(
    client, personas, sso, settings, caplog
):
    settings.SAMTALE_OIDC_ISSUER = sso.issuer.replace("127.0.0.1", "localhost")
    with caplog.at_level(logging.ERROR, logger="samtale.access.oidc"):
        response = client.get(reverse("oidc_authentication_init"))
    assert "lykkedes ikke" in _message(response)
    assert "names itself" in caplog.text
