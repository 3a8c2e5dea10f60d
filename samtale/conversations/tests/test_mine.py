""" "Mine samtaler": what waits for each person (to prepare, to schedule, to mark as held,
the summary to write, share or accept, the follow-up to plan), the sections, the history
of a conversation naming who took each step, and the page's query count."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation, ConversationKind
from samtale.org import services as org_services
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


def invited_mus(person, *, days: int = 3) -> Conversation:
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"), person=person, by=actor(person.manager)
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=days),
        location="Mødelokalet",
    )
    return conversation


def steps_on_page(client) -> list[tuple[str, str]]:
    """(step, link) of every row in "Det venter på dig"."""
    html = client.get(reverse("conversations:mine")).content.decode()
    if 'id="waiting-heading"' not in html:
        return []  # a login without a person has no conversations
    section = html.split('id="waiting-heading"', 1)[1].split("<h2", 1)[0]
    return re.findall(r'data-step="([a-z_]+)">\s*<td><a href="([^"]+)"', section)


def steps(client) -> list[str]:
    return [step for step, _link in steps_on_page(client)]


def move_into_the_past(conversation: Conversation) -> None:
    # The services refuse to invite anyone to the past; the clock is what moves here.
    Conversation.objects.filter(pk=conversation.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )


def test_a_conversation_walks_through_the_list(client_as, personas):
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    leader, employee = "leader", "employee"
    assert steps(client_as(leader)) == ["schedule"]
    # The employee may prepare before the time is set; nothing else waits for her.
    assert steps(client_as(employee)) == ["prepare"]

    services.invite(
        mus,
        by=host(mus),
        starts_at=timezone.now() + datetime.timedelta(days=2),
        location="Kontoret",
    )
    assert steps(client_as(leader)) == ["prepare"]  # both sides prepare
    preparation = services.preparation_of(mus, by=actor(personas.employee))
    assert steps(client_as(employee)) == ["finish_preparation"]
    services.share_preparation(preparation, by=actor(preparation.person))
    assert steps(client_as(employee)) == []
    assert (
        "Der venter ikke noget på dig lige nu."
        in client_as(employee).get(reverse("conversations:mine")).content.decode()
    )

    move_into_the_past(mus)
    assert steps(client_as(leader)) == ["mark_held"]
    assert steps(client_as(employee)) == []  # too late to prepare, nothing to answer yet

    services.mark_held(mus, by=host(mus))
    assert steps_on_page(client_as(leader)) == [
        ("write_summary", reverse("conversations:summary", args=[mus.pk]))
    ]
    services.write_summary(mus, by=host(mus), summary="Et godt år.")
    assert steps(client_as(leader)) == ["share_summary"]
    assert steps(client_as(employee)) == []  # a draft is the leader's alone

    services.share_summary(mus, by=host(mus))
    assert steps(client_as(leader)) == []
    assert steps_on_page(client_as(employee)) == [
        ("answer_summary", reverse("conversations:detail", args=[mus.pk]) + "#referat")
    ]
    services.respond_to_summary(mus, by=actor(personas.employee), accept=True)
    assert steps(client_as(employee)) == []
    assert steps(client_as(leader)) == []


def test_a_comment_answers_the_summary_and_a_new_version_asks_again(client_as, personas):
    mus = invited_mus(personas.employee)
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="v1")
    services.share_summary(mus, by=host(mus))
    services.respond_to_summary(
        mus, by=actor(personas.employee), accept=False, comment="Jeg er uenig."
    )
    assert steps(client_as("employee")) == []
    page = client_as("employee").get(reverse("conversations:mine")).content.decode()
    assert "Afholdt: du har svaret på referatet" in page

    services.write_summary(mus, by=host(mus), summary="v2")
    assert steps(client_as("leader")) == ["share_summary"]
    services.share_summary(mus, by=host(mus))
    assert steps(client_as("employee")) == ["answer_summary"]


def test_grus_members_each_prepare_and_answer(client_as, personas):
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    services.invite(
        grus, by=host(grus), starts_at=timezone.now() + datetime.timedelta(days=5), location="Stuen"
    )
    assert steps(client_as("employee")) == ["prepare"]
    assert steps(client_as("colleague")) == ["prepare"]
    services.share_preparation(
        services.preparation_of(grus, by=actor(personas.employee)), by=actor(personas.employee)
    )
    assert steps(client_as("employee")) == []
    assert steps(client_as("colleague")) == ["prepare"]  # hers is hers

    services.mark_held(grus, by=host(grus))
    services.write_summary(grus, by=host(grus), summary="Teamet")
    services.share_summary(grus, by=host(grus))
    services.respond_to_summary(grus, by=actor(personas.colleague), accept=True)
    assert steps(client_as("employee")) == ["answer_summary"]
    assert steps(client_as("colleague")) == []


def test_the_leader_is_asked_to_plan_a_requested_follow_up(client_as, personas):
    mus = invited_mus(personas.employee)
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="x")
    services.share_summary(mus, by=host(mus))
    services.respond_to_summary(mus, by=actor(personas.employee), accept=True)
    request = follow_up_services.request_follow_up(
        mus, by=actor(personas.employee), reason="Vi skal tale om kurset."
    )
    html = client_as("leader").get(reverse("conversations:mine")).content.decode()
    assert steps(client_as("leader")) == ["plan_follow_up"]
    deadline = f"senest {request.deadline.day}. "
    assert deadline in html
    assert "Vi skal tale om kurset." not in html  # the reason stays on the conversation page
    assert steps(client_as("employee")) == []

    follow_up = follow_up_services.plan_follow_up(request, by=host(request.conversation))
    # Now the follow-up conversation itself waits to be scheduled.
    assert steps_on_page(client_as("leader")) == [
        ("schedule", reverse("conversations:schedule", args=[follow_up.pk]))
    ]


def test_an_overdue_follow_up_is_marked(client_as, personas):
    mus = invited_mus(personas.employee)
    services.mark_held(mus, by=host(mus))
    request = follow_up_services.request_follow_up(mus, by=actor(personas.employee), reason="x")
    request.deadline = timezone.localdate() - datetime.timedelta(days=1)
    request.save(update_fields=["deadline"])
    html = client_as("leader").get(reverse("conversations:mine")).content.decode()
    section = html.split('id="waiting-heading"', 1)[1].split("<h2", 1)[0]
    assert 'data-step="plan_follow_up"' in section and "Over fristen" in section


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_nobody_else_is_asked_to_do_anything(client_as, personas, persona):
    invited_mus(personas.employee)
    expected = {"employee": ["prepare"], "leader": ["prepare"]}.get(persona, [])
    assert steps(client_as(persona)) == expected


def test_an_en_til_en_without_form_asks_for_no_preparation(client_as, personas):
    kind = ConversationKind.objects.get(code="en-til-en")
    kind.questionnaire_family = ""
    kind.save()
    conversation = services.plan(
        kind=kind, person=personas.employee, by=actor(personas.employee.manager)
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=1),
        location="Kontoret",
    )
    assert steps(client_as("employee")) == []


def test_the_history_names_who_took_each_step(client_as, personas):
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    services.invite(
        grus,
        by=host(grus),
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Stuen",
    )
    team = services.preparation_of(grus, by=actor(personas.colleague), team=True)
    services.share_preparation(team, by=actor(personas.colleague))
    own = services.preparation_of(grus, by=actor(personas.employee))
    services.share_preparation(own, by=actor(own.person))
    services.mark_held(grus, by=host(grus))
    services.write_summary(grus, by=host(grus), summary="x")
    services.share_summary(grus, by=host(grus))
    # A step taken for a person without the login at hand (a command) still names them.
    services.respond_to_summary(grus, by=actor(personas.employee), accept=True)

    html = client_as("employee").get(reverse("conversations:detail", args=[grus.pk])).content
    history = html.decode().split("<caption", 2)[-1]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "|", row)).strip("| ")
        for row in re.findall(r"<tr>(.*?)</tr>", history, re.S)[1:]
    ]
    steps_and_people = [tuple(p.strip() for p in row.split("|") if p.strip())[1:] for row in rows]
    assert steps_and_people == [
        ("Planlagt", "Lene Leder"),
        ("Inviteret", "Lene Leder"),
        ("Teamets forberedelse delt", "Kasper Kollega"),
        ("Forberedelse delt", "Emma Ansat"),
        ("Afholdt", "Lene Leder"),
        ("Referat delt: v1", "Lene Leder"),
        ("En deltager godkendte referatet: v1", "Emma Ansat"),
    ]
    assert "share_preparation" not in html.decode()


def test_mine_query_count_does_not_grow(client_as, personas, django_assert_max_num_queries):
    """A leader with 60 current conversations in every state and 30 earlier ones, and a
    follow-up to plan, costs the same as with one."""
    kind = ConversationKind.objects.get(code="mus")
    people = [
        org_services.create_person(
            name=f"Medarbejder {i:02d}",
            email=f"m{i}@eksempel.dk",
            employee_number=f"9{i:03d}",
            unit=personas.units["SOL"],
            manager=personas.leader,
            job_title="Pædagog",
        )
        for i in range(90)
    ]
    for i, person in enumerate(people):
        conversation = services.plan(kind=kind, person=person, by=actor(person.manager))
        if i % 3 == 0:
            continue  # planned
        services.invite(
            conversation,
            by=host(conversation),
            starts_at=timezone.now() + datetime.timedelta(days=1 + i),
            location="Kontoret",
        )
        if i % 3 == 1:
            if i % 2:
                services.share_preparation(
                    services.preparation_of(conversation, by=actor(personas.leader)),
                    by=actor(personas.leader),
                )
            continue  # invited, half of them prepared for
        services.mark_held(conversation, by=host(conversation))
        services.write_summary(conversation, by=host(conversation), summary="x")
        services.share_summary(conversation, by=host(conversation))
        if i >= 60:
            services.respond_to_summary(conversation, by=actor(person), accept=True)
            services.close(conversation, by=host(conversation))  # earlier
        elif i == 2:
            follow_up_services.request_follow_up(conversation, by=actor(person), reason="x")
    client = client_as("leader")
    # session, user, the person, the role grants; the key of what is kept (the
    # organisation's version, the tokens: 2); the current conversations with what the
    # leader has done in each (1); the follow-ups to plan (1); the earlier page: count and
    # rows (2); the askable kinds (1); the follow-ups the leader asked for (1)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("conversations:mine"))
    assert response.status_code == 200
    # kept (samtale.conversations.kept): the session, the viewer and the key
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')  # per request
    with django_assert_max_num_queries(6):
        kept = client.get(reverse("conversations:mine")).content
    assert token.sub(b"", kept) == token.sub(b"", response.content)
    # 30 to schedule, 15 to prepare for, 1 follow-up to plan: the earliest 20 are shown
    waiting = steps(client)
    assert len(waiting) == 20
    assert "plan_follow_up" in waiting and "prepare" in waiting  # dated steps come first
    assert "De tidligste 20 af 46 trin." in response.content.decode()


def test_each_list_shows_a_page_at_a_time(client_as, personas):
    """25 coming conversations: the first 20 by time, the next 5 on the list's own page 2,
    and the link to it leaves the other lists at their first page."""
    people = [
        org_services.create_person(
            name=f"Kommende {i:02d}",
            employee_number=f"7{i:03d}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        for i in range(25)
    ]
    coming = [invited_mus(person, days=2 + i) for i, person in enumerate(people)]
    client = client_as("leader")

    def listed(query: str = "") -> list[int]:
        html = client.get(reverse("conversations:mine") + query).content.decode()
        section = html.split("<h2>Kommende</h2>", 1)[1].split("<h2", 1)[0]
        return [int(pk) for pk in re.findall(r'href="/samtaler/(\d+)/"', section)]

    assert listed() == [c.pk for c in coming[:20]]
    html = client.get(reverse("conversations:mine")).content.decode()
    assert 'href="?kommende=2"' in html
    assert listed("?kommende=2") == [c.pk for c in coming[20:]]


def test_the_earlier_conversations_newest_first_those_without_a_time_first(client_as, personas):
    """The earlier list's order (sorted on an expression, so that PostgreSQL starts from
    the viewer's own conversations): one without a time first, then the newest; nobody
    else's."""
    from samtale.conversations.lifecycle import State
    from samtale.testing.factories import planned

    def earlier(state: str, days_ago: int | None) -> Conversation:
        conversation = planned("mus", person=personas.employee)
        starts = None if days_ago is None else timezone.now() - datetime.timedelta(days_ago)
        Conversation.objects.filter(pk=conversation.pk).update(state=state, starts_at=starts)
        return conversation

    old = earlier(State.CLOSED, 400)
    newer = earlier(State.CLOSED, 30)
    unscheduled = earlier(State.CANCELLED, None)
    newest = earlier(State.CANCELLED, 2)
    others = planned("mus", person=personas.colleague)
    Conversation.objects.filter(pk=others.pk).update(state=State.CLOSED, starts_at=timezone.now())
    shown = list(client_as("employee").get(reverse("conversations:mine")).context["page_obj"])
    assert [c.pk for c in shown] == [unscheduled.pk, newest.pk, newer.pk, old.pk]
