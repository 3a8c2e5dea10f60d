"""Failed logins are limited per account and per address (django-axes), password-reset
mails per account and per address (issue 12: 40 wrong passwords, then the right one
logged in)."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from samtale.access import throttle
from samtale.core.models import OutgoingMail
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.SAMTALE_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.SAMTALE_PASSWORD_RESETS_PER_HOUR = 3
    settings.SAMTALE_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 5


def _login(client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_does_not_log_in(client, personas):
    for _ in range(40):
        _login(client, "employee@eksempel.dk", "forkert")
    response = _login(client, "employee@eksempel.dk", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    page = response.content.decode()
    assert "For mange mislykkede login" in page  # Danish, on the login page
    assert "15 minutter" in page
    assert reverse("password_reset") in page  # the way out that does not wait


def test_the_account_is_locked_from_any_address(client, personas):
    for n in range(5):
        _login(client, "employee@eksempel.dk", "forkert", address=f"10.0.1.{n}")
    assert _login(client, "employee@eksempel.dk", PASSWORD, "10.9.9.9").status_code == 429
    # another account from the same addresses is not
    assert _login(client, "colleague@eksempel.dk", PASSWORD, "10.0.1.1").status_code == 302


def test_one_address_trying_many_accounts_is_locked_at_its_own_limit(client, personas):
    accounts = ["employee", "colleague", "leader", "chief"]
    for n in range(8):
        _login(client, f"{accounts[n % 4]}@eksempel.dk", "forkert", address="10.0.2.1")
    # under each account's limit, but the address has reached its own
    assert _login(client, "tr@eksempel.dk", PASSWORD, "10.0.2.1").status_code == 429
    assert _login(client, "tr@eksempel.dk", PASSWORD, "10.0.2.2").status_code == 302


def test_logging_in_to_ones_own_account_does_not_wipe_the_addresss_count(client, personas):
    accounts = ["colleague", "leader", "chief", "tr"]
    for n in range(7):
        _login(client, f"{accounts[n % 4]}@eksempel.dk", "forkert", address="10.0.2.9")
    assert _login(client, "employee@eksempel.dk", PASSWORD, "10.0.2.9").status_code == 302
    client.logout()
    _login(client, "amr@eksempel.dk", "forkert", address="10.0.2.9")  # the eighth
    assert _login(client, "amr@eksempel.dk", PASSWORD, "10.0.2.9").status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock(client, personas):
    for _ in range(4):
        _login(client, "employee@eksempel.dk", "forkert")
    assert _login(client, "employee@eksempel.dk", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_after_the_cool_off_the_right_password_logs_in_again(client, personas):
    for _ in range(5):
        _login(client, "employee@eksempel.dk", "forkert")
    assert _login(client, "employee@eksempel.dk", PASSWORD).status_code == 429
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert _login(client, "employee@eksempel.dk", PASSWORD).status_code == 302


def test_the_address_behind_the_proxy(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    settings.BEHIND_TLS_PROXY = False
    assert throttle.client_address(request) == "10.1.1.1"  # a client may send the header
    settings.BEHIND_TLS_PROXY = True
    # the proxy appends the address it saw: the last one; earlier ones the client wrote
    assert throttle.client_address(request) == "192.0.2.7"
    assert throttle.client_address(factory.get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"


def _reset(client, email: str, address: str = "10.0.3.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_mails_are_limited_per_account(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_reset(client, "employee@eksempel.dk", f"10.0.4.{n}") for n in range(6)]
    # the same neutral answer every time: the form does not tell what happened
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password_reset_done"))
    }
    assert OutgoingMail.objects.count() == 3
    assert len(mail.outbox) == 3


def test_password_reset_mails_are_limited_per_address(
    client, personas, django_capture_on_commit_callbacks
):
    people = ["employee", "colleague", "leader", "chief", "tr", "amr", "hr"]
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_reset(client, f"{p}@eksempel.dk") for p in people]
    assert {a.status_code for a in answers} == {302}
    assert OutgoingMail.objects.count() == 5
    # another address is not held back
    with django_capture_on_commit_callbacks(execute=True):
        _reset(client, "hr@eksempel.dk", address="10.0.3.2")
    assert OutgoingMail.objects.count() == 6


def test_the_reset_mail_waits_in_the_queue_when_smtp_is_down(
    client, personas, settings, django_capture_on_commit_callbacks
):
    """Nothing is lost when the mail server does not answer: the mail stays queued and
    the retry delivers it."""
    from samtale.core import mail as core_mail

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _reset(client, "employee@eksempel.dk")
    assert response.status_code == 302
    queued = OutgoingMail.objects.get()
    assert queued.status != OutgoingMail.Status.SENT and queued.to == ["employee@eksempel.dk"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    OutgoingMail.objects.update(next_attempt_at=None)  # its retry is due
    assert core_mail.deliver(queued.pk) == OutgoingMail.Status.SENT
    assert mail.outbox[0].to == ["employee@eksempel.dk"]
