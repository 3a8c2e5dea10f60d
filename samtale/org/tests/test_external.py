"""Inviting an external chief (a board chair): HR for the whole organisation and
administrators invite them with the leaders they are chief of; the invited person chooses
a password from the e-mail and then sees only their LUS and those leaders."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation, ConversationKind
from samtale.org import external
from samtale.org import services as org_services
from samtale.org.models import Person, Role
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

URL = "org:invite_external"
NEW_PASSWORD = "Bestyrelsen-2026-kodeord"


def expect(allowed: set[str]) -> list[tuple[str, int]]:
    return [(name, 200 if name in allowed else 404) for name in LOGGED_IN]


@pytest.fixture
def organisation_hr(personas):
    """Hanne gets HR for the top unit: HR for the whole organisation."""
    org_services.grant_role(personas.hr, Role.HR, personas.units["K"])
    return personas.hr


@pytest.mark.parametrize(("persona", "status"), expect({"admin"}))
def test_page_only_for_organisation_hr_and_admins(client_as, persona, status):
    # Hanne (HR for Børn og Unge only) and Henrik (HR for Social og Sundhed) are not
    # HR for the whole organisation.
    assert client_as(persona).get(reverse(URL)).status_code == status


@pytest.mark.parametrize("persona", ["employee", "leader", "chief", "board_chair", "hr", "tr"])
def test_others_cannot_invite(client_as, personas, persona):
    response = client_as(persona).post(
        reverse(URL),
        {"name": "X", "email": "x@example.org", "leaders": [personas.leader.pk]},
    )
    assert response.status_code == 404
    assert not Person.objects.filter(email="x@example.org").exists()
    assert Person.objects.get(pk=personas.leader.pk).manager == personas.chief


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_organisation_hr_sees_the_page(client_as, organisation_hr):
    page = client_as("hr").get(reverse(URL))
    assert page.status_code == 200
    html = page.content.decode()
    # Leaders (people who lead someone) to choose from; not the staff below them.
    assert "Lene Leder" in html and "Ellen Egely" in html
    assert "Emma Ansat" not in html


def _invite(client, django_capture_on_commit_callbacks, leaders, email="bo@bestyrelse.dk"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse(URL),
            {
                "name": "Bo Bestyrelse",
                "email": email,
                "job_title": "Bestyrelsesformand",
                "leaders": [leader.pk for leader in leaders],
            },
        )


def _choose_password_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/password/reset/[^\s]+/)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    return match.group(1)


@pytest.mark.parametrize("inviter", ["admin", "hr"])
def test_invite_choose_password_and_see_only_the_lus(
    client, client_as, personas, organisation_hr, django_capture_on_commit_callbacks, inviter
):
    response = _invite(client_as(inviter), django_capture_on_commit_callbacks, [personas.leader])
    assert response.status_code == 302
    chair = Person.objects.get(email="bo@bestyrelse.dk")
    assert chair.is_external and chair.employee_number is None and chair.unit is None
    assert chair.job_title == "Bestyrelsesformand"
    assert chair.user is not None and not chair.user.has_usable_password()
    leader = Person.objects.get(pk=personas.leader.pk)
    assert leader.manager == chair
    # The leader's people moved along in the management line.
    employee = Person.objects.get(pk=personas.employee.pk)
    assert employee.line_path.startswith(leader.line_path)
    assert leader.line_path.startswith(chair.line_path)

    message = mail.outbox[0]
    assert message.to == ["bo@bestyrelse.dk"]
    assert "Lene Leder" in message.body
    link = _choose_password_link()

    # The invited person chooses a password through the link ...
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert client.get(link, follow=True).context["validlink"] is False  # used once
    assert client.login(username="bo@bestyrelse.dk", password=NEW_PASSWORD)

    # ... plans and sees the LUS with Lene, and nobody else's conversations.
    lus = conversation_services.plan(
        kind=ConversationKind.objects.get(code="lus"), person=leader, by=actor(leader.manager)
    )
    assert lus.leader == chair
    mus = conversation_services.plan(
        kind=ConversationKind.objects.get(code="mus"), person=employee, by=actor(employee.manager)
    )
    mine = client.get(reverse("conversations:mine")).content.decode()
    assert reverse("conversations:detail", args=[lus.pk]) in mine
    assert reverse("conversations:detail", args=[mus.pk]) not in mine
    assert client.get(reverse("conversations:detail", args=[lus.pk])).status_code == 200
    assert client.get(reverse("conversations:detail", args=[mus.pk])).status_code == 404

    # The leaders they are chief of, not the staff below them, nor their units.
    assert client.get(reverse("org:person", args=[leader.pk])).status_code == 200
    assert client.get(reverse("org:person", args=[employee.pk])).status_code == 404
    assert client.get(reverse("org:person", args=[personas.colleague.pk])).status_code == 404
    assert client.get(reverse("org:unit", args=[personas.units["SOL"].pk])).status_code == 404
    overview = client.get(reverse("conversations:overview"))
    assert overview.status_code == 200
    assert "Lene Leder" in overview.content.decode()
    assert "Emma Ansat" not in overview.content.decode()
    # And not the invitation page: they are not HR.
    assert client.get(reverse(URL)).status_code == 404


@pytest.mark.parametrize("email", ["leader@eksempel.dk", "LEADER@Eksempel.DK", "admin@eksempel.dk"])
def test_a_duplicate_email_is_refused_clearly(
    client_as, personas, django_capture_on_commit_callbacks, email
):
    before = Person.objects.count()
    response = _invite(
        client_as("admin"), django_capture_on_commit_callbacks, [personas.mae_leader], email=email
    )
    assert response.status_code == 200
    assert "already has the e-mail" in response.content.decode() or (
        "allerede" in response.content.decode()
    )
    assert Person.objects.count() == before
    assert Person.objects.get(pk=personas.mae_leader.pk).manager == personas.board_chair
    assert not mail.outbox


def test_the_service_refuses_a_duplicate_too(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        external.invite_external_chief(
            name="Igen",
            email="Board.Chair@eksempel.dk",
            leaders=[personas.leader],
            invited_by=None,
        )


def test_leaders_outside_the_scope_cannot_be_chosen(
    client_as, personas, organisation_hr, django_capture_on_commit_callbacks
):
    # A second top unit, outside Hanne's HR scope (Eksempel Kommune).
    other = org_services.create_unit(code="X", name="Anden Organisation")
    boss = org_services.create_person(
        name="Xenia Leder", email="x@x.dk", employee_number="9001", unit=other
    )
    org_services.create_person(
        name="Xavier Ansat", email="xa@x.dk", employee_number="9002", unit=other, manager=boss
    )
    assert boss not in external.leaders_for(client_as("hr").get(reverse(URL)).wsgi_request.viewer)
    response = _invite(client_as("hr"), django_capture_on_commit_callbacks, [boss])
    assert response.status_code == 200
    assert not Person.objects.filter(email="bo@bestyrelse.dk").exists()
    assert Person.objects.get(pk=boss.pk).manager is None
    assert not mail.outbox
    # Staff who lead nobody are not leaders to choose.
    response = _invite(client_as("admin"), django_capture_on_commit_callbacks, [personas.employee])
    assert response.status_code == 200 and not mail.outbox


def test_mail_goes_with_the_transaction(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        chair = external.invite_external_chief(
            name="Bo Bestyrelse",
            email="bo@bestyrelse.dk",
            leaders=[personas.leader, personas.ege_leader],
            invited_by=None,
        )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Lene Leder" in body and "Ellen Egely" in body
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    assert set(Person.objects.filter(manager=chair)) == {personas.leader, personas.ege_leader}
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(("persona", "shown"), [("admin", True), ("hr", False), ("leader", False)])
def test_home_page_links_to_the_invitation(client_as, persona, shown):
    page = client_as(persona).get(reverse("home")).content.decode()
    assert (reverse(URL) in page) is shown


def test_home_page_link_for_organisation_hr(client_as, organisation_hr):
    assert reverse(URL) in client_as("hr").get(reverse("home")).content.decode()


def test_nothing_calls_a_board_chair_a_chef(
    client_as, personas, organisation_hr, django_capture_on_commit_callbacks
):
    """A board chair is nobody's chef: not in the invitation a new one gets, and not for
    Birgit Bestyrelse and Morten on the pages and in the e-mails of their LUS."""
    chef = re.compile(r"\bchef", re.IGNORECASE)
    _invite(client_as("hr"), django_capture_on_commit_callbacks, [personas.leader])
    invitation = str(mail.outbox[0].body)
    assert "Du er registreret som overordnet (for eksempel bestyrelsesformand) for:" in invitation
    assert "Du afholder lederudviklingssamtalen (LUS) med dem." in invitation
    assert not chef.search(invitation), invitation

    mail.outbox.clear()
    lus = conversation_services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.mae_leader,
        by=actor(personas.mae_leader.manager),
    )
    assert lus.leader == personas.board_chair
    with django_capture_on_commit_callbacks(execute=True):
        conversation_services.invite(
            lus,
            by=host(lus),
            starts_at=timezone.now() + datetime.timedelta(days=5),
            location="Stuen",
        )
    for message in mail.outbox:
        assert "Afholdes af: Birgit Bestyrelse" in message.body
        assert not chef.search(f"{message.subject}\n{message.body}"), message.body
    pages = ["home", "conversations:mine", "conversations:overview"]
    for persona in ("board_chair", "mae_leader"):
        client = client_as(persona)
        for url in [reverse(name) for name in pages] + [
            reverse("conversations:detail", args=[lus.pk])
        ]:
            page = client.get(url)
            assert page.status_code == 200, (persona, url)
            assert not chef.search(page.content.decode()), (persona, url)
