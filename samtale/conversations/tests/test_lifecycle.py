"""The conversation's life: every allowed step works and is recorded; every other step
is refused with a clear message and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samtale.conversations import lifecycle, services
from samtale.conversations.models import Conversation, ConversationKind, State
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def kind(code: str) -> ConversationKind:
    return ConversationKind.objects.get(code=code)


def soon(days: int = 7) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)


@pytest.fixture
def mus(personas):
    return services.plan(
        kind=kind("mus"), person=personas.employee, by=actor(personas.employee.manager)
    )


def test_the_kinds_of_the_gom_table_are_data():
    codes = list(ConversationKind.objects.values_list("code", flat=True))
    assert codes == ["mus", "grus", "lus", "en-til-en", "opfoelgning"]
    assert kind("opfoelgning").follow_up_days == 14
    assert kind("lus").default_duration == 60 and kind("mus").mandatory
    assert not kind("en-til-en").mandatory


def test_plan_mus_with_the_nearest_leader(mus, personas):
    assert mus.state == State.PLANNED
    assert mus.leader == personas.leader
    assert set(mus.participants.values_list("person__name", flat=True)) == {
        "Lene Leder",
        "Emma Ansat",
    }
    assert mus.duration == 30


def test_plan_lus_with_the_board_chair(personas):
    lus = services.plan(
        kind=kind("lus"), person=personas.mae_leader, by=actor(personas.mae_leader.manager)
    )
    assert lus.leader == personas.board_chair


def test_plan_grus_invites_the_whole_team(personas):
    grus = services.plan(
        kind=kind("grus"), team=personas.teams["stue"], by=actor(personas.teams["stue"].leader)
    )
    assert grus.leader == personas.leader
    assert grus.participants.count() == 3


def test_only_the_nearest_leader_plans(personas):
    """The service asks the policy again: nobody plans a MUS with someone they do not
    lead, not HR, not the person themself, not the leader's chief (for her people)."""
    for someone in ("hr", "employee", "chief", "colleague"):
        with pytest.raises(PermissionDenied):
            services.plan(
                kind=kind("mus"), person=personas.employee, by=actor(personas.person(someone))
            )
    with pytest.raises(PermissionDenied):  # nobody leads the chief
        services.plan(kind=kind("mus"), person=personas.chief, by=actor(personas.chief))
    assert not Conversation.objects.exists()


def test_the_whole_life_is_recorded(mus, personas):
    start = soon()
    services.invite(mus, by=host(mus), starts_at=start, location="Mødelokale 2")
    services.reschedule(
        mus,
        by=host(mus),
        starts_at=start + datetime.timedelta(days=1),
        video_url="https://møde.example/abc",
    )
    assert mus.sequence == 1 and mus.state == State.RESCHEDULED
    services.mark_held(mus, by=host(mus))
    steps = list(mus.events.values_list("action", "from_state", "to_state", "by__email"))
    assert steps == [
        ("plan", "", "planned", "leader@eksempel.dk"),
        ("invite", "planned", "invited", "leader@eksempel.dk"),
        ("reschedule", "invited", "rescheduled", "leader@eksempel.dk"),
        ("hold", "rescheduled", "held", "leader@eksempel.dk"),
    ]


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (State.PLANNED, "hold"),
        (State.PLANNED, "reschedule"),
        (State.HELD, "invite"),
        (State.HELD, "cancel"),
        (State.CANCELLED, "invite"),
        (State.CLOSED, "cancel"),
        (State.INVITED, "accept"),
    ],
)
def test_invalid_steps_are_refused(state, step):
    with pytest.raises(lifecycle.InvalidStep):
        lifecycle.check(state, step)


def test_once_held_always_held_so_only_held_conversations_have_a_summary():
    """What ``lifecycle.may_have_summary`` rests on (the page reads no summary versions
    before a conversation is held): a summary is written only in held states, and no
    step leads from a held state to one that is not."""
    assert lifecycle.SUMMARY_WRITABLE_STATES <= lifecycle.HELD_STATES
    for step in lifecycle.STEPS.values():
        if step.sources & lifecycle.HELD_STATES:
            assert step.sources <= lifecycle.HELD_STATES, step.name
            assert step.target is None or step.target in lifecycle.HELD_STATES, step.name
    assert {s for s in State if lifecycle.may_have_summary(s)} == lifecycle.HELD_STATES


def test_refusal_says_what_and_why_in_danish(mus, personas):
    with translation.override("da"), pytest.raises(ValidationError) as error:
        services.mark_held(mus, by=host(mus))
    assert "planlagt" in error.value.messages[0]
    mus.refresh_from_db()
    assert mus.state == State.PLANNED
    assert mus.events.count() == 1


def test_invitation_needs_a_future_time_and_a_place(mus, personas):
    with pytest.raises(ValidationError):
        services.invite(mus, by=host(mus), starts_at=soon(-2), location="Kontoret")
    with pytest.raises(ValidationError):
        services.invite(mus, by=host(mus), starts_at=soon())
    with pytest.raises(ValidationError):
        services.invite(
            mus, by=host(mus), starts_at=datetime.datetime(2030, 1, 1, 10), location="x"
        )
    mus.refresh_from_db()
    assert mus.state == State.PLANNED


def test_cancel_raises_the_sequence(mus, personas):
    services.invite(mus, by=host(mus), starts_at=soon(), location="Kontoret")
    services.cancel(mus, by=host(mus), reason="Sygdom")
    assert mus.state == State.CANCELLED and mus.sequence == 1
    assert mus.events.last().note == "Sygdom"


def test_every_state_has_a_way_forward_or_is_final():
    for state in State:
        steps = lifecycle.allowed_steps(state)
        assert bool(steps) is (state not in (State.CLOSED, State.CANCELLED)), state


def test_the_groups_of_states_have_one_owner():
    """Held, planned and open mean the same wherever they are asked."""
    assert {State.HELD, State.ACCEPTED, State.CLOSED} == lifecycle.HELD_STATES
    assert {State.PLANNED, State.INVITED, State.RESCHEDULED} == lifecycle.PLANNED_STATES
    assert set(State) - {State.CLOSED, State.CANCELLED} == lifecycle.OPEN_STATES
    # Every step that starts from a planned state keeps the conversation open, and the
    # groups never overlap where a rule depends on it.
    assert not lifecycle.HELD_STATES & lifecycle.PLANNED_STATES
    assert lifecycle.PLANNED_STATES | {State.HELD} == lifecycle.CURRENT_STATES


@pytest.mark.parametrize("state", [s for s in State if s not in lifecycle.PLANNED_STATES])
def test_a_theme_is_proposed_and_withdrawn_only_before_the_conversation(mus, personas, state):
    """The service agrees with the policy: themes belong to a conversation not yet held."""
    theme = services.propose_theme(mus, by=actor(personas.employee), text="Kurser")
    Conversation.objects.filter(pk=mus.pk).update(state=state, starts_at=soon())
    mus.refresh_from_db()
    with pytest.raises(ValidationError):
        services.propose_theme(mus, by=actor(personas.employee), text="For sent")
    theme.refresh_from_db()
    with pytest.raises(ValidationError):
        services.withdraw_theme(theme, by=actor(personas.employee))
    assert list(mus.agenda.values_list("text", flat=True)) == ["Kurser"]
