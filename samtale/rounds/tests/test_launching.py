"""The launch as a background task: announcing queues it, the worker (or the immediate
backend) runs it and writes its progress, the round's page polls it, a failure is kept
for HR and run again, one at a time per round; ``samtale launch_round`` runs it in the
foreground. The announcement goes to everyone in the round once; invitations of the
round's conversations link to its information page; each conversation gets a suggested
date, a leader's LUS before the conversations they hold.

Round over Dagtilbud Nord (DN), as in test_launch: 8 conversations, Christian Chef (no
chief) the one problem; nine people take part.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations.models import ConversationKind
from samtale.core.models import OutgoingMail
from samtale.org import services as org_services
from samtale.rounds import booking, launch, launching, services
from samtale.rounds.booking import Offer
from samtale.rounds.models import (
    LaunchState,
    LaunchStep,
    RoundConversation,
    RoundLaunch,
    RoundState,
)
from samtale.testing import factories

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
IN_THE_ROUND = {
    "employee@eksempel.dk",
    "colleague@eksempel.dk",
    "tr@eksempel.dk",
    "amr@eksempel.dk",
    "mae.employee@eksempel.dk",
    "leader@eksempel.dk",
    "mae.leader@eksempel.dk",
    "chief@eksempel.dk",  # holds Lene's LUS; has no chief himself (a problem)
    "board.chair@eksempel.dk",  # holds Morten's LUS, from outside the units
}
HOLD_CONVERSATIONS = {
    "leader@eksempel.dk",
    "mae.leader@eksempel.dk",
    "chief@eksempel.dk",
    "board.chair@eksempel.dk",
}


@pytest.fixture
def hr(personas):
    return acting_as(personas.hr)


@pytest.fixture
def dn(personas, hr):
    round_ = services.create_round(
        by=hr, name="Dagtilbud 2027", year=2027, units=[personas.units["DN"]]
    )
    services.add_theme(round_, by=hr, title="Sprog", description="Sprog i hverdagen")
    return services.change_round(
        round_,
        by=hr,
        invitations_by=datetime.date(2027, 1, 31),
        held_by=datetime.date(2027, 3, 15),
    )


@pytest.fixture
def worker(settings):
    """A task backend that only records what is enqueued, as the database backend does
    until ``samtale db_worker`` takes it."""
    settings.TASKS = DUMMY
    from django.tasks import default_task_backend

    default_task_backend.clear()  # type: ignore[attr-defined]
    return default_task_backend


def announce(round_, hr):
    return services.announce(round_, by=hr, override_reason="Aftalt mundtligt")


def announcements() -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(subject__contains="er meldt ud").order_by("pk"))


# --- the task --------------------------------------------------------------------------


def test_announcing_queues_the_launch_and_the_worker_runs_it(dn, hr, worker):
    dn = announce(dn, hr)
    assert dn.state == RoundState.ANNOUNCED
    queued = RoundLaunch.objects.get(round=dn)
    assert queued.state == LaunchState.QUEUED and queued.by == hr.person
    assert not RoundConversation.objects.filter(round=dn).exists()  # not in the request
    [enqueued] = worker.results
    assert enqueued.task.name == "launch_round" and enqueued.args == [queued.pk]

    seen: list[tuple[str, int, int]] = []
    done = launching.execute(queued.pk, progress=lambda *step: seen.append(step))
    assert done.state == LaunchState.DONE
    assert (done.created, done.joined, done.already, done.mailed) == (8, 0, 0, 9)
    assert done.problems == [
        {
            "code": launch.NO_CHIEF,
            "name": "Christian Chef",
            "person_id": done.problems[0]["person_id"],
            "team_id": None,
        }
    ]
    assert done.started_at and done.finished_at and done.started_at <= done.finished_at
    assert not done.error
    assert RoundConversation.objects.filter(round=dn).count() == 8
    assert seen[0] == (LaunchStep.PLANNING, 0, 0)
    assert (LaunchStep.MAKING, 8, 8) in seen and seen[-1] == (LaunchStep.MAILING, 9, 9)
    # The row says how far it got, step by step: what the page reads.
    assert (done.step, done.done, done.total) == (LaunchStep.MAILING, 9, 9)
    # A launch that is done is not run again.
    assert launching.execute(queued.pk).finished_at == done.finished_at
    assert RoundConversation.objects.filter(round=dn).count() == 8


def test_one_launch_of_a_round_at_a_time(dn, hr, worker):
    dn = announce(dn, hr)
    with pytest.raises(ValidationError, match="allerede ved at blive sat i gang"):
        services.relaunch(dn, by=hr)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundLaunch.objects.create(round=dn, state=LaunchState.RUNNING)
    assert RoundLaunch.objects.filter(round=dn).count() == 1
    # A launch that has not moved for long has died with its worker: it blocks no more.
    RoundLaunch.objects.filter(round=dn).update(
        state=LaunchState.RUNNING,
        updated_at=timezone.now() - launching.STALE_AFTER - datetime.timedelta(minutes=1),
    )
    again = services.relaunch(dn, by=hr)
    assert again.state == LaunchState.QUEUED
    dead = RoundLaunch.objects.exclude(pk=again.pk).get(round=dn)
    assert dead.state == LaunchState.FAILED and "stoppede uden at blive færdig" in dead.error


def test_a_failed_launch_shows_its_error_to_hr_and_runs_again(dn, hr, monkeypatch, client_as):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(launch, "run", broken)
    dn = announce(dn, hr)
    failed = RoundLaunch.objects.get(round=dn)
    assert failed.state == LaunchState.FAILED
    assert failed.error == "RuntimeError: the database went away"
    assert dn.state == RoundState.ANNOUNCED
    assert not RoundConversation.objects.filter(round=dn).exists() and not announcements()
    shown = client_as("hr").get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert "Igangsætningen mislykkedes" in shown and "the database went away" in shown
    assert "Kør igangsætningen igen" in shown

    monkeypatch.undo()
    again = services.relaunch(dn, by=hr)
    assert (again.state, again.created, again.mailed) == (LaunchState.DONE, 8, 9)


# --- the progress on the round's page ------------------------------------------------


def test_the_page_polls_the_progress_until_the_launch_is_done(
    dn, hr, worker, client_as, django_assert_num_queries
):
    dn = announce(dn, hr)
    row = RoundLaunch.objects.get(round=dn)
    RoundLaunch.objects.filter(pk=row.pk).update(
        state=LaunchState.RUNNING, step=LaunchStep.MAKING, total=52375, done=12000
    )
    client = client_as("hr")
    url = reverse("rounds:launch_progress", args=[dn.pk])
    detail = client.get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert f'hx-get="{url}"' in detail and 'hx-trigger="every 1s"' in detail

    client.get(url)
    # session, the user with the viewer, the round, its units (HR's scope), the launch
    with django_assert_num_queries(5):
        shown = client.get(url).content.decode()
    assert "12.000 af 52.375 samtaler oprettet" in shown
    bar = '<progress class="samtale-launch-progress" aria-labelledby="launch-status" max="52375"'
    assert f'{bar} value="12000">' in shown
    assert 'hx-trigger="every 1s"' in shown

    launching.execute(row.pk)  # running: another worker has it, and this one leaves it
    assert RoundLaunch.objects.get(pk=row.pk).done == 12000
    RoundLaunch.objects.filter(pk=row.pk).update(state=LaunchState.QUEUED)
    launching.execute(row.pk)
    shown = client.get(url).content.decode()
    assert "hx-trigger" not in shown and "<progress" not in shown
    assert "8 samtaler oprettet" in shown and "Christian Chef" in shown
    assert "Lav det, der mangler" in shown


@pytest.mark.parametrize("name", ["tr", "amr", "leader", "employee", "chief", "hr_elsewhere"])
def test_only_hr_of_the_round_sees_the_progress(dn, hr, client_as, name):
    announce(dn, hr)
    url = reverse("rounds:launch_progress", args=[dn.pk])
    assert client_as(name).get(url).status_code == 404
    assert client_as("hr").get(url).status_code == 200
    assert client_as("admin").get(url).status_code == 200


# --- the command -----------------------------------------------------------------------


def test_the_command_runs_the_launch_here(dn, hr, worker):
    dn = announce(dn, hr)  # queued; no worker runs
    out = io.StringIO()
    call_command("launch_round", dn.pk, stdout=out)
    text = out.getvalue()
    assert "Dagtilbud 2027: 8 samtaler oprettet, 0 planlagt før" in text
    assert "meddelelsen sat i kø til 9 personer" in text
    assert "Christian Chef: " in text
    assert RoundLaunch.objects.get(round=dn).state == LaunchState.DONE  # the queued one
    assert RoundConversation.objects.filter(round=dn).count() == 8

    out = io.StringIO()
    call_command("launch_round", dn.pk, stdout=out)
    assert "0 samtaler oprettet" in out.getvalue() and "til 0 personer" in out.getvalue()
    assert RoundLaunch.objects.filter(round=dn, state=LaunchState.DONE).count() == 2


def test_the_command_refuses_what_it_cannot_launch(dn, hr):
    with pytest.raises(CommandError, match="ikke meldt ud"):
        call_command("launch_round", dn.pk)
    with pytest.raises(CommandError, match="Der er ingen runde 999999"):
        call_command("launch_round", 999999)
    announce(dn, hr)
    RoundLaunch.objects.filter(round=dn).update(state=LaunchState.RUNNING)
    with pytest.raises(CommandError, match="allerede ved at blive sat i gang"):
        call_command("launch_round", dn.pk)


# --- the announcement ------------------------------------------------------------------


def test_everyone_in_the_round_gets_the_announcement_once(dn, hr, personas):
    dn = announce(dn, hr)
    mails = announcements()
    assert sorted(m.to[0] for m in mails) == sorted(IN_THE_ROUND)  # nobody outside
    mail = next(m for m in mails if m.to == ["employee@eksempel.dk"])
    assert mail.subject == "Dagtilbud 2027 er meldt ud"
    info = f"{settings.SITE_URL}/runder/{dn.pk}/information/"
    for line in (
        "Periode: 1. januar 2027 – 31. marts 2027",
        "Indkaldelser sendt senest: 31. januar 2027",
        "Samtaler afholdt senest: 15. marts 2027",
        "- Sprog: Sprog i hverdagen",
        "Din leder inviterer dig til din samtale",
        info,
    ):
        assert line in mail.text, line
    assert f'<a href="{info}">' in mail.html and "<strong>Sprog</strong>" in mail.html
    assert 'lang="da"' in mail.html
    for m in mails:
        holds = "Du afholder samtaler i runden" in m.text
        assert holds is (m.to[0] in HOLD_CONVERSATIONS), m.to

    # Making what is missing announces to the newcomers only.
    newcomer = org_services.create_person(
        name="Nina Ny",
        email="nina@eksempel.dk",
        employee_number="9001",
        unit=personas.units["SOL"],
        manager=personas.leader,
    )
    services.relaunch(dn, by=hr)
    assert [m.to for m in announcements()[len(mails) :]] == [["nina@eksempel.dk"]]
    assert RoundConversation.objects.filter(round=dn, conversation__person=newcomer).exists()
    services.relaunch(dn, by=hr)
    assert len(announcements()) == len(mails) + 1


def test_people_in_the_units_whom_the_round_does_not_call_are_told_too(dn, hr, personas):
    from samtale.org.models import Person

    # employed a month before the round starts, the round asks for three: not called
    Person.objects.filter(pk=personas.amr.pk).update(start_date=datetime.date(2026, 12, 1))
    dn = services.change_round(dn, by=hr, min_months_employed=3)
    announce(dn, hr)
    assert not RoundConversation.objects.filter(round=dn, conversation__person=personas.amr)
    assert "amr@eksempel.dk" in {m.to[0] for m in announcements()}


def test_someone_called_without_a_conversation_is_told_too(dn, hr, personas):
    org_services.set_manager(personas.mae_employee, None)
    announce(dn, hr)
    assert "mae.employee@eksempel.dk" in {m.to[0] for m in announcements()}


# --- the invitation links to the information page ------------------------------------


def test_an_invitation_of_the_rounds_conversation_links_to_its_information(personas, hr):
    today = timezone.localdate()
    round_ = factories.running_round(
        hr, [personas.units["SOL"]], name="Solsikken", began_days_ago=0
    )
    round_ = announce(round_, hr)
    starts = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=3), datetime.time(9))
    )
    [slot] = booking.offer(
        round_, by=acting_as(personas.leader), offers=[Offer(starts, 60, "Kontoret")]
    )
    booking.book(slot, by=acting_as(personas.employee))
    info = f"{settings.SITE_URL}/runder/{round_.pk}/information/"
    invitations = OutgoingMail.objects.filter(subject__startswith="MUS med")
    assert {m.to[0] for m in invitations} == {"employee@eksempel.dk", "leader@eksempel.dk"}
    for mail in invitations:
        assert f"Om Solsikken: temaerne, tidsplanen og hvad hver af jer gør:\n{info}" in mail.text
        assert f'<a href="{info}">Om Solsikken' in mail.html

    outside = factories.invited("mus", person=personas.outsider)
    mail = OutgoingMail.objects.filter(to=["outsider@eksempel.dk"]).latest("pk")
    assert outside.pk and "/information/" not in mail.text and "/information/" not in mail.html


# --- suggested dates: the round cascades from the top ---------------------------------


def test_a_leaders_lus_comes_before_the_conversations_they_hold(dn, hr, client_as):
    dn = announce(dn, hr)
    dates = {
        (link.conversation.kind.code, link.conversation.with_whom): link.suggested_by
        for link in RoundConversation.objects.filter(round=dn).select_related(
            "conversation__kind", "conversation__person", "conversation__team"
        )
    }
    # Christian and Birgit hold LUS with leaders of employees: two tiers, two stages of
    # the 73 days from 1 January to the held-by date.
    assert dates[("lus", "Lene Leder")] == datetime.date(2027, 2, 6)
    assert dates[("lus", "Morten Mælkebøtte")] == datetime.date(2027, 2, 6)
    assert dates[("mus", "Emma Ansat")] == datetime.date(2027, 3, 15)
    assert dates[("grus", "Stue Mariehønen")] == datetime.date(2027, 3, 15)

    lus = RoundConversation.objects.get(round=dn, conversation__person__name="Lene Leder")
    shown = client_as("leader").get(reverse("conversations:detail", args=[lus.conversation_id]))
    assert "Foreslået afholdt senest:</strong> 6. februar 2027" in shown.content.decode()


def test_tiers_split_the_period_into_stages(dn):
    lus, mus = (ConversationKind.objects.get(code=c) for c in ("lus", "mus"))
    calls = [
        launch.Call(lus, leader_id=1, person_id=2),  # the director holds the chief's LUS
        launch.Call(lus, leader_id=2, person_id=3),  # the chief holds the leader's LUS
        launch.Call(lus, leader_id=2, person_id=5),  # ... and another leader's
        launch.Call(mus, leader_id=3, person_id=4),  # the leader holds the MUS
        launch.Call(mus, leader_id=1, person_id=6),  # the director's own secretary
    ]
    dates = launch.suggested_dates(dn, calls)
    # 1 January to 15 March: 73 days in three stages.
    assert [dates[c.key] for c in calls] == [
        datetime.date(2027, 1, 25),
        datetime.date(2027, 2, 18),
        datetime.date(2027, 2, 18),
        datetime.date(2027, 3, 15),
        datetime.date(2027, 3, 15),
    ]
