"""The demo organisation and the scale generator: the shape, the logins, idempotence and
determinism. Speed is measured in bench/, not here."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import User
from samtale.conversations.followups import queries as follow_up_queries
from samtale.conversations.models import (
    AgendaItem,
    Conversation,
    ConversationEvent,
    FollowUpRequest,
    Participant,
    Preparation,
    State,
    SummaryResponse,
    SummaryVersion,
)
from samtale.conversations.models import Role as ParticipantRole
from samtale.core.models import OutgoingMail
from samtale.demo import builder
from samtale.org import services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Role, RoleGrant, Team


def run(command: str, **options: object) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def logins_in(output: str) -> dict[str, tuple[str, str]]:
    """role -> (e-mail, password), read back from the printed login lines."""
    found: dict[str, tuple[str, str]] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[-2].endswith("@" + builder.DOMAIN):
            found[" ".join(parts[:-2])] = (parts[-2], parts[-1])
    return found


def counts() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(),
        "people": Person.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Team.members.through.objects.count(),
        "grants": RoleGrant.objects.count(),
        "users": User.objects.count(),
        "groups": ProfessionalGroup.objects.count(),
        "conversations": Conversation.objects.count(),
        "participants": Participant.objects.count(),
        "events": ConversationEvent.objects.count(),
        "preparations": Preparation.objects.count(),
        "themes": AgendaItem.objects.count(),
        "summaries": SummaryVersion.objects.count(),
        "summary answers": SummaryResponse.objects.count(),
        "follow-ups": FollowUpRequest.objects.count(),
        "mails": OutgoingMail.objects.count(),
    }


def check_shape(people_wanted: int) -> None:
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    assert root.parent_id is None
    forvaltninger = OrgUnit.objects.filter(parent=root)
    assert sorted(forvaltninger.values_list("name", flat=True)) == [
        "Børn og Unge",
        "Kultur, Teknik og Miljø",
        "Social og Sundhed",
    ]
    # Every unit's path agrees with its parent (computed once after the bulk insert).
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected
    people = Person.objects.count()
    assert people_wanted * 0.9 <= people <= people_wanted * 1.1
    # Every professional group is in use.
    unused = ProfessionalGroup.objects.annotate(n=Count("people")).filter(n=0)
    assert not unused.exists(), list(unused)
    assert set(builder.PROFESSIONAL_GROUPS) <= set(
        ProfessionalGroup.objects.values_list("name", flat=True)
    )
    # Board chairs: external (no number, no unit) and chief of an institution's leader.
    chairs = Person.objects.filter(employee_number=None, unit=None)
    assert chairs.exists()
    for chair in chairs:
        assert chair.reports.filter(professional_group__name=builder.LEDER).exists()
        assert chair.line_path == f"/{chair.pk}/"
    # One top of the management line, the kommunaldirektør; everyone else is below a
    # leader or a board chair, and the line paths are consistent.
    assert Person.objects.filter(manager=None, employee_number__isnull=False).count() == 1
    for person in Person.objects.filter(manager__isnull=False).select_related("manager")[:500]:
        manager = person.manager
        assert manager is not None
        assert person.line_path == f"{manager.line_path}{person.pk}/"
    # Leaders lead; some people have left; e-mails are unique.
    assert Person.objects.filter(professional_group__name=builder.LEDER, reports__isnull=False)
    assert Person.objects.filter(end_date__isnull=False).exists()
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails))
    # Teams with members, role grants of every kind.
    assert Team.objects.annotate(n=Count("members")).filter(n__gt=0).count() >= 10
    assert {Role.HR, Role.TR, Role.AMR} <= set(RoleGrant.objects.values_list("role", flat=True))
    # Only the personas can log in with a password.
    assert User.objects.filter(person__isnull=False).count() == len(builder.PERSONAS)


def persona(key: str) -> Person:
    spec = next(p for p in builder.PERSONAS if p.key == key)
    return Person.objects.get(email=builder.persona_email(spec))


# --- the plan ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_organisation():
    first = builder.make_plan(400, seed=7)
    again = builder.make_plan(400, seed=7)
    other = builder.make_plan(400, seed=8)
    assert first.fingerprint() == again.fingerprint()
    assert first.fingerprint() != other.fingerprint()
    names = [p.name for p in first.people]
    assert names == [p.name for p in again.people]


def test_plan_scales_in_institutions_and_keeps_the_personas():
    small = builder.make_plan(400)
    large = builder.make_plan(5000)
    assert len(large.units) > len(small.units)
    assert 4500 <= len(large.people) <= 5500
    assert set(small.personas) == set(large.personas) == {p.key for p in builder.PERSONAS}


def test_email_addresses_are_plain_ascii():
    assert builder.email_local("Søren Ærø Åberg") == "soeren.aeroe.aaberg"
    assert builder.email_local("René Juhl-Hansen") == "rene.juhlhansen"


# --- samtale demo -----------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_builds_eksempel_kommune(demo):
    output = demo
    check_shape(builder.DEMO_PEOPLE)
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    institutions = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/$")
    assert 22 <= institutions.count() <= 30
    assert root.name in output
    # The personas stand where the login list says.
    assert persona("employee").manager == persona("leader")
    assert persona("colleague").unit == persona("employee").unit
    assert persona("leader").manager == persona("chief")
    assert persona("board_chair").is_external
    assert Team.objects.filter(members=persona("employee")).filter(members=persona("colleague"))
    assert RoleGrant.objects.filter(person=persona("hr_kommune"), role=Role.HR, unit=root)
    assert RoleGrant.objects.filter(person=persona("tr"), role=Role.TR)
    assert RoleGrant.objects.filter(person=persona("amr"), role=Role.AMR)


@pytest.mark.django_db
def test_every_printed_login_works_and_lands_on_the_right_home(client, demo):
    logins = logins_in(demo)
    assert len(logins) == len(builder.PERSONAS) + 1
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    bu = OrgUnit.objects.get(code=f"{builder.ROOT_CODE}-BU")
    sol = persona("employee").unit
    assert sol is not None

    def home_as(role: str):
        email, password = logins[role]
        assert authenticate(email=email, password=password) is not None, role
        client.logout()
        assert client.login(email=email, password=password), role
        response = client.get("/")
        assert response.status_code == 200, role
        return response.context

    by_key = {p.key: p.role for p in builder.PERSONAS}
    ctx = home_as(by_key["employee"])
    assert ctx["me"] == persona("employee")
    assert ctx["lists"].my_leader == persona("leader")
    assert not ctx["leads"] and not ctx["sees_organisation"]

    ctx = home_as(by_key["colleague"])
    assert ctx["me"] == persona("colleague")

    ctx = home_as(by_key["leader"])
    assert {persona("employee"), persona("colleague")} <= set(ctx["lists"].reports)

    ctx = home_as(by_key["chief"])
    assert persona("leader") in ctx["lists"].reports
    assert ctx["lists"].led_count > len(ctx["lists"].reports)  # through the leaders below

    ctx = home_as(by_key["board_chair"])
    assert [p.job_title for p in ctx["lists"].reports] == ["Daginstitutionsleder"]
    assert ctx["lists"].led_count == 1  # a board chair leads only directly

    ctx = home_as(by_key["hr"])
    assert [u.pk for u in ctx["lists"].org_units] == [bu.pk]

    ctx = home_as(by_key["hr_kommune"])
    assert [u.pk for u in ctx["lists"].org_units] == [root.pk]

    for key in ("tr", "amr"):
        ctx = home_as(by_key[key])
        assert sol.pk in [u.pk for u in ctx["lists"].org_units]

    ctx = home_as(builder.ADMIN_ROLE)
    assert ctx["viewer"].is_admin and ctx["me"] is None


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo):
    first = demo
    before = counts()
    names_before = list(Person.objects.order_by("pk").values_list("name", flat=True))
    # Someone changed a persona's password; the demo sets it back.
    services.ensure_user(persona("leader"), password="something-else")
    states = list(Conversation.objects.order_by("pk").values_list("state", "starts_at"))
    second = run("demo")
    assert counts() == before
    assert before["conversations"] > 20
    assert list(Conversation.objects.order_by("pk").values_list("state", "starts_at")) == states
    assert list(Person.objects.order_by("pk").values_list("name", flat=True)) == names_before
    assert "er allerede indlæst; logins er nulstillet." in second
    assert "is already loaded; logins reset." in run("demo", lang="en")
    assert logins_in(first) == logins_in(second)
    email, password = logins_in(second)[next(p.role for p in builder.PERSONAS if p.key == "leader")]
    assert authenticate(email=email, password=password) is not None


@pytest.mark.django_db
def test_demo_refuses_a_database_with_another_organisation():
    services.create_unit(code="X", name="Another organisation")
    with pytest.raises(CommandError, match="indlæses kun i en tom database"):
        run("demo")
    with pytest.raises(CommandError, match="only loaded into an empty database"):
        run("demo", lang="en")
    assert OrgUnit.objects.count() == 1


# --- samtale seed -----------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_has_the_same_shape_at_another_size():
    output = run("seed", people=2000)
    check_shape(2000)
    assert len(logins_in(output)) == len(builder.PERSONAS) + 1
    # More institutions than the demo, each still led, and the departments of the big
    # ones led by an afdelingsleder who answers to the institution's leader.
    institutions = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/$")
    assert institutions.count() > 30
    departments = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/\d+/$")
    assert departments.exists()
    for unit in departments[:5]:
        head = Person.objects.get(unit=unit, job_title="Afdelingsleder")
        assert head.manager is not None and head.manager.unit_id == unit.parent_id
    assert not Person.objects.filter(
        ~Q(professional_group__name=builder.LEDER), unit=None, employee_number__isnull=False
    ).exists()


@pytest.mark.django_db
def test_seed_refuses_existing_data_unless_reset():
    run("seed", people=500)
    before = counts()
    with pytest.raises(CommandError, match="--reset"):
        run("seed", people=600)
    assert counts() == before
    run("seed", people=600, reset=True)
    check_shape(600)
    assert OrgUnit.objects.filter(code=builder.ROOT_CODE).count() == 1


def test_the_readme_lists_every_login():
    from pathlib import Path

    readme = (Path(builder.__file__).parents[2] / "README.md").read_text()
    for spec in builder.PERSONAS:
        assert f"| {builder.persona_email(spec)} | {builder.DEMO_PASSWORD} |" in readme
    assert f"| {builder.ADMIN_EMAIL} | {builder.DEMO_PASSWORD} |" in readme


# --- the demo's conversations --------------------------------------------------------------


def _latest_summary(conversation: Conversation) -> SummaryVersion | None:
    return conversation.summaries.order_by("-number").first()


def _mus(person: Person, state: str) -> Conversation:
    return Conversation.objects.get(kind__code="mus", person=person, state=state)


@pytest.mark.django_db
def test_the_demo_has_conversations_in_every_state(demo):
    now = timezone.now()
    assert set(Conversation.objects.values_list("state", flat=True)) == set(State.values)
    employee, colleague, leader = persona("employee"), persona("colleague"), persona("leader")

    # Invited, upcoming, with a place or a video link; the employee has started preparing
    # (privately) and both sides have proposed themes.
    upcoming = _mus(employee, State.INVITED)
    assert upcoming.leader == leader and upcoming.starts_at and upcoming.starts_at > now
    assert upcoming.location or upcoming.video_url
    prep = upcoming.preparations.get(person=employee)
    assert prep.shared_at is None and prep.response.answers.exists()
    assert {a.proposed_by for a in upcoming.agenda.all()} == {employee, leader}
    # Moved, upcoming; planned without a time.
    moved = _mus(persona("tr"), State.RESCHEDULED)
    assert moved.starts_at and moved.starts_at > now and moved.sequence == 1
    assert moved.events.filter(action="reschedule").exists()
    assert _mus(persona("amr"), State.PLANNED).starts_at is None
    # Held, with shared preparations from both sides and themes, summary to be written.
    held = Conversation.objects.get(
        kind__code="mus", state=State.HELD, summaries__isnull=True, leader=leader
    )
    assert held.starts_at and held.starts_at < now
    assert held.preparations.filter(shared_at__isnull=False).count() == 2
    assert held.agenda.count() == 2
    # Summary shared, waiting for acceptance.
    waiting = Conversation.objects.filter(
        kind__code="mus", state=State.HELD, summaries__shared_at__isnull=False, leader=leader
    ).get()
    version = _latest_summary(waiting)
    assert version is not None and not version.responses.exists()
    # Accepted, one with a comment; last year's MUS closed.
    accepted = _mus(colleague, State.ACCEPTED)
    response = SummaryResponse.objects.get(version__conversation=accepted, person=colleague)
    assert response.accepted and response.comment
    # Last year's (the story holds one the year before, too: her earlier agreed levels).
    last_year = Conversation.objects.filter(
        kind__code="mus", person=employee, state=State.CLOSED
    ).latest("starts_at")
    assert last_year.starts_at and (now - last_year.starts_at).days >= 360
    assert last_year.created_at < last_year.starts_at
    assert list(last_year.events.values_list("action", flat=True))[-1] == "close"
    cancelled = Conversation.objects.get(state=State.CANCELLED, leader=leader)
    assert cancelled.events.get(action="cancel").note

    # GRUS for the employee's team: held, the team's preparation shared, the summary
    # accepted by some members (not yet by the employee).
    grus = Conversation.objects.get(kind__code="grus", team__members=employee, leader=leader)
    assert grus.state == State.HELD
    assert grus.preparations.get(person=None).shared_at is not None
    version = _latest_summary(grus)
    assert version is not None and version.shared_at is not None
    accepted_by = set(version.responses.filter(accepted=True).values_list("person", flat=True))
    members = set(
        grus.participants.filter(role=ParticipantRole.PARTICIPANT).values_list("person", flat=True)
    )
    assert accepted_by and accepted_by < members and employee.pk not in accepted_by

    # LUS: the leader with her chief; the board-led institution's leader with the chair.
    assert Conversation.objects.filter(
        kind__code="lus", person=leader, leader=persona("chief")
    ).exists()
    board_led = Conversation.objects.get(kind__code="lus", leader=persona("board_chair"))
    assert board_led.person is not None and board_led.person.manager == persona("board_chair")
    assert Conversation.objects.filter(kind__code="en-til-en", person=employee).exists()

    # Follow-ups: one open, one past its 14-day deadline.
    states = {
        follow_up_queries.state_of(r) for r in FollowUpRequest.objects.select_related("follow_up")
    }
    assert states == {follow_up_queries.FollowUpState.OPEN, follow_up_queries.FollowUpState.OVERDUE}

    # The story's history is in order: every step of a held conversation before now, and
    # the steps in the order they were taken.
    for conversation in Conversation.objects.filter(starts_at__lt=now):
        times = list(conversation.events.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times) and times[-1] < now, conversation
    # Mail: the invitations were queued by the services but never delivered.
    assert OutgoingMail.objects.exists()
    assert not OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).exists()
    assert not OutgoingMail.objects.filter(sent_at__isnull=False).exists()


PERSONAS_WITH_PEOPLE = [p.key for p in builder.PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize("key", PERSONAS_WITH_PEOPLE)
def test_every_persona_sees_their_conversations(client, key, demo):
    me = persona(key)
    assert me.user is not None
    client.force_login(me.user)
    response = client.get(reverse("conversations:mine"))
    assert response.status_code == 200
    ctx = response.context
    shown = (
        len(ctx["upcoming"])
        + len(ctx["unscheduled"])
        + len(ctx["awaiting_summary"])
        + ctx["page_obj"].paginator.count
    )
    assert shown >= 1, key
    mine = Conversation.objects.filter(participants__person=me)
    for conversation in mine:
        page = client.get(reverse("conversations:detail", args=[conversation.pk]))
        assert page.status_code == 200, (key, conversation)
    # Nobody sees a conversation they take part in not.
    other = Conversation.objects.exclude(participants__person=me).order_by("pk").first()
    assert other is not None
    assert client.get(reverse("conversations:detail", args=[other.pk])).status_code == 404
    overview = client.get(reverse("conversations:overview"))
    if me.reports.exists():
        assert overview.status_code == 200
    else:
        assert overview.status_code == 404
    if key in ("leader", "chief", "board_chair"):
        assert any(
            conversation
            for row in overview.context["lists"]["rows"]
            for _k, conversation, _offered in row["cells"]
        )


@pytest.mark.django_db
def test_the_leader_overview_shows_this_years_round(client, demo):
    leader = persona("leader")
    assert leader.user is not None
    client.force_login(leader.user)
    response = client.get(reverse("conversations:overview"))
    assert response.status_code == 200
    mus = {
        row["person"]: conversation
        for row in response.context["lists"]["rows"]
        for kind, conversation, _offered in row["cells"]
        if kind.code == "mus"
    }
    # Every one of her people has this year's MUS (last year's closed ones are not it; a
    # cancelled one is not shown: the round made its person a new one).
    assert set(mus) == set(Person.objects.reports_of(leader).active())
    # ... the MUS of this year's round, which she is in
    expected = {
        c.person: c
        for c in Conversation.objects.filter(
            kind__code="mus", leader=leader, round_link__round__state="announced"
        ).exclude(state=State.CANCELLED)
    }
    assert len(expected) == len(mus)
    assert {p: c for p, c in mus.items() if c is not None} == expected
    grus = [c for row in response.context["lists"]["team_rows"] for _k, c, *_ in row["cells"] if c]
    assert grus


# --- samtale seed --conversations ----------------------------------------------------------


def check_conversation_shape() -> None:
    """Every conversation looks like the services made it: the leader as host, the
    person or the team's members as participants, the form, the steps to its state."""
    conversations = Conversation.objects.select_related("kind").prefetch_related(
        "participants", "events"
    )
    for conversation in conversations:
        roles = [(p.person_id, p.role) for p in conversation.participants.all()]
        assert (conversation.leader_id, ParticipantRole.HOST) in roles
        if conversation.person_id:
            assert (conversation.person_id, ParticipantRole.PARTICIPANT) in roles
        else:
            assert sum(role == ParticipantRole.PARTICIPANT for _p, role in roles) >= 1
        assert (conversation.questionnaire_version_id is not None) == bool(
            conversation.kind.questionnaire_family
        )
        events = sorted(conversation.events.all(), key=lambda e: (e.at, e.pk))
        assert events[0].action == "plan"
        assert events[-1].to_state == conversation.state, conversation
        if conversation.state != State.PLANNED:
            assert conversation.starts_at is not None


@pytest.mark.django_db
def test_seed_adds_a_year_of_conversations():
    output = run("seed", people=600, conversations=True, lang="en")
    assert "conversations in" in output
    today = timezone.localdate()
    led = Person.objects.active(today).filter(manager__isnull=False)
    with_one = Conversation.objects.filter(person__isnull=False).values("person")
    assert not led.exclude(pk__in=with_one).exists()
    assert Conversation.objects.filter(kind__code="grus").count() >= 10
    assert Conversation.objects.filter(kind__code="lus").count() >= 10
    assert set(Conversation.objects.values_list("state", flat=True)) == set(State.values)
    assert Preparation.objects.filter(response__answers__isnull=False).exists()
    assert SummaryResponse.objects.filter(accepted=True).exists()
    year_ago = timezone.now() - datetime.timedelta(days=340)
    assert (
        not Conversation.objects.filter(starts_at__lt=year_ago - datetime.timedelta(days=30))
        .exclude(kind__code="mus", state=State.CLOSED)
        .exists()
    )
    check_conversation_shape()
    # Again with --reset: everything goes, conversations included, and comes back.
    before = Conversation.objects.count()
    run("seed", people=600, conversations=True, reset=True)
    assert Conversation.objects.count() == before


@pytest.mark.django_db
def test_seed_adds_conversations_to_an_organisation_seeded_without_them():
    run("seed", people=500)
    builder.conversations.delete_all()
    people = Person.objects.count()
    output = run("seed", people=500, conversations=True)
    assert "samtaler er tilføjet til Eksempel Kommune på" in output
    assert Person.objects.count() == people
    assert Conversation.objects.count() > people * 0.8
    with pytest.raises(CommandError, match="--reset"):
        run("seed", people=500, conversations=True)
