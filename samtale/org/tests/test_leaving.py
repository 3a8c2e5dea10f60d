"""A leader who leaves hands over to a successor (samtale.org.leaving): the people,
the teams, the open conversations and the plans; nothing is left without a leader."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as, viewer_for
from samtale.conversations import lifecycle
from samtale.conversations import policy as conversation_policy
from samtale.conversations import services as conversation_services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation
from samtale.core.models import OutgoingMail
from samtale.lib.tabular import read_table
from samtale.org import importing, leaving, services
from samtale.org.models import LeaderChange, LeaderHandover, Person, Team
from samtale.testing import factories
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


def _ending(person: Person, days: int = 14) -> Person:
    Person.objects.filter(pk=person.pk).update(
        end_date=timezone.localdate() + datetime.timedelta(days=days)
    )
    person.refresh_from_db()
    return person


def _conversations_in_every_state(personas) -> dict[str, Conversation]:
    """Lene (the leader) holds a conversation in every state."""
    p = personas
    made = {
        "planned": factories.planned("mus", person=p.employee),
        "invited": factories.invited("mus", person=p.colleague),
        "rescheduled": factories.invited("en-til-en", person=p.tr),
        "held": factories.held("mus", person=p.amr),
        "accepted": factories.accepted(factories.held("en-til-en", person=p.employee)),
        "closed": factories.accepted(factories.held("en-til-en", person=p.colleague)),
        "cancelled": factories.planned("en-til-en", person=p.amr),
        "grus": factories.planned("grus", team=p.teams["stue"]),
    }
    conversation_services.reschedule(
        made["rescheduled"],
        by=factories.host(made["rescheduled"]),
        starts_at=factories.soon(6),
        location="Kontoret",
    )
    conversation_services.close(made["closed"], by=factories.host(made["closed"]))
    conversation_services.cancel(made["cancelled"], by=factories.host(made["cancelled"]))
    for c in made.values():
        c.refresh_from_db()
    states = {c.state for c in made.values()}
    assert states == set(State), states
    return made


def test_nothing_is_left_without_a_leader_who_can_act(personas):
    """The leader leaves with a conversation in every state; the successor is one of
    her own people (a deputy). Every open conversation ends with an employed leader who
    can take its next step; closed and cancelled ones keep their history."""
    leaver = _ending(personas.leader)
    made = _conversations_in_every_state(personas)
    successor = personas.colleague  # led by the leaver, and takes part in her own MUS
    handover = leaving.hand_over(
        leaver, successor, by=acting_as(personas.hr), reason="Souschef, konstitueret"
    )
    for name, conversation in made.items():
        conversation.refresh_from_db()
        leader = conversation.leader
        if conversation.state in lifecycle.OPEN_STATES:
            assert leader.pk != leaver.pk and leader.is_active, name
            acting = acting_as(leader)
            if lifecycle.is_planned(conversation.state):
                assert conversation.state == State.PLANNED, name  # invites again
                assert conversation_policy.can_schedule(acting, conversation), name
            else:
                assert conversation_policy.can_write_summary(acting, conversation), name
            # the participants agree: the new leader hosts it, the old takes no part
            hosts = list(
                conversation.participants.filter(role="host").values_list("person", flat=True)
            )
            assert hosts == [leader.pk], name
        else:
            assert leader.pk == leaver.pk, name
    # the successor's own MUS went to the leaver's leader, not to the successor
    made["invited"].refresh_from_db()
    assert made["invited"].leader_id == personas.chief.pk
    assert made["planned"].leader_id == successor.pk
    made["grus"].refresh_from_db()  # she is a member of the team: her chief holds it
    assert made["grus"].leader_id == personas.chief.pk
    # nobody is led by the leaver any more; the successor now reports to her chief
    assert not Person.objects.filter(manager=leaver).exists()
    successor.refresh_from_db()
    assert successor.manager_id == personas.chief.pk
    assert set(Person.objects.filter(manager=successor).values_list("pk", flat=True)) == {
        personas.employee.pk,
        personas.tr.pk,
        personas.amr.pk,
    }
    assert Team.objects.get(pk=personas.teams["stue"].pk).leader_id == successor.pk
    assert not leaving.needs_handover(leaver)
    # recorded: who, why, how much
    assert handover.by_name == personas.hr.name
    assert handover.reason == "Souschef, konstitueret"
    assert handover.people == 3 and handover.moved["conversations"] == 6
    assert handover.moved["teams"] == 1
    changes = LeaderChange.objects.filter(previous=leaver, source=LeaderChange.Source.HANDOVER)
    assert changes.count() == 4  # the three people, and the successor to the chief


def test_the_successor_and_the_people_are_told_by_mail(personas):
    leaver = _ending(personas.leader)
    successor = services.create_person(
        name="Sofie Souschef",
        email="sofie@eksempel.dk",
        employee_number="2001",
        unit=personas.units["SOL"],
        manager=personas.chief,
    )
    before = OutgoingMail.objects.count()
    leaving.hand_over(leaver, successor, by=acting_as(personas.hr), reason="Ny leder")
    mails = OutgoingMail.objects.order_by("pk")[before:]
    to = {m.to[0] if isinstance(m.to, list) else m.to for m in mails}
    assert {"sofie@eksempel.dk", "employee@eksempel.dk", "colleague@eksempel.dk"} <= {
        str(t).strip("[]'\"") for t in to
    }
    for_successor = next(m for m in mails if "sofie@" in str(m.to))
    assert "Lene Leder" in for_successor.subject
    assert "Emma Ansat" in for_successor.text


def test_only_hr_for_the_leader_hands_over_and_the_successor_must_stay(personas):
    leaver = _ending(personas.leader)
    for outsider in ("hr_elsewhere", "chief", "employee"):
        with pytest.raises(PermissionDenied):
            leaving.hand_over(
                leaver, personas.chief, by=acting_as(personas.person(outsider)), reason="x"
            )
    _ending(personas.colleague, days=3)
    with pytest.raises(ValidationError):
        leaving.hand_over(leaver, personas.colleague, by=acting_as(personas.hr), reason="x")
    with pytest.raises(ValidationError):
        leaving.hand_over(leaver, personas.chief, by=acting_as(personas.hr), reason=" ")
    with pytest.raises(ValidationError):
        leaving.hand_over(leaver, leaver, by=acting_as(personas.hr), reason="x")
    assert Person.objects.filter(manager=leaver).count() == 4  # nothing moved


def test_hrs_to_do_lists_leaders_who_leave_in_their_area(personas):
    assert not leaving.leaving_leaders(acting_as(personas.hr)).exists()
    leaver = _ending(personas.leader)
    _ending(personas.employee)  # leads nobody: not a handover
    assert list(leaving.leaving_leaders(acting_as(personas.hr))) == [leaver]
    assert not leaving.leaving_leaders(acting_as(personas.hr_elsewhere)).exists()
    assert not leaving.leaving_leaders(acting_as(personas.chief)).exists()


def test_a_leader_with_only_open_conversations_is_on_the_to_do(personas):
    """Her people have moved already, but she still holds a planned conversation."""
    leaver = _ending(personas.leader)
    factories.planned("mus", person=personas.employee)
    for p in Person.objects.filter(manager=leaver):
        services.set_manager(p, personas.chief)
    Team.objects.filter(leader=leaver).update(leader=personas.chief)
    assert list(leaving.leaving_leaders(acting_as(personas.hr))) == [leaver]


def test_a_waiting_follow_up_request_goes_to_the_successor(personas):
    """Emma asked for a follow-up after her closed MUS with Lene: the MUS stays Lene's
    (history), the request moves, and Lene is on HR's to-do until it has."""
    leaver = _ending(personas.leader)
    mus = factories.accepted(factories.held("mus", person=personas.employee))
    conversation_services.close(mus, by=factories.host(mus))
    request = follow_up_services.request_follow_up(
        mus, by=acting_as(personas.employee), reason="Kurset"
    )
    for p in Person.objects.filter(manager=leaver):
        services.set_manager(p, personas.chief)
    Team.objects.filter(leader=leaver).update(leader=personas.chief)
    assert list(leaving.leaving_leaders(acting_as(personas.hr))) == [leaver]
    handover = leaving.hand_over(leaver, personas.tr, by=acting_as(personas.hr), reason="TR")
    request.refresh_from_db()
    mus.refresh_from_db()
    assert request.leader_id == personas.tr.pk and mus.leader_id == leaver.pk
    assert handover.moved["follow_ups"] == 1
    assert not leaving.leaving_leaders(acting_as(personas.hr)).exists()


# What keeps a leader who leaves on HR's to-do (samtale.org.leaving._held): each kind on
# its own, and nothing once it is over.
HELD = ["leads_people", "leads_teams", "holds_conversations", "holds_follow_ups"]


def _holding_only(personas, kind: str | None) -> Person:
    """Lene leaves holding only ``kind`` (a flag of ``with_open_work``), or nothing."""
    p = personas
    leaver = _ending(p.leader)
    if kind == "holds_conversations":
        factories.planned("mus", person=p.employee)
    if kind == "holds_follow_ups":
        mus = factories.accepted(factories.held("mus", person=p.employee))
        conversation_services.close(mus, by=factories.host(mus))
        follow_up_services.request_follow_up(mus, by=acting_as(p.employee), reason="Kurset")
    if kind != "leads_people":
        for person in Person.objects.filter(manager=leaver):
            services.set_manager(person, p.chief)
    if kind != "leads_teams":
        Team.objects.filter(leader=leaver).update(leader=p.chief)
    return leaver


def _flags(leaver: Person) -> dict[str, bool]:
    return leaving.with_open_work(Person.objects.filter(pk=leaver.pk)).values(*HELD).get()


@pytest.mark.parametrize("kind", HELD)
def test_each_kind_of_work_alone_keeps_a_leader_who_leaves_on_the_to_do(personas, kind):
    leaver = _holding_only(personas, kind)
    assert list(leaving.leaving_leaders(acting_as(personas.hr))) == [leaver]
    assert leaving.needs_handover(leaver)
    assert _flags(leaver) == {flag: flag == kind for flag in HELD}


def test_work_that_is_over_does_not_keep_a_leader_on_the_to_do(personas):
    """Lene leaves: the people she still leads have left before her, her team moved, her
    conversations are closed or cancelled and the one follow-up asked of her withdrawn."""
    p = personas
    closed = factories.accepted(factories.held("mus", person=p.employee))
    conversation_services.close(closed, by=factories.host(closed))
    cancelled = factories.planned("en-til-en", person=p.colleague)
    conversation_services.cancel(cancelled, by=factories.host(cancelled))
    request = follow_up_services.request_follow_up(
        closed, by=acting_as(p.employee), reason="Kurset"
    )
    follow_up_services.withdraw(request, by=acting_as(p.employee))
    leaver = _holding_only(p, "leads_people")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Person.objects.filter(manager=leaver).update(end_date=yesterday)
    assert Person.objects.filter(manager=leaver).count() == 4
    assert not leaving.leaving_leaders(acting_as(p.hr)).exists()
    assert not leaving.leaving_leaders(viewer_for(p.admin_user)).exists()
    assert not leaving.needs_handover(leaver)
    assert _flags(leaver) == dict.fromkeys(HELD, False)


def test_the_to_do_is_the_viewers_area_by_end_date_then_name_in_one_query(
    personas, django_assert_num_queries
):
    """HR for Børn og Unge sees Christian (DN) before Lene and Morten (SOL, MAE: the same
    day, by name); HR for Social og Sundhed sees Ellen; an administrator sees all four.
    Emma leaves too but leads nobody."""
    p = personas
    christian = _ending(p.chief, days=10)
    ellen = _ending(p.ege_leader, days=20)
    lene = _ending(p.leader, days=30)
    morten = _ending(p.mae_leader, days=30)
    _ending(p.employee, days=5)
    hr, admin = acting_as(p.hr), viewer_for(p.admin_user)
    assert admin.is_admin
    with django_assert_num_queries(1):  # the people with their units
        found = [(x, getattr(x.unit, "name", None)) for x in leaving.leaving_leaders(hr)]
    assert found == [
        (christian, "Dagtilbud Nord"),
        (lene, "Børnehuset Solsikken"),
        (morten, "Mælkebøtten"),
    ]
    assert list(leaving.leaving_leaders(acting_as(p.hr_elsewhere))) == [ellen]
    assert list(leaving.leaving_leaders(admin)) == [christian, ellen, lene, morten]
    with django_assert_num_queries(1):
        assert leaving.needs_handover(morten)


# --- the pages ---------------------------------------------------------------------------

HR_AND_ADMIN = {"hr", "admin"}


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_the_handover_page_is_for_hr_of_the_leader_and_administrators(client_as, personas, persona):
    leaver = _ending(personas.leader)
    url = reverse("org:handover", args=[leaver.pk])
    expected = 200 if persona in HR_AND_ADMIN else 404
    assert client_as(persona).get(url).status_code == expected
    response = client_as(persona).post(url, {"successor": personas.chief.pk, "reason": "x"})
    assert response.status_code == (302 if persona in HR_AND_ADMIN else 404)


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_the_list_of_leaders_who_leave_is_for_hr_and_administrators(client_as, personas, persona):
    _ending(personas.leader)
    response = client_as(persona).get(reverse("org:leavers"))
    allowed = persona in HR_AND_ADMIN or persona == "hr_elsewhere"
    assert response.status_code == (200 if allowed else 404)
    if persona == "hr_elsewhere":
        assert "Lene Leder" not in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, personas):
    assert client.get(reverse("org:leavers")).status_code == 302


def test_hr_hands_over_on_the_page(client_as, personas):
    leaver = _ending(personas.leader)
    factories.invited("mus", person=personas.employee)
    client = client_as("hr")
    home = client.get(reverse("home")).content.decode()
    assert "Lene Leder" in home and reverse("org:handover", args=[leaver.pk]) in home
    person_page = client.get(reverse("org:person", args=[leaver.pk])).content.decode()
    assert reverse("org:handover", args=[leaver.pk]) in person_page
    held = factories.held("en-til-en", person=personas.colleague)
    follow_up_services.request_follow_up(held, by=acting_as(personas.colleague), reason="Kurset")
    page = client.get(reverse("org:handover", args=[leaver.pk])).content.decode()
    assert "MUS – Emma Ansat" in page and "Emma Ansat:" in page
    assert "En-til-en – Kasper Kollega: ønsket af Kasper Kollega" in page
    assert "Kurset" not in page  # no content
    refused = client.post(reverse("org:handover", args=[leaver.pk]), {"reason": "x"})
    assert refused.status_code == 400
    response = client.post(
        reverse("org:handover", args=[leaver.pk]),
        {"other": "1001", "reason": "Chefen tager over"},
        follow=True,
    )
    assert response.status_code == 200
    assert LeaderHandover.objects.get().successor_id == personas.chief.pk
    assert "Chefen tager over" in response.content.decode()
    assert "Lene Leder" not in client.get(reverse("home")).content.decode()


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(personas, leaver: Person, n: int) -> None:
    for i in range(n):
        p = services.create_person(
            name=f"Person {i:03}",
            employee_number=f"9{i:04}",
            unit=personas.units["SOL"],
            manager=leaver,
        )
        factories.planned("en-til-en", person=p)
        follow_up_services.request_follow_up(
            factories.held("mus", person=p), by=acting_as(p), reason="Opfølgning"
        )
        other = services.create_person(
            name=f"Leder {i:03}", employee_number=f"8{i:04}", unit=personas.units["SOL"]
        )
        _ending(other)
        services.set_manager(p, other) if i % 2 else None


def test_the_pages_queries_do_not_grow(client_as, personas):
    """handover: session, the user with the viewer, leaver, needs handover, successors
    (the form), conversations, plans, follow-up requests, teams, handovers; the list:
    session, the user with the viewer, leavers."""
    leaver = _ending(personas.leader)
    client = client_as("hr")
    pages = [reverse("org:handover", args=[leaver.pk]), reverse("org:leavers")]
    small = [_count(client, url) for url in pages]
    _grow(personas, leaver, 12)
    large = [_count(client, url) for url in pages]
    assert large == small
    assert large == [10, 3]


def test_the_import_warns_of_a_leader_who_leaves_with_people(personas):
    day = timezone.localdate() + datetime.timedelta(days=30)
    table = read_table(
        f"medarbejdernummer;navn;enhed;slutdato\n1002;Lene Leder;SOL;{day.isoformat()}\n".encode(),
        filename="people.csv",
    )
    result = importing.validate_people(table)
    assert result.plan is not None and not result.problems
    [warning] = result.plan.successors_needed
    assert warning.startswith("Lene Leder") and "4" in warning
    # moving her people in the same file: no successor needed
    rows = "".join(
        f"{n};{name};SOL;;1001\n"
        for n, name in (
            ("1003", "Emma Ansat"),
            ("1004", "Kasper Kollega"),
            ("1005", "Tina Tillid"),
            ("1006", "Anders Arbejdsmiljø"),
        )
    )
    moved = read_table(
        (
            "medarbejdernummer;navn;enhed;slutdato;leder\n"
            f"1002;Lene Leder;SOL;{day.isoformat()};1001\n" + rows
        ).encode(),
        filename="people.csv",
    )
    result = importing.validate_people(moved)
    assert result.plan is not None and not result.problems, result.problems
    assert result.plan.successors_needed == []


def test_the_taker_is_the_successor_or_else_the_leavers_own_leader(personas):
    leaver, successor = personas.leader, personas.colleague
    assert leaving.taker(leaver, successor, takes_part=False, what="x") == successor
    assert leaving.taker(leaver, successor, takes_part=True, what="x") == personas.chief
    # the leaver's own leader as successor, taking part: nobody is left to take it
    with pytest.raises(ValidationError, match="MUS"):
        leaving.taker(leaver, personas.chief, takes_part=True, what="MUS")
