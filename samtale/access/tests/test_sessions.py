"""Shared staff-room PCs: a login ends when the browser closes and after
SESSION_IDLE_MINUTES (default 30) without a request; the session's expiry moves forward
at most once a minute, so a page does not write the session table on every request."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.middleware import SEEN_KEY
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_default_idle_time_is_30_minutes():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.parametrize("persona", ["employee", "leader", "hr", "admin"])
def test_the_login_ends_with_the_browser(client, persona, personas):
    user = personas.user(persona)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/login/" not in response["Location"]
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and cookie["expires"] == "" and cookie["max-age"] == ""


@pytest.mark.parametrize("persona", ["employee", "leader", "hr", "admin"])
def test_an_idle_login_ends_after_30_minutes(client_as, persona):
    client = client_as(persona)
    client.get(reverse("home"))
    expires = _session(client).expire_date
    soon = timezone.now() + datetime.timedelta(minutes=30)
    assert soon - datetime.timedelta(minutes=2) <= expires <= soon
    # 30 minutes later, nothing having happened:
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_activity_keeps_the_login_at_most_one_write_a_minute(client_as):
    client = client_as("employee")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert not [
        q
        for q in queries.captured_queries
        if "django_session" in q["sql"] and "UPDATE" in q["sql"].upper()
    ]

    # A minute or more since the last refresh: the next request moves the expiry.
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 61
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    client.get(reverse("home"))
    assert _session(client).expire_date > timezone.now() + datetime.timedelta(minutes=28)


def test_idle_minutes_from_the_environment():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        ],
        env={
            **os.environ,
            "SESSION_IDLE_MINUTES": "10",
            "DJANGO_SETTINGS_MODULE": "samtale.testing.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "600"


def test_the_session_store_reads_what_djangos_reads_in_one_query(client_as):
    """samtale.access.sessions: the row read by a query compiled once per process, an
    expired or unknown one treated as missing, as Django's own store does."""
    from django.contrib.sessions.backends.db import SessionStore as DjangosStore

    from samtale.access.sessions import SessionStore

    key = client_as("leader").session.session_key
    assert settings.SESSION_ENGINE == "samtale.access.sessions"
    with CaptureQueriesContext(connection) as queries:
        data = SessionStore(key).load()
    assert len(queries) == 1
    assert "_auth_user_id" in data
    assert data == DjangosStore(key).load()
    Session.objects.filter(pk=key).update(expire_date=timezone.now())
    for missing in (key, "no-such-session-key-at-all"):
        store = SessionStore(missing)
        assert store.load() == {} == DjangosStore(missing).load()
        assert store.session_key is None
