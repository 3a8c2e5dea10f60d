"""The demo's development plans: the goals a MUS or LUS of the story agrees, written
through the services, and plans bulk-inserted for the benchmark's year of conversations."""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from samtale.conversations.lifecycle import HELD_STATES
from samtale.conversations.models import Conversation
from samtale.demo import assessments
from samtale.development import services
from samtale.development.models import DevelopmentPlan, ItemStatus, PlanItem, Responsible

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

# (goal, activities, done within so many days, responsible)
GOALS_MUS: tuple[tuple[str, str, int, str], ...] = (
    (
        "Styrke sprogarbejdet med de yngste børn",
        "Kursus i dialogisk læsning (2 dage) og sparring med sprogvejlederen en gang om måneden.",
        120,
        Responsible.PERSON,
    ),
    (
        "Blive praktikvejleder for pædagogstuderende",
        "Praktikvejlederuddannelsen på professionshøjskolen; aftale med lederen om tid "
        "til vejledning.",
        240,
        Responsible.BOTH,
    ),
    (
        "Mere tid til forberedelse af forløb",
        "Lederen lægger en fast time om ugen ind i vagtplanen.",
        60,
        Responsible.LEADER,
    ),
)
GOALS_LUS: tuple[tuple[str, str, int, str], ...] = (
    (
        "Styrke den strategiske ledelse af dagtilbuddet",
        "Diplommodulet 'Strategisk ledelse' i foråret; sparring med chefen efter hvert modul.",
        180,
        Responsible.PERSON,
    ),
    (
        "Fastholde og rekruttere pædagoger",
        "En plan for introduktion af nye medarbejdere; opfølgning på trivselsmålingen med "
        "MED-udvalget.",
        270,
        Responsible.BOTH,
    ),
)
# How far last year's goals came (by the goal's place in the plan).
FOLLOWED_UP = (ItemStatus.DONE, ItemStatus.UNDER_WAY, ItemStatus.DROPPED)


def goals_for(conversation: Conversation) -> tuple[tuple[str, str, int, str], ...]:
    return GOALS_LUS if conversation.kind.code == "lus" else GOALS_MUS


def activities_for(conversation: Conversation) -> assessments.Activities:
    """The activities that go with ``goals_for``'s goals."""
    lus = conversation.kind.code == "lus"
    return assessments.LUS_ACTIVITIES if lus else assessments.MUS_ACTIVITIES


def write_plan(
    conversation: Conversation,
    *,
    leader: Viewer,
    person: Viewer,
    starts: datetime.datetime,
    followed_up: bool,
) -> None:
    """The leader writes the plan after the conversation; for a conversation of last
    year, the person has since followed up on the goals."""
    items = [
        services.add_item(
            conversation,
            by=leader,
            goal=goal,
            activities=activities,
            due=(starts + datetime.timedelta(days=days)).date(),
            responsible=responsible,
        )
        for goal, activities, days, responsible in goals_for(conversation)
    ]
    assessments.add_activities(
        items,
        leader=leader,
        person=person,
        starts=starts,
        followed_up=followed_up,
        activities=activities_for(conversation),
    )
    if followed_up:
        for item, status in zip(items, FOLLOWED_UP, strict=False):
            services.set_status(item, by=person, status=status)


# SYNTHETIC DATA: rows written directly, for benchmarks (samtale seed --conversations).
def seed_plans(seed: int = 2024, batch: int = 2000) -> int:
    """A plan with two or three goals for every held individual conversation of a kind
    that ends in a plan and has none yet. Returns the number of plans made."""
    rng = random.Random(seed)
    held = (
        Conversation.objects.filter(
            kind__development_plan=True,
            person__isnull=False,
            state__in=HELD_STATES,
        )
        .exclude(Exists(DevelopmentPlan.objects.filter(conversation=OuterRef("pk"))))
        .select_related("kind")
        .only("pk", "person_id", "leader_id", "starts_at", "kind__code")
        .order_by("pk")
    )
    made = 0
    pending: list[Conversation] = []

    def flush() -> None:
        plans = DevelopmentPlan.objects.bulk_create(
            DevelopmentPlan(conversation_id=c.pk, person_id=c.person_id) for c in pending
        )
        items = []
        for plan, conversation in zip(plans, pending, strict=True):
            starts = conversation.starts_at or datetime.datetime.now(datetime.UTC)
            goals = goals_for(conversation)[: rng.choice((2, 3))]
            for order, (goal, activities, days, responsible) in enumerate(goals, start=1):
                items.append(
                    PlanItem(
                        plan=plan,
                        goal=goal,
                        activities=activities,
                        due=(starts + datetime.timedelta(days=days)).date(),
                        responsible=responsible,
                        status=rng.choice(ItemStatus.values),
                        order=order,
                        updated_by_id=conversation.leader_id,
                    )
                )
        PlanItem.objects.bulk_create(items, batch_size=batch)
        pending.clear()

    for conversation in held.iterator(chunk_size=batch):
        pending.append(conversation)
        made += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return made
