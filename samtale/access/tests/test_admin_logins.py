"""A login changed on the administration pages (*Brugere*, issue 12 §4): its e-mail
address is its user name, so an administrator who changes it gets the password resets
and with them the person's conversations. The person is told at the old address and the
new, and sees it where they see who has read their things; so too when the login is
closed, reopened or deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samtale.access.models import ReadLog, User
from samtale.core.models import OutgoingMail
from samtale.org.models import Person

pytestmark = pytest.mark.django_db


def _login_data(user: User, **changes):
    data = {
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def _mails_to(address: str) -> list[OutgoingMail]:
    return [m for m in OutgoingMail.objects.order_by("pk") if m.to == [address]]


def _entries(person: Person) -> list[ReadLog]:
    return list(ReadLog.objects.filter(subject_type="login", subject_id=person.pk))


def test_an_administrator_changing_emmas_login_address_tells_her_at_both(
    client_as, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    url = reverse("admin:access_user_change", args=[emma.user_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(
            url, _login_data(emma.user, email="admin.privat@fremmed.dk")
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=emma.user_id).email == "admin.privat@fremmed.dk"
    [entry] = _entries(emma)
    assert entry.reader == personas.admin_user
    assert "employee@eksempel.dk" in entry.what and "admin.privat@fremmed.dk" in entry.what
    [old] = _mails_to("employee@eksempel.dk")
    assert "admin.privat@fremmed.dk" in old.text and "admin@eksempel.dk" in old.text
    assert len(_mails_to("admin.privat@fremmed.dk")) == 1


def test_closing_and_reopening_emmas_login_is_told(
    client_as, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    url = reverse("admin:access_user_change", args=[emma.user_id])
    client = client_as("admin")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _login_data(emma.user, is_active="")).status_code == 302
    assert not User.objects.get(pk=emma.user_id).is_active
    with django_capture_on_commit_callbacks(execute=True):
        user = User.objects.get(pk=emma.user_id)
        assert client.post(url, _login_data(user, is_active="on")).status_code == 302
    assert len(_entries(emma)) == 2
    assert len(_mails_to("employee@eksempel.dk")) == 2
    # Saving without a change tells nothing.
    client.post(url, _login_data(User.objects.get(pk=emma.user_id)))
    assert len(_entries(emma)) == 2


def test_a_login_without_a_person_is_nobodys_to_tell(client_as, personas):
    other = User.objects.create_user("uden.person@eksempel.dk", "Et-langt-kodeord-42")
    url = reverse("admin:access_user_change", args=[other.pk])
    response = client_as("admin").post(url, _login_data(other, email="andet@eksempel.dk"))
    assert response.status_code == 302
    assert not ReadLog.objects.exists() and not OutgoingMail.objects.exists()


def test_deleting_emmas_login_is_told(client_as, personas, django_capture_on_commit_callbacks):
    emma = personas.employee
    url = reverse("admin:access_user_delete", args=[emma.user_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(url, {"post": "yes"})
    assert response.status_code == 302
    assert Person.objects.get(pk=emma.pk).user_id is None
    [entry] = _entries(emma)
    assert "employee@eksempel.dk" in entry.what
    assert len(_mails_to("employee@eksempel.dk")) == 1
