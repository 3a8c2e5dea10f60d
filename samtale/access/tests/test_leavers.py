"""People who have left: no login, and every session ends (samtale.access.leavers)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samtale.lib.tabular import read_table
from samtale.org import importing
from samtale.org.models import Person
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.timedelta(days=1)


def _end(person: Person, day: datetime.date) -> None:
    Person.objects.filter(pk=person.pk).update(end_date=day)


def _sessions_of(user) -> int:
    return sum(
        1 for s in Session.objects.all() if str(s.get_decoded().get(SESSION_KEY)) == str(user.pk)
    )


def test_a_leaver_cannot_log_in_with_their_password(client, personas):
    _end(personas.employee, timezone.localdate() - YESTERDAY)
    response = client.post(
        reverse("login"), {"username": "employee@eksempel.dk", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again: not logged in
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_the_last_day_of_employment_is_still_a_working_day(client, personas):
    _end(personas.employee, timezone.localdate())
    assert client.login(username="employee@eksempel.dk", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    "backend",
    ["samtale.access.backends.ViewerBackend", "django.contrib.auth.backends.ModelBackend"],
)
def test_an_open_session_ends_on_the_day_after_the_end_date(client, personas, backend):
    """Whatever backend made the session: the first request after the end date is
    logged out and the stored session is gone."""
    user = personas.user("employee")
    client.force_login(user, backend=backend)
    assert client.get(reverse("home")).status_code == 200
    _end(personas.employee, timezone.localdate() - YESTERDAY)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _sessions_of(user) == 0
    # the API (session cookie) likewise
    assert client.get("/api/v1/me").status_code in (401, 403, 302)


def test_an_administrator_without_a_person_stays_logged_in(client, personas):
    client.force_login(personas.user("admin"))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_the_nightly_command_ends_the_sessions_of_everyone_who_has_left(personas):
    leaver, stays = Client(), Client()
    leaver.force_login(personas.user("employee"))
    stays.force_login(personas.user("colleague"))
    _end(personas.employee, timezone.localdate() - YESTERDAY)
    _end(personas.colleague, timezone.localdate())  # their last day
    out = io.StringIO()
    call_command("end_sessions", "--lang", "en", stdout=out)
    assert out.getvalue().strip() == "Ended 1 session of people who have left."
    assert _sessions_of(personas.user("employee")) == 0
    assert _sessions_of(personas.user("colleague")) == 1
    # --today: acts as if it were another day (the colleague has left by then)
    call_command(
        "end_sessions",
        "--today",
        (timezone.localdate() + YESTERDAY).isoformat(),
        stdout=io.StringIO(),
    )
    assert _sessions_of(personas.user("colleague")) == 0


def test_an_import_that_ends_someone_in_the_past_ends_their_sessions_at_once(personas):
    session = Client()
    session.force_login(personas.user("employee"))
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    table = read_table(
        f"medarbejdernummer;navn;enhed;slutdato\n1003;Emma Ansat;SOL;{day}\n".encode(),
        filename="people.csv",
    )
    result = importing.import_table(importing.PEOPLE, table)
    assert result.applied and not result.problems, result.problems
    assert _sessions_of(personas.user("employee")) == 0


def test_the_administration_pages_end_the_sessions_of_someone_ended_in_the_past(client, personas):
    session = Client()
    session.force_login(personas.user("employee"))
    client.force_login(personas.user("admin"))
    employee = personas.employee
    url = reverse("admin:org_person_change", args=[employee.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        name=employee.name,
        end_date=(timezone.localdate() - YESTERDAY).isoformat(),
        unit=employee.unit_id,
        manager=employee.manager_id,
        user=employee.user_id,
        start_date=employee.start_date.isoformat(),
        weekly_hours="37",
    )
    data = {k: v for k, v in data.items() if not isinstance(v, (list, tuple))}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _sessions_of(personas.user("employee")) == 0
