"""The demo's competence levels and activities.

Through the services, as the story plays (``samtale.demo.conversations``):

- ``self_assess``: a MUS preparation's competence grid (the rows of the person's profile)
  gets the person's self-assessment, or the leader's assessment of them.
- ``summary_parts``: the leader records the agreed levels with a MUS summary (the summary
  page's part); the person accepts them with the summary, so they become current.
- ``add_activities``: the goals of a plan get activities, and last year's and this year's
  plans between them show every state (proposed by the person, approved, declined with a
  reason, planned, done, evaluated with what it gave); ``write_team_plan``: a GRUS's team
  plan.

SYNTHETIC DATA (``seed_history``, run by ``builder.build`` after the story and the
rounds): last year's MUS, held and closed, with a shared and accepted summary and agreed
levels around the profile's requirements, for everybody the story left without one, so
that the competence overview has something to count. Bulk-inserted, like
``plans.seed_plans``.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from samtale.competences import queries as competence_queries
from samtale.competences.models import LEVELS, AgreedLevel, CompetenceProfile
from samtale.conversations.lifecycle import HELD_STATES
from samtale.conversations.models import (
    Conversation,
    ConversationKind,
    SummaryResponse,
    SummaryVersion,
)
from samtale.development import services as development
from samtale.development.models import ActivityKind, Decision, PlanItem, Responsible
from samtale.org.models import Person
from samtale.questionnaires.grid import SOURCE_CATALOGUE
from samtale.questionnaires.models import Question, QuestionType
from samtale.questionnaires.services import save_answer

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.questionnaires.models import Response

# An agreed level is the required one moved by one of these (a level below is a gap).
OFFSETS = (-1, -1, 0, 0, 0, 0, 1)
NOT_ASSESSED = 0.1  # the share of a person's competences left without an agreed level
YEARS_BACK = 2  # the story's oldest MUS


def levels_for(person: Person, *, years_ago: int = 0) -> dict[int, int | None]:
    """The levels agreed with ``person``: competence id -> level or None (not agreed),
    one per requirement of the profile that holds for them. The same person always gets
    the same levels; a MUS ``years_ago`` agreed a level lower here and there (each year
    back, about a third of them one level lower)."""
    rng = random.Random(f"demo-levels|{person.email}")
    levels: dict[int, int | None] = {}
    for requirement in competence_queries.profile_for(person).requirements:
        offset, skip = rng.choice(OFFSETS), rng.random()
        lower = sum(rng.random() < 1 / 3 for _year in range(YEARS_BACK))
        if skip < NOT_ASSESSED:
            levels[requirement.competence_id] = None
            continue
        level = requirement.level + offset - min(lower, years_ago)
        levels[requirement.competence_id] = min(max(level, LEVELS[0]), LEVELS[-1])
    return levels


def years_ago(day: int) -> int:
    """How many years back a MUS the story places ``day`` days from today was held."""
    return min(round(-day / 365), YEARS_BACK) if day < 0 else 0


def self_assess(
    response: Response, conversation: Conversation, *, leader: bool, years: int
) -> None:
    """Fill the MUS form's competence grid (rows from the person's profile): the person
    rates themself a little higher than they will agree on; the leader as agreed."""
    if conversation.kind.code != "mus" or conversation.person is None:
        return
    grids = Question.objects.filter(
        section__version_id=response.version_id,
        type=QuestionType.COMPETENCE_GRID,
        options__source=SOURCE_CATALOGUE,
    )
    levels = levels_for(conversation.person, years_ago=years)
    rng = random.Random(f"demo-self|{conversation.person.email}|{years}")
    answers = {
        f"row-c{pk}": str(level if leader else min(level + rng.choice((0, 0, 1)), LEVELS[-1]))
        for pk, level in levels.items()
        if level is not None
    }
    for question in grids:
        save_answer(response, question, answers)


def summary_parts(conversation: Conversation, *, years: int) -> dict[str, Any]:
    """What the summary page's "Aftalte kompetenceniveauer" gives ``write_summary`` for a
    MUS (nothing for the other kinds)."""
    if conversation.kind.code != "mus" or conversation.person is None:
        return {}
    from samtale.competences import summary_part

    return {summary_part.NAME: {"levels": levels_for(conversation.person, years_ago=years)}}


# --- activities ----------------------------------------------------------------------------

# (kind, description, cost, hours)
type Spec = tuple[str, str, Decimal | None, Decimal | None]


@dataclass(frozen=True)
class Activities:
    """The activities of one kind of plan. Last year's: ``done`` (approved, carried out
    and evaluated with ``evaluation``) and ``support`` (done) for the first goal,
    ``declined`` (for ``declined_because``) and ``planned`` for the second. This year's:
    ``done`` again (approved and planned), ``on_the_job`` and the person's proposal of
    ``planned``."""

    done: Spec
    support: Spec
    declined: Spec
    planned: Spec
    on_the_job: Spec
    evaluation: str
    declined_because: str


# an employee's MUS (the goals of plans.GOALS_MUS: the youngest children's language,
# becoming a practice supervisor, time to prepare)
MUS_ACTIVITIES = Activities(
    done=(
        ActivityKind.COURSE,
        "Kursus i dialogisk læsning, 2 dage",
        Decimal("4500"),
        Decimal("15"),
    ),
    support=(
        ActivityKind.MENTORING,
        "Sparring med sprogvejlederen en time om måneden",
        None,
        Decimal("12"),
    ),
    declined=(
        ActivityKind.DIPLOMA,
        "Diplommodul i praktikvejledning (10 ECTS)",
        Decimal("14500"),
        Decimal("270"),
    ),
    planned=(
        ActivityKind.NETWORK,
        "Netværk for praktikvejledere i kommunens dagtilbud",
        None,
        Decimal("8"),
    ),
    on_the_job=(
        ActivityKind.ON_THE_JOB,
        "Fast forberedelsestime om tirsdagen, lagt ind i vagtplanen",
        None,
        Decimal("40"),
    ),
    evaluation=(
        "Kurset gav mig en fast måde at læse med børnene på; vi bruger den nu på hele "
        "stuen, og jeg har vist kollegerne, hvordan den virker."
    ),
    declined_because=(
        "Der er ikke midler til et diplommodul i år; vi ser på det igen ved næste MUS."
    ),
)
# a leader's LUS (plans.GOALS_LUS: strategic leadership, keeping and finding pædagoger)
LUS_ACTIVITIES = Activities(
    done=(
        ActivityKind.DIPLOMA,
        "Diplommodulet Strategisk ledelse (5 ECTS)",
        Decimal("9500"),
        Decimal("135"),
    ),
    support=(ActivityKind.MENTORING, "Sparring med chefen efter hvert modul", None, Decimal("6")),
    declined=(
        ActivityKind.COURSE,
        "Kursus i rekruttering og fastholdelse for ledere, 3 dage",
        Decimal("11800"),
        Decimal("22"),
    ),
    planned=(
        ActivityKind.NETWORK,
        "Netværk for dagtilbudsledere om rekruttering af pædagoger",
        None,
        Decimal("8"),
    ),
    on_the_job=(
        ActivityKind.ON_THE_JOB,
        "Fast ledelsestid uden møder hver torsdag formiddag",
        None,
        Decimal("40"),
    ),
    evaluation=(
        "Modulet gav mig et sprog for at prioritere; husets plan for de næste tre år er "
        "lagt sammen med MED-udvalget."
    ),
    declined_because=(
        "Der er ikke midler til et eksternt kursus i år; vi ser på det igen ved næste LUS."
    ),
)


def _activity(item: PlanItem, by: Viewer, spec: Spec, starts: datetime.date) -> Any:
    kind, description, cost, hours = spec
    return development.add_activity(
        item,
        by=by,
        kind=kind,
        description=description,
        cost=cost,
        hours=hours,
        starts=starts,
        ends=starts + datetime.timedelta(days=90),
        responsible=Responsible.BOTH,
    )


def add_activities(
    items: list[PlanItem],
    *,
    leader: Viewer,
    person: Viewer,
    starts: datetime.datetime,
    followed_up: bool,
    activities: Activities = MUS_ACTIVITIES,
) -> None:
    """Activities for the plan's goals, through the development services (the plan is
    being written: the conversation is held). Last year's plan (``followed_up``): one
    evaluated by the person, one declined, one done, one planned. This year's: one
    planned, one approved, one the person has proposed (waiting for the leader)."""
    if not items:
        return
    first = starts.date() + datetime.timedelta(days=30)
    goals = (items * 3)[:3]
    if followed_up:
        done = _activity(goals[0], leader, activities.done, first)
        development.decide(done, by=leader, decision=Decision.APPROVED)
        development.take_step(done, by=leader, step="plan")
        development.take_step(done, by=person, step="complete")
        development.take_step(done, by=person, step="evaluate", evaluation=activities.evaluation)
        declined = _activity(goals[1], person, activities.declined, first)
        development.decide(
            declined,
            by=leader,
            decision=Decision.DECLINED,
            reason=activities.declined_because,
        )
        support = _activity(goals[0], leader, activities.support, first)
        development.decide(support, by=leader, decision=Decision.APPROVED)
        development.take_step(support, by=person, step="plan")
        development.take_step(support, by=leader, step="complete")
        planned = _activity(
            goals[1], person, activities.planned, first + datetime.timedelta(days=200)
        )
        development.decide(planned, by=leader, decision=Decision.APPROVED)
        development.take_step(planned, by=person, step="plan")
        return
    done = _activity(goals[0], leader, activities.done, first)
    development.decide(done, by=leader, decision=Decision.APPROVED)
    development.take_step(done, by=leader, step="plan")
    on_the_job = _activity(goals[2], leader, activities.on_the_job, first)
    development.decide(on_the_job, by=leader, decision=Decision.APPROVED)
    _activity(goals[1], person, activities.planned, first)  # the person's proposal, not decided


TEAM_GOAL = (
    "En fælles måde at overlevere mellem morgen- og eftermiddagsholdet",
    "Vi afprøver en kort skriftlig overlevering i fire uger og evaluerer den på næste "
    "personalemøde.",
)
TEAM_ACTIVITY = (
    ActivityKind.ON_THE_JOB,
    "Afprøvning af en fælles overleveringsseddel i fire uger",
    None,
    Decimal("6"),
)


def write_team_plan(
    conversation: Conversation, *, leader: Viewer, starts: datetime.datetime
) -> None:
    """The team's plan of a GRUS: a goal for the team with an activity approved and
    planned."""
    goal, notes = TEAM_GOAL
    item = development.add_item(
        conversation,
        by=leader,
        goal=goal,
        activities=notes,
        due=(starts + datetime.timedelta(days=60)).date(),
        responsible=Responsible.PERSON,
    )
    activity = _activity(item, leader, TEAM_ACTIVITY, starts.date() + datetime.timedelta(days=7))
    development.decide(activity, by=leader, decision=Decision.APPROVED)
    development.take_step(activity, by=leader, step="plan")


# --- SYNTHETIC DATA: last year's MUS with agreed levels, bulk-inserted --------------------

HISTORY_FROM, HISTORY_TO = 380, 330  # days ago: last year, before this year's round
NOT_HELD_WITH_LEVELS = 0.12  # a share of them agreed no levels at all


class _Profiles:
    """Every profile's requirements, and which holds for a person (as
    ``competence_queries.profile_for``, for many people at once)."""

    def __init__(self) -> None:
        self.by_group: dict[int, list[tuple[str, dict[int, int]]]] = {}
        for profile in CompetenceProfile.objects.select_related("unit").prefetch_related(
            "requirements__competence"
        ):
            wanted = {
                r.competence_id: r.level for r in profile.requirements.all() if r.competence.active
            }
            path = profile.unit.path if profile.unit is not None else ""
            self.by_group.setdefault(profile.group_id, []).append((path, wanted))

    def holding(self, group_id: int, path: str) -> dict[int, int]:
        best: tuple[int, dict[int, int]] = (-1, {})
        for unit_path, wanted in self.by_group.get(group_id, []):
            if path.startswith(unit_path) and len(unit_path) > best[0]:
                best = (len(unit_path), wanted)
        return best[1]


def seed_history(seed: int = 2024, now: datetime.datetime | None = None) -> int:
    """Last year's MUS, closed, with its summary shared and accepted and the levels
    agreed in it current, for every active person with a leader, a profile and no
    conversation of last year or held this year (leaders have LUS: none). Returns how
    many conversations were made (0 on a second run: everybody has one then)."""
    from samtale.demo import conversations as story

    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(seed)
    kind = ConversationKind.objects.filter(code="mus").first()
    if kind is None:
        return 0
    profiles = _Profiles()
    taken = set(
        Conversation.objects.filter(person__isnull=False)
        .filter(
            Q(starts_at__date__lt=today - datetime.timedelta(days=200)) | Q(state__in=HELD_STATES)
        )
        .values_list("person_id", flat=True)
    )
    leaders = set(Person.objects.filter(manager__isnull=False).values_list("manager_id", flat=True))
    people = [
        (pk, manager, wanted)
        for pk, manager, group, path in Person.objects.active(today)
        .filter(manager__isnull=False, professional_group__isnull=False)
        .order_by("pk")
        .values_list("pk", "manager_id", "professional_group_id", "unit__path")
        if pk not in taken and pk not in leaders and (wanted := profiles.holding(group, path or ""))
    ]
    if not people:
        return 0
    specs = []
    for pk, manager, _wanted in people:
        day = story.workday(today, -rng.randrange(HISTORY_TO, HISTORY_FROM))
        starts = story.at(day, 8 + rng.randrange(7), rng.choice((0, 30)))
        specs.append(story._Spec(kind, manager, story.CLOSED, starts, person=pk, members=[pk]))
    with transaction.atomic():
        pks = story._insert(specs, rng, now)
        story._set_times(pks[0], now)
        ours = Conversation.objects.filter(pk__in=pks)
        ours.update(updated_at=F("created_at"))
        versions = SummaryVersion.objects.filter(conversation__in=ours)
        versions.update(written_at=F("shared_at"))
        SummaryResponse.objects.filter(version__in=versions).update(
            at=Subquery(
                SummaryVersion.objects.filter(pk=OuterRef("version_id")).values("shared_at")[:1]
            )
        )
        version_of = dict(versions.values_list("conversation__person_id", "pk"))
        rows = []
        for (pk, _manager, wanted), spec in zip(people, specs, strict=True):
            if rng.random() < NOT_HELD_WITH_LEVELS or spec.starts is None:
                continue
            accepted = spec.starts + story.ANSWERED_AFTER
            for competence, required in wanted.items():
                if rng.random() < NOT_ASSESSED:
                    continue
                level = min(max(required + rng.choice(OFFSETS), LEVELS[0]), LEVELS[-1])
                rows.append(
                    AgreedLevel(
                        person_id=pk,
                        competence_id=competence,
                        level=level,
                        summary_id=version_of[pk],
                        agreed_on=spec.starts.date(),
                        accepted_at=accepted,
                        current=True,
                    )
                )
        AgreedLevel.objects.bulk_create(rows, batch_size=story.BATCH)
    return len(specs)
