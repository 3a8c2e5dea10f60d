"""Summary and agreements: the leader writes and shares; the employee accepts or
comments; acceptance locks it; a change is a new version that needs acceptance again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.models import ConversationKind, State
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(personas):
    kind = ConversationKind.objects.get(code="mus")
    conversation = services.plan(
        kind=kind, person=personas.employee, by=actor(personas.employee.manager)
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="x",
    )
    services.mark_held(conversation, by=host(conversation))
    return conversation


def test_summary_waits_for_the_conversation(personas):
    kind = ConversationKind.objects.get(code="mus")
    planned = services.plan(
        kind=kind, person=personas.employee, by=actor(personas.employee.manager)
    )
    with pytest.raises(ValidationError):
        services.write_summary(planned, by=host(planned), summary="x")


def test_write_share_accept(held, personas):
    v1 = services.write_summary(held, by=host(held), summary="Godt år.")
    services.write_summary(held, by=host(held), summary="Godt år!", agreements="Kursus")
    assert held.summaries.count() == 1  # a draft is edited in place
    with pytest.raises(ValidationError):  # nothing shared yet
        services.respond_to_summary(held, by=actor(personas.employee), accept=True)
    services.share_summary(held, by=host(held))
    services.respond_to_summary(held, by=actor(personas.employee), accept=True)
    held.refresh_from_db()
    assert held.state == State.ACCEPTED
    v1.refresh_from_db()
    assert v1.summary == "Godt år!" and v1.agreements == "Kursus"


def test_a_change_after_acceptance_is_a_new_version(held, personas):
    services.write_summary(held, by=host(held), summary="v1")
    services.share_summary(held, by=host(held))
    services.respond_to_summary(held, by=actor(personas.employee), accept=True)
    v2 = services.write_summary(held, by=host(held), summary="v2")
    held.refresh_from_db()
    assert v2.number == 2 and held.state == State.HELD
    assert held.summaries.get(number=1).summary == "v1"  # history kept, unchanged
    services.share_summary(held, by=host(held))
    services.respond_to_summary(
        held, by=actor(personas.employee), accept=False, comment="Jeg er uenig i punkt 2."
    )
    held.refresh_from_db()
    assert held.state == State.HELD
    assert v2.responses.get().comment == "Jeg er uenig i punkt 2."


def test_only_participants_answer(held, personas):
    services.write_summary(held, by=host(held), summary="x")
    services.share_summary(held, by=host(held))
    for person in (personas.colleague, personas.leader):
        with pytest.raises(ValidationError):
            services.respond_to_summary(held, by=actor(person), accept=True)


def test_grus_is_accepted_when_every_member_has_accepted(personas):
    kind = ConversationKind.objects.get(code="grus")
    grus = services.plan(
        kind=kind, team=personas.teams["stue"], by=actor(personas.teams["stue"].leader)
    )
    services.invite(
        grus, by=host(grus), starts_at=timezone.now() + datetime.timedelta(hours=1), location="x"
    )
    services.mark_held(grus, by=host(grus))
    services.write_summary(grus, by=host(grus), summary="Teamet aftalte ...")
    services.share_summary(grus, by=host(grus))
    services.respond_to_summary(grus, by=actor(personas.employee), accept=True)
    grus.refresh_from_db()
    assert grus.state == State.HELD
    services.respond_to_summary(grus, by=actor(personas.colleague), accept=True)
    grus.refresh_from_db()
    assert grus.state == State.ACCEPTED


def test_pages_write_share_and_accept_with_read_log(client_as, held, personas):
    leader = client_as("leader")
    url = reverse("conversations:summary", args=[held.pk])
    assert (
        leader.post(
            url, {"summary": "Vi talte om året.", "agreements": "Kursus i april"}
        ).status_code
        == 302
    )
    detail = reverse("conversations:detail", args=[held.pk])
    # A draft is the leader's own: the employee does not see it, and nothing is logged.
    employee = client_as("employee")
    assert "Vi talte om året." not in employee.get(detail).content.decode()
    leader = client_as("leader")
    leader.post(reverse("conversations:share_summary", args=[held.pk]))
    assert "Vi talte om året." in leader.get(detail).content.decode()
    assert not ReadLog.objects.exists()  # the author's own reads are not logged
    employee = client_as("employee")
    assert "Vi talte om året." in employee.get(detail).content.decode()
    log = ReadLog.objects.get()
    assert log.reader_name == "Emma Ansat" and log.subject_id == held.pk
    employee.post(reverse("conversations:respond", args=[held.pk]), {"accept": "1", "comment": ""})
    held.refresh_from_db()
    assert held.state == State.ACCEPTED
    reads = client_as("leader").get(reverse("conversations:reads")).content.decode()
    assert "Emma Ansat" in reads
    # Emma's own reads are for the others to see, not news to her.
    reads = client_as("employee").get(reverse("conversations:reads")).content.decode()
    assert "Referat, version 1" not in reads and "Lene Leder" not in reads
    client_as("leader").get(detail)  # the leader reads nothing of Emma's here ...
    client_as("leader").get(reverse("conversations:pdf", args=[held.pk]))  # ... but the PDF
    reads = client_as("employee").get(reverse("conversations:reads")).content.decode()
    assert "Lene Leder" in reads and "PDF" in reads


def test_the_page_shows_typed_agreements_as_a_list(client_as, held, personas):
    services.write_summary(
        held,
        by=host(held),
        summary="Vi talte om året.",
        agreements="Vi aftalte:\n- kursus i april\n- sparring med <Åse>",
    )
    services.share_summary(held, by=host(held))
    page = client_as("employee").get(reverse("conversations:detail", args=[held.pk]))
    assert (
        "<p>Vi aftalte:</p><ul><li>kursus i april</li><li>sparring med &lt;Åse&gt;</li></ul>"
        in page.content.decode()
    )


@pytest.mark.parametrize("persona", ["colleague", "hr", "chief", "admin", "tr"])
def test_others_cannot_write_or_answer(client_as, held, persona):
    client = client_as(persona)
    assert (
        client.post(reverse("conversations:summary", args=[held.pk]), {"summary": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("conversations:respond", args=[held.pk]), {"accept": "1"}).status_code
        == 404
    )
    assert not held.summaries.exists()


def test_employee_cannot_write_the_summary(client_as, held):
    client = client_as("employee")
    assert (
        client.post(reverse("conversations:summary", args=[held.pk]), {"summary": "x"}).status_code
        == 404
    )
