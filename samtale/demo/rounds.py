"""The demo's yearly rounds: last year's, closed, and this year's, in progress.

``tell_rounds()`` runs after the story of conversations (``tell_story``), through the
same services HR, the representatives, the leaders and the employees use:

- **Strategic goals**: three for the kommune, one of Børn og Unge's own.
- **Last year's round** over the leader's institution: agreed in MED (no minutes
  attached), announced, the story's closed MUS and LUS of last year joined it, what
  nobody held was cancelled, and it was closed.
- **This year's round** over the chief's area (Dagtilbud Nord): themes tied to the goals,
  signed off by the TR and the AMR on the same revision, announced. The story's
  conversations of this year join it and the launch makes the rest (planned, no time
  yet). The leader and the other daycare leader offer times; some of their people have
  booked one, the others (Anders Kjær among them) still can.

Order matters: this year's round is launched first, so the conversations without a time
(which join any round whose period they may fall in) go to it, not to last year's.

Two steps are demo-only, marked so: the past round's timestamps are moved back to last
year, and the launch is run in the story's transaction (``launch.run``, idempotent)
whatever the task backend does with the one ``announce`` starts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from samtale.conversations import services as conversation_services
from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation, ConversationKind
from samtale.demo.conversations import _actor, _persona, at
from samtale.lib import workdays
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person
from samtale.rounds import booking, launch
from samtale.rounds import services as rounds
from samtale.rounds.models import (
    Round,
    RoundConversation,
    RoundEvent,
    Slot,
    StrategicGoal,
    UnitRule,
)

GOALS = (
    (
        "Kompetencer til fremtidens velfærd",
        "Medarbejdere, der kan løse opgaverne i dag og om fem år: uddannelse, sidemandsoplæring "
        "og nye opgaver.",
    ),
    (
        "Trivsel og et godt arbejdsmiljø",
        "Et arbejdsliv med mening, nærvær og plads til at sige fra.",
    ),
    (
        "Sammenhæng for borgeren",
        "Vi arbejder på tværs af faggrupper og enheder, så borgeren oplever én kommune.",
    ),
)
CHILDREN_GOAL = (
    "Sprog og læring for alle børn",
    "Alle børn i dagtilbud og skole får et stærkt sprog og lyst til at lære.",
)
THEMES = (
    ("Kompetencer og udvikling", "Hvad skal du kunne om et år, og hvad skal der til?", (0,)),
    ("Trivsel og arbejdsmiljø", "Hvordan har du det med arbejdet, og hvad gør det godt?", (1,)),
    ("Sprogarbejdet", "Hvordan styrker vi børnenes sprog i hverdagen?", (3,)),
)
INFORMATION = (
    "MUS-runden er din og din leders tid til at se tilbage på året og aftale, hvad du "
    "skal udvikle dig i. Forbered dig med samtaleskemaet, og book en af de tider, din "
    "leder tilbyder. Spørg din TR eller AMR, hvis du er i tvivl om noget."
)
DURATION = 60


@dataclass
class RoundsResult:
    goals: list[StrategicGoal] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    booked: list[Slot] = field(default_factory=list)


def _unit(person: Person) -> OrgUnit:
    assert person.unit is not None  # the demo's personas all have a unit
    return person.unit


def _goals(result: RoundsResult, hr_kommune: Person, hr: Person | None) -> list[StrategicGoal]:
    """The kommune's goals (its top unit) and, for Børn og Unge, the forvaltning's own."""
    top, *below = ids_in_path(_unit(hr_kommune).path)
    goals = [
        rounds.add_goal(
            OrgUnit.objects.get(pk=top), by=_actor(hr_kommune), title=title, description=text
        )
        for title, text in GOALS
    ]
    if hr is not None:
        _top, *below = ids_in_path(_unit(hr).path)
        if below:
            forvaltning = OrgUnit.objects.get(pk=below[0])
            goals.append(
                rounds.add_goal(
                    forvaltning, by=_actor(hr), title=CHILDREN_GOAL[0], description=CHILDREN_GOAL[1]
                )
            )
    result.goals = goals
    return goals


def _this_year(
    result: RoundsResult,
    goals: list[StrategicGoal],
    today: datetime.date,
    cast: dict[str, Person],
) -> Round:
    hr = _actor(cast["hr_kommune"])
    chief = cast["chief"]
    starts = today - datetime.timedelta(days=45)
    round_ = rounds.create_round(
        by=hr,
        name=f"MUS-runden {starts.year}/{starts.year + 1 - 2000:02d}",
        year=starts.year,
        units=[_unit(chief)],
        starts_on=starts,
        ends_on=today + datetime.timedelta(days=60),
    )
    rounds.change_round(
        round_,
        by=hr,
        invitations_by=today + datetime.timedelta(days=14),
        held_by=today + datetime.timedelta(days=55),
        information=INFORMATION,
    )
    for title, text, goal_indexes in THEMES:
        rounds.add_theme(
            round_,
            by=hr,
            title=title,
            description=text,
            goals=[goals[i] for i in goal_indexes if i < len(goals)],
        )
    rounds.comment(
        round_,
        by=_actor(cast["tr"]),
        text="Fint oplæg. Husk at give alle mindst en uge til at forberede sig.",
    )
    rounds.sign_off(round_, by=_actor(cast["tr"]))
    rounds.sign_off(round_, by=_actor(cast["amr"]))
    round_.refresh_from_db()
    round_ = rounds.announce(round_, by=hr)
    launch.run(round_, by=hr)  # DEMO ONLY: the launch inside the story's transaction
    return round_


def _christmas(day: datetime.date) -> bool:
    """Between Christmas and New Year nobody offers times for a MUS."""
    return (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2)


def _offer_and_book(
    result: RoundsResult,
    round_: Round,
    leader: Person,
    today: datetime.date,
    *,
    personas: list[Person],
) -> None:
    """``leader`` offers times and the first half of their people whose MUS is planned
    book one (rounded up), the personas left out."""
    planned = list(
        Conversation.objects.filter(
            round_link__round=round_,
            leader=leader,
            person__isnull=False,
            state=State.PLANNED,
            kind__code="mus",
        )
        .exclude(person__in=personas)  # the personas' planned MUS stay unbooked
        .select_related("person")
        .order_by("person__name", "pk")
    )
    days = [
        day
        for day in (today + datetime.timedelta(days=10 + n) for n in range(40))
        if workdays.is_workday(day) and not _christmas(day)
    ][:3]
    offers = [
        booking.Offer(starts_at=at(day, hour), duration=DURATION, location="Kontoret")
        for day in days
        for hour in (9, 11, 13)
    ]
    slots = booking.offer(round_, by=_actor(leader), offers=offers)
    result.slots.extend(slots)
    booked = (len(planned) + 1) // 2
    for slot, conversation in zip(slots, planned[:booked], strict=False):
        assert conversation.person is not None
        result.booked.append(booking.book(slot, by=_actor(conversation.person)))


def _last_year(today: datetime.date, cast: dict[str, Person]) -> Round | None:
    hr = _actor(cast["hr_kommune"])
    leader = cast["leader"]
    starts = today - datetime.timedelta(days=385)
    round_ = rounds.create_round(
        by=hr,
        name=f"MUS-runden {starts.year}/{starts.year + 1 - 2000:02d}",
        year=starts.year,
        units=[_unit(leader)],
        starts_on=starts,
        ends_on=today - datetime.timedelta(days=320),
        kinds=ConversationKind.objects.filter(code__in=["mus", "lus"]).order_by("pk"),
    )
    rounds.change_round(round_, by=hr, information=INFORMATION)
    rounds.record_med_agreement(round_, by=hr, agreed_on=today)
    round_.refresh_from_db()
    round_ = rounds.announce(round_, by=hr)
    launch.run(round_, by=hr)  # DEMO ONLY: see _this_year
    # What nobody held last year was cancelled when the round ended.
    for conversation in Conversation.objects.filter(
        round_link__round=round_, state=State.PLANNED
    ).select_related("leader"):
        conversation_services.cancel(
            conversation,
            by=_actor(conversation.leader),
            reason="Ikke afholdt i runden.",
        )
    rounds.close(round_, by=hr)
    # DEMO ONLY: the round happened last year.
    created = timezone.now() - datetime.timedelta(days=420)
    Round.objects.filter(pk=round_.pk).update(
        created_at=created,
        announced_at=created + datetime.timedelta(days=30),
        closed_at=created + datetime.timedelta(days=110),
    )
    RoundEvent.objects.filter(round=round_).update(at=created)
    round_.refresh_from_db()
    return round_


def tell_rounds(now: datetime.datetime | None = None) -> RoundsResult:
    """Goals, last year's closed round and this year's round in progress (see the module
    docstring). Called by ``tell_story`` inside its transaction."""
    today = timezone.localdate(now)
    result = RoundsResult()
    keys = ("hr_kommune", "hr", "leader", "chief", "tr", "amr")
    cast = {key: person for key in keys if (person := _persona(key)) is not None}
    if len(cast) < len(keys):
        return result
    goals = _goals(result, cast["hr_kommune"], cast.get("hr"))
    this_year = _this_year(result, goals, today, cast)
    # Lene and two other leaders of the round offer times; half their people have booked.
    others = (
        Conversation.objects.filter(round_link__round=this_year, state=State.PLANNED)
        .exclude(leader=cast["leader"])
        .order_by("leader_id")
        .values_list("leader_id", flat=True)
        .distinct()[:2]
    )
    for leader in [cast["leader"], *Person.objects.filter(pk__in=list(others)).order_by("pk")]:
        _offer_and_book(result, this_year, leader, today, personas=list(cast.values()))
    last_year = _last_year(today, cast)
    result.rounds = [r for r in (last_year, this_year) if r is not None]
    return result


def delete_all() -> None:
    """Every round and strategic goal (``seed --reset`` on a test or benchmark database
    only): the conversations stay, out of any round."""
    RoundConversation.objects.all().delete()
    Round.objects.all().delete()
    StrategicGoal.objects.all().delete()
    UnitRule.objects.all().delete()
