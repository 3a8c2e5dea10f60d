"""The ways around the privacy rules in the administration pages (issue 12 §4): a
person's e-mail address or login changed by an administrator, roles given to oneself or
anyone, a team's lead taken by oneself (and the handover of a leaving leader to oneself).
Each change someone else makes is recorded where the person sees who has read their
things and told to them by e-mail; each attempt to give oneself access is refused and
written to the ``samtale.security`` log."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.urls import reverse

from samtale.access.models import ReadLog, User
from samtale.core.models import OutgoingMail
from samtale.org import leaving, services
from samtale.org.models import Person, Role, RoleGrant, Team
from samtale.testing.factories import actor

pytestmark = pytest.mark.django_db


def _person_data(person: Person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "employee_number": person.employee_number,
        "unit": person.unit_id,
        "manager": person.manager_id,
        "job_title": person.job_title,
        "professional_group": person.professional_group_id,
        "user": person.user_id or "",
        "start_date": "2020-08-01",
        "weekly_hours": "37",
    }
    data.update(changes)
    return data


def _mails_to(address: str) -> list[OutgoingMail]:
    return [m for m in OutgoingMail.objects.order_by("pk") if m.to == [address]]


def _told(person: Person) -> list[str]:
    return list(
        ReadLog.objects.filter(subject_type="login", subject_id=person.pk).values_list(
            "what", flat=True
        )
    )


def _admin_with_a_person(personas, name: str = "hr") -> Person:
    """An administrator who is also a person (here Hanne's login made an administrator's)."""
    person = personas.person(name)
    User.objects.filter(pk=person.user_id).update(is_staff=True, is_superuser=True)
    return person


# --- a person's e-mail address and login ---------------------------------------------------


def test_an_administrator_changing_emmas_address_tells_her_at_the_old_one(
    client_as, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    url = reverse("admin:org_person_change", args=[emma.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(url, _person_data(emma, email="ny@fremmed.dk"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(pk=emma.pk).email == "ny@fremmed.dk"
    [entry] = _told(emma)
    assert "employee@eksempel.dk" in entry and "ny@fremmed.dk" in entry
    [old] = _mails_to("employee@eksempel.dk")
    assert "ny@fremmed.dk" in old.text and "admin@eksempel.dk" in old.text
    assert "Ændrede din e-mailadresse" in old.text  # in Danish
    assert len(_mails_to("ny@fremmed.dk")) == 1
    # Saving the page again without a change tells nobody anything new.
    client_as("admin").post(url, _person_data(Person.objects.get(pk=emma.pk)))
    assert len(_told(emma)) == 1


def test_taking_emmas_login_and_address_cannot_hide_a_new_login(
    client_as, client, personas, django_capture_on_commit_callbacks
):
    """The takeover: the administrator takes Emma's login away and gives her their own
    address; a password reset there gives Emma's person a new login that the
    administrator holds. Emma hears of both at the address she had."""
    emma = personas.employee
    url = reverse("admin:org_person_change", args=[emma.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(
            url, _person_data(emma, email="fremmed@privat.dk", user="")
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Person.objects.get(pk=emma.pk)
    assert stored.user_id is None and stored.email == "fremmed@privat.dk"
    # A reset for the new address makes a login for Emma's person there (ensure_user) ...
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "fremmed@privat.dk"})
    new_login = Person.objects.get(pk=emma.pk).user
    assert new_login is not None and new_login.email == "fremmed@privat.dk"
    # ... but Emma was told at her own address: the login taken and the address changed.
    told = _mails_to("employee@eksempel.dk")
    assert len(told) == 2
    assert any("fremmed@privat.dk" in m.text for m in told)
    whats = _told(emma)
    assert len(whats) == 2 and any("employee@eksempel.dk" in what for what in whats)


def test_removing_emmas_login_is_recorded_and_told(
    client_as, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    url = reverse("admin:org_person_change", args=[emma.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin").post(url, _person_data(emma, user=""))
    assert response.status_code == 302
    assert Person.objects.get(pk=emma.pk).user_id is None
    [entry] = ReadLog.objects.filter(subject_type="login", subject_id=emma.pk)
    assert entry.reader == personas.admin_user and "employee@eksempel.dk" in entry.what
    [mail] = _mails_to("employee@eksempel.dk")
    assert "admin@eksempel.dk" in mail.text


# --- roles ---------------------------------------------------------------------------------


def test_nobody_gives_themselves_a_role_in_the_admin(client_as, personas, caplog):
    hr = _admin_with_a_person(personas)
    client = client_as("hr")
    with caplog.at_level(logging.WARNING, logger="samtale.security"):
        response = client.post(
            reverse("admin:org_rolegrant_add"),
            {"person": hr.pk, "role": Role.HR, "unit": personas.units["K"].pk},
        )
    assert response.status_code == 200  # the form again, with the reason
    assert "person" in response.context["adminform"].form.errors
    assert "Hanne Personale" in response.content.decode()
    assert not RoleGrant.objects.filter(person=hr, unit=personas.units["K"]).exists()
    [record] = [r for r in caplog.records if r.name == "samtale.security"]
    assert record.levelno == logging.WARNING
    assert f"person {hr.pk}" in record.getMessage() and "role" in record.getMessage()
    # Nor by changing a grant of their own (HR for BU to HR for the whole organisation).
    own = RoleGrant.objects.get(person=hr, role=Role.HR)
    response = client.post(
        reverse("admin:org_rolegrant_change", args=[own.pk]),
        {"person": hr.pk, "role": Role.HR, "unit": personas.units["K"].pk},
    )
    assert response.status_code == 200
    assert RoleGrant.objects.get(pk=own.pk).unit == personas.units["BU"]


def test_a_role_given_and_taken_in_the_admin_is_recorded_and_told(
    client_as, personas, django_capture_on_commit_callbacks
):
    emma = personas.employee
    client = client_as("admin")  # an administrator without a person is never refused
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:org_rolegrant_add"),
            {"person": emma.pk, "role": Role.TR, "unit": personas.units["SOL"].pk},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(person=emma, role=Role.TR)
    [given] = _told(emma)
    assert "Børnehuset Solsikken" in given
    [mail] = _mails_to("employee@eksempel.dk")
    assert "Børnehuset Solsikken" in mail.text and "admin@eksempel.dk" in mail.text
    # Moved to another unit: taken for the one, given for the other.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:org_rolegrant_change", args=[grant.pk]),
            {"person": emma.pk, "role": Role.TR, "unit": personas.units["SOLV"].pk},
        )
    assert response.status_code == 302
    assert len(_told(emma)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:org_rolegrant_delete", args=[grant.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert len(_told(emma)) == 4
    assert len(_mails_to("employee@eksempel.dk")) == 4
    # Taken from several at once (the list's action): each told.
    tina_and_anders = RoleGrant.objects.filter(role__in=[Role.TR, Role.AMR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:org_rolegrant_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [g.pk for g in tina_and_anders],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(role__in=[Role.TR, Role.AMR]).exists()
    assert len(_told(personas.tr)) == 1 and len(_told(personas.amr)) == 1
    assert len(_mails_to("tr@eksempel.dk")) == 1


def test_the_service_refuses_a_role_given_to_oneself(personas):
    from django.core.exceptions import ValidationError

    hr = personas.hr
    with pytest.raises(ValidationError, match="Hanne Personale"):
        services.grant_role(hr, Role.HR, personas.units["K"], by=hr.user)
    services.grant_role(hr, Role.HR, personas.units["K"], by=personas.hr_elsewhere.user)
    assert RoleGrant.objects.filter(person=hr, unit=personas.units["K"]).exists()


# --- teams ---------------------------------------------------------------------------------


def _team_data(team: Team, **changes):
    data = {
        "name": team.name,
        "unit": team.unit_id,
        "leader": team.leader_id or "",
        "members": ",".join(str(pk) for pk in team.members.values_list("pk", flat=True)),
    }
    data.update(changes)
    return data


def test_nobody_makes_themselves_a_teams_leader_in_the_admin(client_as, personas, caplog):
    hr = _admin_with_a_person(personas)
    team = personas.teams["stue"]
    with caplog.at_level(logging.WARNING, logger="samtale.security"):
        response = client_as("hr").post(
            reverse("admin:org_team_change", args=[team.pk]), _team_data(team, leader=hr.pk)
        )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "leader" in form.errors and "Emma Ansat" in str(form.errors["leader"])
    assert Team.objects.get(pk=team.pk).leader_id == personas.leader.pk
    messages = [r.getMessage() for r in caplog.records if r.name == "samtale.security"]
    assert any(f"person {hr.pk}" in m and f"person {personas.employee.pk}" in m for m in messages)
    # A new team led by themselves with people they do not lead: the same.
    response = client_as("hr").post(
        reverse("admin:org_team_add"),
        {
            "name": "Hannes team",
            "unit": personas.units["SOL"].pk,
            "leader": hr.pk,
            "members": str(personas.employee.pk),
        },
    )
    assert response.status_code == 200
    assert not Team.objects.filter(name="Hannes team").exists()


def test_nor_adds_people_to_a_team_they_lead(client_as, personas):
    """Ellen leads the Egely team (Otto); made an administrator, she cannot add Emma."""
    ellen = _admin_with_a_person(personas, "ege_leader")
    team = personas.teams["ege"]
    members = f"{personas.outsider.pk},{personas.employee.pk}"
    response = client_as("ege_leader").post(
        reverse("admin:org_team_change", args=[team.pk]), _team_data(team, members=members)
    )
    assert response.status_code == 200
    assert "members" in response.context["adminform"].form.errors
    assert list(Team.objects.get(pk=team.pk).members.all()) == [personas.outsider]
    # Someone she leads already may be added, and someone else may add Emma.
    kept = client_as("ege_leader").post(
        reverse("admin:org_team_change", args=[team.pk]),
        _team_data(team, name="Team Egely Dag og Aften"),
    )
    assert kept.status_code == 302
    assert ellen.pk == Team.objects.get(pk=team.pk).leader_id
    added = client_as("admin").post(
        reverse("admin:org_team_change", args=[team.pk]),
        _team_data(Team.objects.get(pk=team.pk), members=members),
    )
    assert added.status_code == 302
    assert Team.objects.get(pk=team.pk).members.count() == 2


def test_a_leader_already_above_the_members_may_lead_their_team(client_as, personas):
    """Christian leads Lene, who leads Emma and Kasper: he may take Stue Mariehønen."""
    christian = _admin_with_a_person(personas, "chief")
    team = personas.teams["stue"]
    response = client_as("chief").post(
        reverse("admin:org_team_change", args=[team.pk]), _team_data(team, leader=christian.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Team.objects.get(pk=team.pk).leader_id == christian.pk


def test_hr_does_not_hand_a_leaving_leaders_people_or_teams_to_herself(personas, caplog):
    """The handover page: Hanne (HR for BU) picks herself as Lene's successor."""
    lene, hanne = personas.leader, personas.hr
    Person.objects.filter(pk=lene.pk).update(end_date=datetime.date.today())
    lene.refresh_from_db()
    from django.core.exceptions import ValidationError

    with (
        caplog.at_level(logging.WARNING, logger="samtale.security"),
        pytest.raises(ValidationError, match="Hanne Personale"),
    ):
        leaving.hand_over(lene, hanne, by=actor(hanne), reason="Jeg tager dem selv")
    assert Person.objects.get(pk=personas.employee.pk).manager_id == lene.pk
    assert Team.objects.get(pk=personas.teams["stue"].pk).leader_id == lene.pk
    assert any(r.name == "samtale.security" for r in caplog.records)
    # Her people moved to Christian by Hanne: fine (she is in nobody's line by it).
    leaving.hand_over(lene, personas.chief, by=actor(hanne), reason="Chefen tager over")
    assert Team.objects.get(pk=personas.teams["stue"].pk).leader_id == personas.chief.pk


def test_a_refused_login_link_and_own_leader_are_in_the_security_log(client_as, personas, caplog):
    emma = personas.employee
    with caplog.at_level(logging.WARNING, logger="samtale.security"):
        client_as("admin").post(
            reverse("admin:org_person_change", args=[emma.pk]),
            _person_data(emma, user=personas.admin_user.pk),
        )
    [record] = [r for r in caplog.records if r.name == "samtale.security"]
    message = record.getMessage()
    assert f"login {personas.admin_user.pk}" in message and f"person {emma.pk}" in message
    caplog.clear()
    hr = personas.hr
    from django.core.exceptions import ValidationError

    with (
        caplog.at_level(logging.WARNING, logger="samtale.security"),
        pytest.raises(ValidationError),
    ):
        services.set_manager(emma, hr, by=hr)
    [record] = [r for r in caplog.records if r.name == "samtale.security"]
    assert "leader" in record.getMessage() and f"person {hr.pk}" in record.getMessage()


def test_a_refused_import_row_is_in_the_security_log(tmp_path, personas, caplog):
    from samtale.lib.tabular import read_table
    from samtale.org import importing

    path = tmp_path / "people.csv"
    path.write_text(
        "medarbejdernummer;navn;email;enhed;leder\n1003;Emma Ansat;employee@eksempel.dk;SOL;1008\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="samtale.security"):
        assert not importing.validate_people(read_table(path), by=personas.hr).ok
    [record] = [r for r in caplog.records if r.name == "samtale.security"]
    assert f"person {personas.hr.pk}" in record.getMessage()
    assert "employee number 1003" in record.getMessage()
    assert "Emma" not in record.getMessage()  # keys, no names or content


def test_the_acting_login_is_a_login_never_an_anonymous_visitor(rf, personas):
    """``by`` of the organisation's services is a login (``org.viewer.Login``): the admin's
    pages hand over the administrator's, and a request without one is refused loudly
    rather than recorded as done by nobody."""
    from django.contrib.auth.models import AnonymousUser

    from samtale.access import readlog
    from samtale.org.viewer import acting_login

    request = rf.get("/admin/")
    request.user = personas.admin_user
    assert acting_login(request) == personas.admin_user
    request.user = AnonymousUser()
    with pytest.raises(TypeError):
        acting_login(request)
    emma = personas.employee
    with pytest.raises(TypeError):  # a person is not a login
        readlog.record_login_link(Person, person=emma, user=emma.user, by=emma)
    assert not ReadLog.objects.filter(subject_type="login", subject_id=emma.pk).exists()
