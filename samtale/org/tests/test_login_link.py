"""Linking a login to a person in the admin (issue 12): an administrator linked their own
login to Emma's person and read her private notes, unlogged. Refused for an
administrator's or HR's own login; any other link is logged and the person is told."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samtale.access.models import ReadLog, User
from samtale.conversations import services as conversations
from samtale.conversations.models import ConversationKind
from samtale.core.models import OutgoingMail
from samtale.org import services
from samtale.org.models import Person, Role
from samtale.testing.factories import actor

pytestmark = pytest.mark.django_db


def _link(client, person: Person, user_pk: int):
    data = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "unit": person.unit_id,
        "manager": person.manager_id,
        "job_title": person.job_title,
        "professional_group": person.professional_group_id,
        "user": user_pk,
        "start_date": "2020-08-01",
        "weekly_hours": "37",
    }
    return client.post(reverse("admin:org_person_change", args=[person.pk]), data)


def _user_of(person: Person) -> int | None:
    return Person.objects.values_list("user_id", flat=True).get(pk=person.pk)


def test_the_administrator_cannot_link_his_own_login_to_emma(client_as, personas):
    emma = personas.employee
    response = _link(client_as("admin"), emma, personas.admin_user.pk)
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert _user_of(emma) == emma.user_id
    assert not OutgoingMail.objects.exists()


def test_nor_another_administrators_or_hrs_login(client_as, personas):
    emma = personas.employee
    other_admin = User.objects.create_superuser("admin2@eksempel.dk", "x-Very-long-42")
    assert _link(client_as("admin"), emma, other_admin.pk).status_code == 200
    # HR's login, taken from HR's person first, is still HR's own.
    hr_user = personas.hr.user
    Person.objects.filter(pk=personas.hr.pk).update(user=None)
    services.grant_role(personas.hr, Role.HR, personas.units["K"])
    assert _link(client_as("admin"), emma, hr_user.pk).status_code == 200
    assert _user_of(emma) == emma.user_id


def test_a_link_is_logged_and_the_person_told(
    client_as, client, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    new_login = User.objects.create_user("emma.ny@eksempel.dk", "Et-nyt-kodeord-42")
    with django_capture_on_commit_callbacks(execute=True):
        response = _link(client_as("admin"), emma, new_login.pk)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _user_of(emma) == new_login.pk
    entry = ReadLog.objects.get(subject_type="login", subject_id=emma.pk)
    assert entry.reader == personas.admin_user
    assert "emma.ny@eksempel.dk" in entry.what
    [told] = [m for m in OutgoingMail.objects.all() if m.to == ["employee@eksempel.dk"]]
    assert "emma.ny@eksempel.dk" in told.text and "admin@eksempel.dk" in told.text
    # Emma sees it where she sees who has read her conversations.
    client.force_login(new_login)
    page = client.get(reverse("conversations:reads")).content.decode()
    assert "emma.ny@eksempel.dk" in page


def test_private_notes_read_by_another_login_are_logged(client_as, client, personas):
    emma = personas.employee
    conversation = conversations.ask_for(
        ConversationKind.objects.get(code="en-til-en"), by=actor(emma)
    )
    client_as("employee").post(
        reverse("conversations:save_note", args=[conversation.pk]), {"text": "Kun til mig"}
    )
    detail = reverse("conversations:detail", args=[conversation.pk])
    # Emma reads her own notes: nobody else read them, nothing to log.
    assert "Kun til mig" in client_as("employee").get(detail).content.decode()
    assert not ReadLog.objects.exists()
    # Another login linked to her person (here behind the admin's back) reads them: logged.
    other = User.objects.create_user("fremmed@eksempel.dk", "Et-nyt-kodeord-42")
    Person.objects.filter(pk=emma.pk).update(user=other)
    client.force_login(other)
    assert "Kun til mig" in client.get(detail).content.decode()
    entry = ReadLog.objects.get(subject_type="conversation", subject_id=conversation.pk)
    assert entry.reader == other


def test_a_password_reset_does_not_link_the_administrators_login_by_its_address(
    client, personas, django_capture_on_commit_callbacks
):
    """The other way round: Emma's address changed to the administrator's and her login
    taken away; asking for a reset must not hand her person to the administrator's login."""
    emma = personas.employee
    Person.objects.filter(pk=emma.pk).update(email="admin@eksempel.dk", user=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "admin@eksempel.dk"})
    assert response.status_code == 302
    assert _user_of(emma) is None
    with pytest.raises(ValidationError):
        services.ensure_user(Person.objects.get(pk=emma.pk))
    # Nor an HR person's login (here it is still theirs: taken by nobody else).
    Person.objects.filter(pk=emma.pk).update(email="hr@eksempel.dk")
    with pytest.raises(ValidationError):
        services.ensure_user(Person.objects.get(pk=emma.pk))
    assert _user_of(emma) is None


def test_an_administrator_setting_emmas_password_is_logged_and_she_is_told(
    client_as, personas, django_capture_on_commit_callbacks
):
    """The same way round by the login's password: an administrator sets Emma's and logs
    in as her (her reads would then be her own login's)."""
    emma = personas.employee
    url = reverse("admin:auth_user_password_change", args=[emma.user_id])
    new = "Administratorens-kodeord-42"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(
            url, {"password1": new, "password2": new, "usable_password": "true"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ReadLog.objects.get(subject_type="login", subject_id=emma.pk)
    assert entry.reader == personas.admin_user and "employee@eksempel.dk" in entry.what
    [told] = [m for m in OutgoingMail.objects.all() if m.to == ["employee@eksempel.dk"]]
    assert "admin@eksempel.dk" in told.text


def test_hr_may_have_their_own_login_linked_to_themselves(client_as, personas):
    hr = personas.hr
    Person.objects.filter(pk=hr.pk).update(user=None)
    hr.refresh_from_db()
    assert services.ensure_user(hr).email == "hr@eksempel.dk"
    assert _user_of(hr) is not None
