"""En-til-en: either side starts one; private notes for each, optional shared notes.
A member of a GRUS team can still ask for an individual MUS, and gets one."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.models import Conversation, ConversationKind, State
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def test_the_employee_asks_for_an_en_til_en(
    client_as, personas, django_capture_on_commit_callbacks
):
    client = client_as("employee")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversations:ask"), {"kind": "en-til-en"})
    conversation = Conversation.objects.get()
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])
    assert conversation.kind.code == "en-til-en" and conversation.leader == personas.leader
    assert conversation.state == State.PLANNED
    assert [m.to for m in mail.outbox] == [["leader@eksempel.dk"]]
    assert mail.outbox[0].reply_to == ["employee@eksempel.dk"]  # a reply reaches her
    # the leader sees it in the overview and schedules it
    assert (
        client_as("leader")
        .get(reverse("conversations:schedule", args=[conversation.pk]))
        .status_code
        == 200
    )


def test_a_grus_member_asks_for_an_individual_mus_and_gets_one(client_as, personas):
    services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    client_as("employee").post(reverse("conversations:ask"), {"kind": "mus"})
    mus = Conversation.objects.get(kind__code="mus")
    assert mus.person == personas.employee and mus.leader == personas.leader
    # asking again while it is on its way is refused
    client_as("employee").post(reverse("conversations:ask"), {"kind": "mus"})
    assert Conversation.objects.filter(kind__code="mus").count() == 1


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("employee", ["mus", "en-til-en"]),
        ("leader", ["lus", "en-til-en"]),  # a leader has LUS instead of MUS
        ("mae_leader", ["lus", "en-til-en"]),  # with the board chair
        ("chief", []),  # nobody above
        ("board_chair", []),
        ("admin", []),
    ],
)
def test_each_is_offered_what_they_may_ask_for(client_as, personas, persona, offered):
    if persona == "mae_leader":
        client = client_as("employee")
        client.force_login(personas.mae_leader.user)
    else:
        client = client_as(persona)
    page = client.get(reverse("conversations:mine")).content.decode()
    asked = re.findall(r'name="kind" value="([a-z-]+)"', page)
    assert asked == offered


def test_a_leader_asks_their_chief_or_board_chair_for_lus(client_as, personas):
    client_as("leader").post(reverse("conversations:ask"), {"kind": "lus"})
    lus = Conversation.objects.get(kind__code="lus")
    assert (lus.person, lus.leader) == (personas.leader, personas.chief)
    assert (
        client_as("leader").post(reverse("conversations:ask"), {"kind": "mus"}).status_code == 404
    )
    client = client_as("employee")
    client.force_login(personas.mae_leader.user)
    client.post(reverse("conversations:ask"), {"kind": "lus"})
    assert Conversation.objects.get(person=personas.mae_leader).leader == personas.board_chair


@pytest.mark.parametrize("persona", ["board_chair", "admin"])
def test_no_leader_no_asking(client_as, persona):
    assert client_as(persona).post(reverse("conversations:ask"), {"kind": "mus"}).status_code == 404


def test_follow_ups_and_team_kinds_are_not_asked_for_here(client_as):
    client = client_as("employee")
    for code in ("opfoelgning", "grus", "lus"):
        assert client.post(reverse("conversations:ask"), {"kind": code}).status_code == 404
    assert not Conversation.objects.exists()


def test_private_notes_stay_private_shared_notes_are_shared(client_as, personas):
    conversation = services.ask_for(
        ConversationKind.objects.get(code="en-til-en"), by=actor(personas.employee)
    )
    detail = reverse("conversations:detail", args=[conversation.pk])
    client_as("employee").post(
        reverse("conversations:save_note", args=[conversation.pk]), {"text": "Min egen note æøå"}
    )
    client_as("employee").post(
        reverse("conversations:save_shared_note", args=[conversation.pk]),
        {"text": "Fælles: vi tager en kaffe i næste uge"},
    )
    leader_page = client_as("leader").get(detail).content.decode()
    assert "Min egen note" not in leader_page
    assert "Fælles: vi tager en kaffe i næste uge" in leader_page
    # the leader read what the employee wrote in the shared notes: logged
    assert ReadLog.objects.filter(reader_name="Lene Leder", subject_id=conversation.pk).count() == 1
    own_page = client_as("employee").get(detail).content.decode()
    assert "Min egen note æøå" in own_page
    for persona in ("colleague", "hr", "admin"):
        response = client_as(persona).post(
            reverse("conversations:save_note", args=[conversation.pk]), {"text": "x"}
        )
        assert response.status_code == 404


def test_the_leader_closes_an_accepted_conversation(client_as, personas):
    import datetime

    from django.utils import timezone

    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        mus, by=host(mus), starts_at=timezone.now() + datetime.timedelta(hours=2), location="x"
    )
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="ok")
    services.share_summary(mus, by=host(mus))
    assert (
        client_as("leader").post(reverse("conversations:close", args=[mus.pk])).status_code == 404
    )
    services.respond_to_summary(mus, by=actor(personas.employee), accept=True)
    assert (
        client_as("employee").post(reverse("conversations:close", args=[mus.pk])).status_code == 404
    )
    client_as("leader").post(reverse("conversations:close", args=[mus.pk]))
    mus.refresh_from_db()
    assert mus.state == State.CLOSED
