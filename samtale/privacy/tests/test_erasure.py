"""Erasure on request: HR for the person's unit (or the whole organisation) and
administrators erase everything about a person, with a reason; the anonymous shell and
the counts stay, and the erasure is recorded without the person's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.access.models import CalendarFeedToken, ReadLog, User
from samtale.access.viewer import acting_as
from samtale.competences.models import AgreedLevel
from samtale.conversations import reading
from samtale.conversations.models import Conversation, ConversationDocument, SummaryVersion
from samtale.core.models import OutgoingMail
from samtale.development.models import DevelopmentPlan
from samtale.org.models import Person, RoleGrant
from samtale.privacy import services
from samtale.privacy.models import Erasure
from samtale.privacy.tests.conftest import full_mus
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

REASON = "Anmodning modtaget pr. brev den 1. december."

# Who may open the erasure page for Emma (SOL, under BU where Hanne is HR).
MAY_ERASE_EMMA = {"hr", "admin"}


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_who_may_erase_emma(client_as, personas, persona):
    url = reverse("privacy:erase", args=[personas.employee.pk])
    response = client_as(persona).get(url)
    assert response.status_code == (200 if persona in MAY_ERASE_EMMA else 404), persona
    person_page = client_as(persona).get(reverse("org:person", args=[personas.employee.pk]))
    if person_page.status_code == 200:
        assert (url in person_page.content.decode()) == (persona in MAY_ERASE_EMMA), persona


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(reverse("privacy:erase", args=[personas.employee.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_hr_for_the_whole_organisation_erases_anyone_but_themself(client_as, personas):
    from samtale.org import services as org_services

    org_services.grant_role(personas.hr_elsewhere, "hr", personas.units["K"])
    client = client_as("hr_elsewhere")
    assert client.get(reverse("privacy:erase", args=[personas.employee.pk])).status_code == 200
    assert client.get(reverse("privacy:erase", args=[personas.hr_elsewhere.pk])).status_code == 404


def test_a_reason_and_the_confirmation_are_needed(client_as, personas):
    url = reverse("privacy:erase", args=[personas.employee.pk])
    page = client_as("hr").post(url, {"reason": REASON})
    assert page.status_code == 200 and "form-error" in page.content.decode()
    page = client_as("hr").post(url, {"reason": "kort", "confirm": "on"})
    assert page.status_code == 200 and "form-error" in page.content.decode()
    assert Person.objects.get(pk=personas.employee.pk).name == "Emma Ansat"
    assert not Erasure.objects.exists()


def test_the_service_asks_the_policy_again(personas):
    with pytest.raises(PermissionDenied):
        services.erase(personas.employee, by=acting_as(personas.leader), reason=REASON)
    with pytest.raises(ValidationError):
        services.erase(personas.employee, by=acting_as(personas.hr), reason="")


def test_hr_erases_emma(client_as, personas, media_root, django_capture_on_commit_callbacks):
    mus = full_mus(personas.employee)
    lene = acting_as(personas.leader)
    reading.content_for(lene, mus.conversation, parts=reading.Part.PAGE)  # Lene reads it
    emma_read = ReadLog.objects.create(
        reader=personas.employee.user,
        reader_name="Emma Ansat",
        subject_type="conversation",
        subject_id=999,
        what="Noget",
    )
    CalendarFeedToken.objects.create(person=personas.employee)
    OutgoingMail.objects.create(
        to=[personas.employee.email.upper()], subject="Invitation", text="Hej Emma"
    )
    user_id = personas.employee.user_id
    path = Path(mus.document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("hr").post(
            reverse("privacy:erase", args=[personas.employee.pk]),
            {"reason": REASON, "confirm": "on"},
        )
    assert response.status_code == 302
    emma = Person.objects.get(pk=personas.employee.pk)
    assert (emma.name, emma.email, emma.employee_number, emma.job_title) == (
        "Slettet person",
        "",
        None,
        "",
    )
    assert emma.end_date is not None and not emma.teams.exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not SummaryVersion.objects.filter(conversation=mus.conversation).exists()
    assert not ConversationDocument.objects.exists() and not path.exists()
    assert not DevelopmentPlan.objects.filter(person=emma).exists()
    assert not AgreedLevel.objects.filter(person=emma).exists()
    assert not CalendarFeedToken.objects.filter(person=emma).exists()
    assert not OutgoingMail.objects.filter(subject="Invitation").exists()
    # the read log about her conversations named her: gone; what she read stays, unnamed
    assert not ReadLog.objects.filter(subject_id=mus.conversation.pk).exists()
    assert ReadLog.objects.get(pk=emma_read.pk).reader_name == "Slettet person"
    # the conversation's row stays for the counts
    kept = Conversation.objects.get(pk=mus.conversation.pk)
    assert kept.state == mus.conversation.state and kept.content_deleted_at is not None
    record = Erasure.objects.get()
    assert record.why == Erasure.Why.REQUEST and record.reason == REASON
    assert record.by_name == "Hanne Personale" and record.person_id == emma.pk
    assert "Emma" not in str(record.counts) and record.counts
    # once is enough: the page is gone, and the service refuses
    assert client_as("hr").get(reverse("privacy:erase", args=[emma.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.erase(emma, by=acting_as(personas.hr), reason=REASON)


def test_erasing_a_leader_keeps_their_peoples_conversations(personas, media_root):
    """What Lene wrote in Emma's MUS is Emma's record: it stays, under Lene's anonymous
    name; Lene's own role grants and login go."""
    from samtale.org import services as org_services

    mus = full_mus(personas.employee)
    org_services.grant_role(personas.leader, "amr", personas.units["SOL"])
    services.erase(personas.leader, by=acting_as(personas.hr), reason=REASON)
    summary = SummaryVersion.objects.select_related("written_by").get(conversation=mus.conversation)
    assert summary.written_by.name == "Slettet person"
    assert not RoleGrant.objects.filter(person=personas.leader).exists()


def test_the_erasure_page_costs_a_fixed_number_of_queries(client_as, personas):
    client = client_as("hr")
    url = reverse("privacy:erase", args=[personas.employee.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # session, user, viewer, the person (visible to HR), erased?
    assert len(ctx.captured_queries) <= 6, [q["sql"] for q in ctx.captured_queries]


def test_erasure_takes_the_records_of_logins_and_password_resets(personas):
    import datetime

    from axes.models import AccessAttempt, AccessLog
    from django.utils import timezone

    from samtale.access.models import PasswordResetRequest

    email = personas.employee.email
    AccessAttempt.objects.create(
        username=email.upper(), ip_address="10.0.0.1", failures_since_start=3
    )
    AccessLog.objects.create(username=email, ip_address="10.0.0.1")
    AccessLog.objects.create(username=personas.colleague.email, ip_address="10.0.0.1")
    PasswordResetRequest.objects.create(email=email, address="10.0.0.1")
    reason = "Anmodning fra medarbejderen"
    services.erase(personas.employee, by=acting_as(personas.hr), reason=reason)
    assert not AccessAttempt.objects.filter(username__iexact=email).exists()
    assert not AccessLog.objects.filter(username__iexact=email).exists()
    assert AccessLog.objects.filter(username=personas.colleague.email).exists()
    assert not PasswordResetRequest.objects.filter(email__iexact=email).exists()
    # and retention takes old ones of anybody
    AccessLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=120))
    services.run_retention(timezone.localdate(), apply=True)
    assert not AccessLog.objects.exists()


def test_erasure_takes_what_the_identity_system_calls_the_person(personas):
    from samtale.scim.models import ScimChange, ScimIdentity

    ScimIdentity.objects.create(person=personas.employee, user_name="emma@example.org")
    ScimChange.objects.create(token_name="Entra ID", person=personas.employee, action="patch")
    ScimChange.objects.create(token_name="Entra ID", person=personas.colleague, action="patch")
    reason = "Anmodning fra medarbejderen"
    services.erase(personas.employee, by=acting_as(personas.hr), reason=reason)
    assert not ScimIdentity.objects.filter(person=personas.employee).exists()
    assert not ScimChange.objects.filter(person=personas.employee).exists()
    assert ScimChange.objects.filter(person=personas.colleague).exists()


def test_a_handover_stays_without_the_erased_leavers_reason(personas):
    from samtale.org.models import LeaderHandover

    handover = LeaderHandover.objects.create(
        leaver=personas.leader,
        successor=personas.chief,
        by_name=personas.hr.name,
        reason="Lene Leder går på pension",
    )
    reason = "Anmodning fra lederen selv"
    services.erase(personas.leader, by=acting_as(personas.hr), reason=reason)
    handover.refresh_from_db()
    assert handover.reason == ""
    assert handover.successor_id == personas.chief.pk
