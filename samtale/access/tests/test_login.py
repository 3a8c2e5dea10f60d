"""Log in with e-mail and password, log out, reset the password by e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from samtale.core.models import OutgoingMail
from samtale.org import services
from samtale.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password(client, personas):
    response = client.post(
        reverse("login"), {"username": "Employee@Eksempel.dk", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Emma Ansat" in home.content.decode()


def test_wrong_password_says_so_in_danish(client, personas):
    response = client.post(reverse("login"), {"username": "employee@eksempel.dk", "password": "x"})
    assert response.status_code == 200
    assert "forkert" in response.content.decode()


def test_logout(client, personas):
    client.force_login(personas.user("employee"))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/]+(/password/reset/[^\s]+/)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    return match.group(1)


def test_password_reset_by_email(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "employee@eksempel.dk"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["employee@eksempel.dk"]
    # Through the mail queue like every other mail: a machine's mail, not to be answered.
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
    link = _reset_link()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "Et-helt-nyt-kodeord-42"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.login(username="employee@eksempel.dk", password=new)


def test_reset_works_for_an_employee_who_never_logged_in(
    client, db, django_capture_on_commit_callbacks
):
    person = services.create_person(
        name="Sofie Ny", email="sofie@eksempel.dk", employee_number="77"
    )
    assert person.user is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "sofie@eksempel.dk"})
    assert len(mail.outbox) == 1
    person.refresh_from_db()
    assert person.user is not None and person.user.email == "sofie@eksempel.dk"


def test_reset_for_unknown_address_sends_nothing_and_reveals_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


def test_a_person_who_has_left_gets_no_reset_mail(client, db, django_capture_on_commit_callbacks):
    services.create_person(
        name="Gammel",
        email="gammel@eksempel.dk",
        employee_number="78",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "gammel@eksempel.dk"})
    assert mail.outbox == [] and not OutgoingMail.objects.exists()


def test_danish_is_the_default_and_english_can_be_chosen(client, personas):
    page = client.get(reverse("login"))
    assert '<html lang="da">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.content.decode()


def test_an_english_browser_still_gets_danish_until_english_is_chosen(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="da">' in page.content.decode()
    assert "Log ind" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    page = client.get(reverse("login"), headers={"accept-language": "da"})
    assert '<html lang="en">' in page.content.decode()
    assert page["Content-Language"] == "en"
