"""Conversation pages for every persona: the participants see it, everyone else gets
404; only the leader who holds it schedules, moves, cancels or marks it as held."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.models import AgendaItem, Conversation, ConversationKind, State
from samtale.org import services as org_services
from samtale.testing import worlds
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


def expect(allowed: set[str]) -> list[tuple[str, int]]:
    return [(name, 200 if name in allowed else 404) for name in LOGGED_IN]


@worlds.world(on="personas")
def mus_for_the_pages(personas):
    """Emma's MUS with Lene, invited (samtale.testing.worlds)."""
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Mødelokalet",
    )
    return conversation


@pytest.fixture
def mus(mus_for_the_pages):
    return mus_for_the_pages


@pytest.mark.parametrize(("persona", "status"), expect({"employee", "leader"}))
def test_conversation_page_only_for_participants(client_as, mus, persona, status):
    response = client_as(persona).get(reverse("conversations:detail", args=[mus.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), expect({"leader"}))
def test_only_the_host_may_move_it(client_as, mus, persona, status):
    response = client_as(persona).get(reverse("conversations:schedule", args=[mus.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    expect({"leader", "chief", "board_chair"}),
)
def test_overview_for_leaders(client_as, persona, status):
    response = client_as(persona).get(reverse("conversations:overview"))
    assert response.status_code == status


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_my_conversations_for_everyone(client_as, mus, persona):
    response = client_as(persona).get(reverse("conversations:mine"))
    assert response.status_code == 200
    listed = reverse("conversations:detail", args=[mus.pk]) in response.content.decode()
    assert listed is (persona in {"employee", "leader"})


@pytest.mark.parametrize("url_name", ["conversations:mine", "conversations:overview"])
def test_anonymous_is_sent_to_login(client, url_name):
    assert client.get(reverse(url_name)).status_code == 302


def test_leader_plans_invites_moves_and_holds(client_as, personas):
    client = client_as("leader")
    response = client.post(
        reverse("conversations:plan"), {"kind": "mus", "person": personas.colleague.pk}
    )
    conversation = Conversation.objects.get(person=personas.colleague)
    assert response["Location"] == reverse("conversations:schedule", args=[conversation.pk])
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = {"date": day, "time": "10:00", "duration": "45", "location": "Kontoret"}
    assert (
        client.post(reverse("conversations:schedule", args=[conversation.pk]), data).status_code
        == 302
    )
    conversation.refresh_from_db()
    assert conversation.state == State.INVITED and conversation.duration == 45
    assert timezone.localtime(conversation.starts_at).hour == 10
    # The move form opens with the time it has: the browser's date picker shows it.
    form = client.get(reverse("conversations:schedule", args=[conversation.pk])).content.decode()
    assert f'value="{day}"' in form and 'value="10:00"' in form and 'value="45"' in form
    data["time"] = "13:30"
    client.post(reverse("conversations:schedule", args=[conversation.pk]), data)
    conversation.refresh_from_db()
    assert conversation.state == State.RESCHEDULED and conversation.sequence == 1
    client.post(reverse("conversations:hold", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.state == State.HELD


def test_schedule_form_errors_in_danish_and_nothing_changes(client_as, personas):
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.colleague,
        by=actor(personas.colleague.manager),
    )
    client = client_as("leader")
    page = client.post(
        reverse("conversations:schedule", args=[conversation.pk]),
        {"date": "2020-01-01", "time": "10:00", "duration": "30", "location": ""},
    )
    assert page.status_code == 200
    assert "Angiv et sted eller et videolink" in page.content.decode()
    conversation.refresh_from_db()
    assert conversation.state == State.PLANNED


@pytest.mark.parametrize("persona", ["employee", "colleague", "hr", "chief", "admin"])
def test_others_cannot_plan_for_the_leaders_people(client_as, personas, persona):
    response = client_as(persona).post(
        reverse("conversations:plan"), {"kind": "mus", "person": personas.colleague.pk}
    )
    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_board_chair_plans_lus_with_their_leader(client_as, personas):
    response = client_as("board_chair").post(
        reverse("conversations:plan"), {"kind": "lus", "person": personas.mae_leader.pk}
    )
    assert response.status_code == 302
    assert Conversation.objects.get().leader == personas.board_chair


def test_overview_query_count_does_not_grow(client_as, personas, django_assert_max_num_queries):
    mus = ConversationKind.objects.get(code="mus")
    for i in range(60):
        person = org_services.create_person(
            name=f"Medarbejder {i:02}",
            employee_number=f"8{i:03}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        services.plan(kind=mus, person=person, by=actor(person.manager))
    client = client_as("leader")
    # session, user, viewer x2, the key of what is kept (the organisation's version, the
    # leader's tokens), people count + page, conversations, kinds, teams, team
    # conversations, progress count x2 (reports, teams; see test_progress.py), and what
    # higher apps add: whether a round counts, the rounds offering times
    with django_assert_max_num_queries(15):
        page = client.get(reverse("conversations:overview"))
    assert page.status_code == 200
    assert page.content.decode().count("Planlagt") >= 40
    # kept: the session, user, viewer and the key only
    with django_assert_max_num_queries(6):
        kept = client.get(reverse("conversations:overview"))
    assert kept.content.decode().count("Planlagt") == page.content.decode().count("Planlagt")


def test_conversation_page_query_count_is_pinned(client_as, mus, personas):
    """The MUS page with a summary, notes, themes and both preparations shared."""
    leader, employee = personas.leader, personas.employee
    for i in range(30):
        services.propose_theme(mus, by=actor(employee), text=f"Tema {i}")
    for person in (leader, employee):
        services.share_preparation(services.preparation_of(mus, by=actor(person)), by=actor(person))
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="Referat")
    services.share_summary(mus, by=host(mus))
    client = client_as("employee")
    url = reverse("conversations:detail", args=[mus.pk])
    client.get(url)  # the published form is read once per process
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    # Themes are proposed before a conversation is held: 30 more, as if proposed then.
    AgendaItem.objects.bulk_create(
        AgendaItem(conversation=mus, proposed_by=leader, text=f"Tema {i}") for i in range(30, 60)
    )
    with CaptureQueriesContext(connection) as second:
        page = client.get(url)
    assert "Tema 59" in page.content.decode()
    assert len(second.captured_queries) == len(first.captured_queries)
    # 12 (2026-12-07): session, the user with their person and role grants (the
    # viewer), the conversation with its participants (and the previous conversation,
    # whether it has documents and follow-up requests: it has neither, so neither is
    # read), agenda, preparations, the shared preparations' answers (the published form's
    # sections and questions are read once per process; see the GRUS test below),
    # summary versions with the answers to them, notes, the person's development plans,
    # their job description (no plan: read on the person), one read-log insert, events.
    # Pinned so growth shows; a round's conversation: rounds/tests/test_conversation_page_queries.
    assert len(second.captured_queries) <= 12, len(second.captured_queries)


def _grus_where_everyone_shared(personas, name: str, size: int) -> Conversation:
    """A GRUS with a team of ``size`` (Emma and new colleagues) where every member, and
    the team, has shared a preparation with an answer."""
    from samtale.questionnaires import services as questionnaire_services
    from samtale.questionnaires.models import Question

    members = [personas.employee] + [
        org_services.create_person(
            name=f"{name} {i:02}", unit=personas.units["SOL"], manager=personas.leader
        )
        for i in range(size - 1)
    ]
    team = org_services.create_team(
        name=name, unit=personas.units["SOL"], leader=personas.leader, members=members
    )
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"), team=team, by=actor(team.leader)
    )
    services.invite(
        grus, by=host(grus), starts_at=timezone.now() + datetime.timedelta(days=3), location="Stuen"
    )
    question = (
        Question.objects.filter(section__version=grus.questionnaire_version, type="text")
        .select_related("section")
        .first()
    )
    assert question is not None
    for member in [*members, None]:
        preparation = services.preparation_of(
            grus, by=actor(member or members[0]), team=member is None
        )
        questionnaire_services.save_answer(
            preparation.response,
            question,
            {"value": f"Svar fra {member.name if member else 'teamet'} i {name}"},
        )
        services.share_preparation(preparation, by=actor(member or members[0]))
    return grus


@pytest.mark.parametrize("persona", ["leader", "employee"])
def test_grus_page_query_count_does_not_grow_with_members_who_shared(client_as, personas, persona):
    """Every member's shared preparation is shown with a fixed number of queries."""
    small = _grus_where_everyone_shared(personas, "Lille stue", 2)
    big = _grus_where_everyone_shared(personas, "Store stue", 20)
    client = client_as(persona)
    counted = []
    for grus in (small, big):
        url = reverse("conversations:detail", args=[grus.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        counted.append(len(queries.captured_queries))
    content = page.content.decode()
    assert content.count("Svar fra ") == 21  # 20 members and the team
    assert "Svar fra Store stue 18 i Store stue" in content
    assert counted[0] == counted[1], counted
    # 9 (2026-12-07): session, the viewer, the conversation with its participants (and
    # whether it has documents and follow-up requests), agenda, preparations, the shared
    # preparations' answers (one query for all 21; the form's sections and questions are
    # kept per process), notes, the read-log write (all rows in one), events; no summary
    # before it is held, no plans for a team without any. Pinned so growth shows.
    assert counted[1] <= 9, counted


def test_leaders_are_offered_lus_and_employees_mus(client_as, personas):
    page = client_as("chief").get(reverse("conversations:overview")).content.decode()
    assert "Planlæg LUS" in page and "Planlæg MUS" not in page  # Lene leads people
    page = client_as("leader").get(reverse("conversations:overview")).content.decode()
    assert "Planlæg MUS" in page and "Planlæg LUS" not in page  # nobody below leads
    assert "Planlæg En-til-en" in page


def test_the_read_log_names_every_preparation_read_on_a_big_grus(client_as, personas):
    """One read-log row per shared preparation read, so that the log of a GRUS of twenty
    still says whose preparation was read (a single row would be cut at 200 letters)."""
    from samtale.access.models import ReadLog

    grus = _grus_where_everyone_shared(personas, "Store stue", 20)
    client_as("leader").get(reverse("conversations:detail", args=[grus.pk]))
    read = set(
        ReadLog.objects.filter(subject_id=grus.pk, reader=personas.user("leader")).values_list(
            "what", flat=True
        )
    )
    assert "Forberedelse fra Store stue 18" in read
    assert "Forberedelse fra teamet" in read
    assert len([w for w in read if w.startswith("Forberedelse fra")]) == 21


def test_the_read_log_page_query_count_is_pinned(
    client_as, mus, personas, django_assert_max_num_queries
):
    """60 reads across 30 conversations cost what one does."""
    from samtale.access.models import ReadLog

    kind = ConversationKind.objects.get(code="en-til-en")
    others = [
        services.plan(kind=kind, person=personas.employee, by=actor(personas.employee.manager))
        for _ in range(29)
    ]
    ReadLog.objects.bulk_create(
        ReadLog(
            reader=personas.leader.user,
            reader_name="Lene Leder",
            subject_type="conversation",
            subject_id=conversation.pk,
            what=f"Forberedelse {i}",
        )
        for i, conversation in enumerate([mus, *others, mus, *others])
    )
    client = client_as("employee")
    # session, user, person, role grants; the page's count and rows; their conversations
    with django_assert_max_num_queries(7):
        response = client.get(reverse("conversations:reads"))
    assert response.content.decode().count("Lene Leder") == 50  # one page (SAMTALE_PAGE_SIZE)
