"""Reads of development plans. Rules: samtale.development.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from samtale.conversations.models import Conversation, State
from samtale.development.models import (
    Activity,
    ActivityDecision,
    DevelopmentPlan,
    JobDescription,
    JobDescriptionRevision,
    PlanItem,
)
from samtale.lib.prepared import Prepared, PreparedIn, prefetched

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer
    from samtale.org.models import Person, Team


def with_decision(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Each activity with its latest decision (``decision``, ``decided_at``,
    ``decided_by_id``, ``decided_by_name``, ``decision_reason``; None before one), in the
    same query."""
    latest = ActivityDecision.objects.filter(activity=OuterRef("pk")).order_by("-at", "-pk")
    return activities.annotate(
        decision=Subquery(latest.values("decision")[:1]),
        decided_at=Subquery(latest.values("at")[:1]),
        decided_by_id=Subquery(latest.values("by_id")[:1]),
        decided_by_name=Subquery(latest.values("by__name")[:1]),
        decision_reason=Subquery(latest.values("reason")[:1]),
    )


# The goals and activities of the plans a page shows (one or two on a conversation's
# page), compiled once per process for each number of plans (samtale.lib.prepared).
_items_of = PreparedIn(
    lambda ids: PlanItem.objects.filter(plan_id__in=ids).select_related(
        "updated_by", "proposed_by", "competence"
    )
)
_activities_of = PreparedIn(
    lambda ids: with_decision(
        Activity.objects.filter(item__plan_id__in=ids).select_related("updated_by", "proposed_by")
    )
)


def _prefetch(plans: list[DevelopmentPlan]) -> None:
    """The goals of the plans (``plan.items.all()``, no query), and their activities
    (``item.activity_rows.all()``; in one more query, skipped when no plan has any:
    ``has_activities``). Each goal gets ``shown_activities``: a list."""
    if not plans:
        return
    items: dict[int, list[PlanItem]] = {p.pk: [] for p in plans}
    for item in _items_of([p.pk for p in plans]):
        items[item.plan_id].append(item)
    with_activities = [p.pk for p in plans if getattr(p, "has_activities", True)]
    activities: dict[int, list[Activity]] = {}
    for activity in _activities_of(with_activities):
        activities.setdefault(activity.item_id, []).append(activity)
    for plan in plans:
        prefetched(plan, "items", items[plan.pk])
        for item in items[plan.pk]:
            prefetched(item, "activity_rows", activities.get(item.pk, []))
            item.shown_activities = activities.get(item.pk, [])


def _plan_ids_of(person_id: int) -> list[int]:
    """The ids of a person's plans (a handful: one a year), read on their own index, so
    that the query that orders them by the conversations' dates starts from these few
    rows whatever the size of the organisation (PostgreSQL may otherwise walk every
    conversation by date)."""
    return list(DevelopmentPlan.objects.filter(person_id=person_id).values_list("pk", flat=True))


def _previous_plan(
    conversation: Conversation, own: list[DevelopmentPlan]
) -> DevelopmentPlan | None:
    """The plan the conversation follows up on: for a follow-up conversation the plan of
    the original; otherwise the person's latest plan with goals from an earlier,
    not cancelled conversation (whoever held it). ``own``: the person's plans, each with
    its conversation and ``has_items`` (``plans_shown``). Its items: ``plans_shown``."""
    if conversation.follow_up_of_id is not None:
        found = [p for p in own if p.conversation_id == conversation.follow_up_of_id]
        if not found and conversation.person_id is None:  # a team's follow-up
            found = list(
                _with_conversation(
                    DevelopmentPlan.objects.filter(conversation_id=conversation.follow_up_of_id)
                )
            )
        return next((p for p in found if _has_items(p)), None)
    before = conversation.starts_at or timezone.now()
    earlier = [
        p
        for p in own
        if _has_items(p)
        and p.conversation_id != conversation.pk
        and p.conversation.state != State.CANCELLED
        and p.conversation.starts_at is not None
        and p.conversation.starts_at < before
    ]
    return max(earlier, key=lambda p: (p.conversation.starts_at, p.pk), default=None)


def _has_items(plan: DevelopmentPlan) -> bool:
    return bool(getattr(plan, "has_items", False))


def _with_conversation(plans: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    return plans.select_related(
        "person", "team", "conversation__kind", "conversation__leader"
    ).annotate(
        has_items=Exists(PlanItem.objects.filter(plan=OuterRef("pk"))),
        has_activities=Exists(Activity.objects.filter(item__plan=OuterRef("pk"))),
    )


def team_plans_of(team_id: int) -> list[DevelopmentPlan]:
    """A team's plans (one a year or so, on the plans' team index), each with its
    conversation and ``has_items``/``has_activities``."""
    return list(_with_conversation(DevelopmentPlan.objects.filter(team_id=team_id)))


def team_plans_for(team_id: int) -> list[DevelopmentPlan]:
    """The team's plans with goals, newest first, with their goals and activities."""
    plans = sorted(
        (p for p in team_plans_of(team_id) if _has_items(p)),
        key=lambda p: (p.conversation.starts_at is not None, p.conversation.starts_at, p.pk),
        reverse=True,
    )
    _prefetch(plans)
    return plans


def team_for(viewer: Viewer, pk: int) -> Team:
    """The team whose plans the viewer may read (``policy.can_read_team_plans``); 404
    otherwise."""
    from samtale.development import policy
    from samtale.org.models import Team

    team = Team.objects.select_related("leader", "unit").filter(pk=pk).first()
    if team is None or not policy.can_read_team_plans(viewer, team):
        raise Http404
    return team


def plans_for(person: Person) -> list[DevelopmentPlan]:
    """The person's own plans with goals, newest first."""
    plans = list(
        _with_conversation(
            DevelopmentPlan.objects.filter(pk__in=_plan_ids_of(person.pk)).filter(
                Exists(PlanItem.objects.filter(plan=OuterRef("pk")))
            )
        ).order_by("-conversation__starts_at", "-pk")
    )
    _prefetch(plans)
    return plans


def plans_person_for(viewer: Viewer, pk: int) -> Person:
    """The person whose plans the viewer may read together (``policy.can_read_person_plans``);
    404 otherwise."""
    from samtale.development import policy
    from samtale.org.models import Person

    person = Person.objects.filter(pk=pk).first()
    if person is None or not policy.can_read_person_plans(viewer, person):
        raise Http404
    return person


def item_for(viewer: Viewer, pk: int) -> PlanItem:
    """The plan item if the viewer takes part in the conversation it was agreed in; 404
    otherwise. The one way views fetch an item."""
    item = (
        PlanItem.objects.filter(
            pk=pk, plan__conversation__in=Conversation.objects.visible_to(viewer)
        )
        .select_related(
            "plan__person", "plan__team", "plan__conversation__kind", "plan__conversation__leader"
        )
        .first()
    )
    if item is None:
        raise Http404
    return item


def plans_shown(viewer: Viewer, conversation: Conversation) -> tuple[Any, Any]:
    """What the conversation page (and the API) show of plans to this viewer: the plan
    agreed in the conversation (if its kind ends in one) and the previous plan it
    follows up on; either may be None."""
    plan, previous = _plans_shown(viewer, conversation)
    # the items of both in one query, their activities in another
    _prefetch([p for p in (plan, previous) if p is not None])
    return plan, previous


def plans_shown_many(
    viewer: Viewer, conversations: Sequence[Conversation]
) -> dict[int, tuple[Any, Any]]:
    """``plans_shown`` for many conversations, by id, in a fixed number of queries: the
    plans of all their people and teams together, the goals and activities of every plan
    shown together."""
    prefetch_person_rows(conversations)
    team_ids = {c.team_id for c in conversations if c.team_id is not None}
    teams: dict[int, list[DevelopmentPlan]] = {pk: [] for pk in team_ids}
    if team_ids:
        for plan in _with_conversation(DevelopmentPlan.objects.filter(team_id__in=team_ids)):
            teams[plan.team_id].append(plan)  # type: ignore[index]
    shown = {c.pk: _plans_shown(viewer, c, teams=teams) for c in conversations}
    plans = {id(p): p for pair in shown.values() for p in pair if p is not None}
    _prefetch(list(plans.values()))
    return shown


def _plans_shown(
    viewer: Viewer,
    conversation: Conversation,
    *,
    teams: dict[int, list[DevelopmentPlan]] | None = None,
) -> tuple[Any, Any]:
    """``plans_shown`` without the goals; ``teams``: the teams' plans, read already."""
    from samtale.development import policy

    # a plan is written once the conversation has been held; before that it holds the
    # person's proposals made while preparing
    shows_plan = (
        policy.has_plan(conversation)
        and policy.shows_plan_now(conversation)
        and policy.can_read_plan(viewer, conversation)
    )
    shows_previous = policy.shows_previous_plan(viewer, conversation)
    # The person's plans (a handful: one a year) with their conversations, read on the
    # plans' person index: this conversation's plan, and the earlier ones to follow up
    # on. Starting from these few rows keeps the query small whatever the size of the
    # organisation (ordered by the conversations' dates, PostgreSQL may otherwise walk
    # every conversation by date).
    own: list[DevelopmentPlan] = []
    if conversation.person_id is not None and (shows_plan or shows_previous):
        own = person_rows(conversation)[0]
    elif conversation.team_id is not None and (shows_plan or shows_previous):
        # asked with the conversation (``panel.annotate``): none read when it has none
        from samtale.development.panel import TEAM_HAS_PLANS

        values = getattr(conversation, "panel_values", {})
        if teams is not None:
            own = teams[conversation.team_id]
        elif values.get(TEAM_HAS_PLANS, True):
            own = team_plans_of(conversation.team_id)
    plan = next((p for p in own if p.conversation_id == conversation.pk), None)
    if plan is not None:
        plan.conversation = conversation
    previous = _previous_plan(conversation, own) if shows_previous else None
    plan = plan if shows_plan else None
    return plan, previous


def activity_for(viewer: Viewer, pk: int) -> Activity:
    """The activity if the viewer takes part in the conversation its plan was agreed in;
    404 otherwise. The one way views fetch an activity."""
    activity = (
        with_decision(
            Activity.objects.filter(
                pk=pk, item__plan__conversation__in=Conversation.objects.visible_to(viewer)
            )
        )
        .select_related(
            "item__plan__person",
            "item__plan__team",
            "item__plan__conversation__kind",
            "item__plan__conversation__leader",
        )
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def changes_of(activity: Activity) -> list[dict[str, Any]]:
    """The changes kept of an activity since its decision, newest first, each with who
    and when, and its fields as ``(label, before, after)``."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format

    from samtale.development.models import ActivityChange

    def shown(name: str, value: str | None) -> str | None:
        """A kept number in the reader's language's format (14,5 in Danish)."""
        if value is None or getattr(Activity._meta.get_field(name), "decimal_places", None) is None:
            return value
        try:
            return number_format(Decimal(value))
        except InvalidOperation:
            return value

    rows = []
    for change in ActivityChange.objects.filter(activity=activity).select_related("by"):
        fields = [
            (
                getattr(Activity._meta.get_field(name), "verbose_name", name),
                shown(name, before),
                shown(name, after),
            )
            for name, (before, after) in change.changes.items()
        ]
        rows.append({"by": change.by.name, "at": change.at, "fields": fields})
    return rows


# --- job descriptions ------------------------------------------------------------------------


def job_description_person_for(viewer: Viewer, pk: int) -> Person:
    """The person whose job description the viewer may read; 404 otherwise."""
    from samtale.development import policy
    from samtale.org.models import Person

    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None or not policy.can_read_job_description(viewer, person):
        raise Http404
    return person


def job_descriptions_of(person: Person) -> list[JobDescription]:
    """Every version, newest first, with who wrote it."""
    return list(JobDescription.objects.filter(person=person).select_related("written_by"))


def revisions_of(person: Person) -> list[JobDescriptionRevision]:
    """The revisions asked for, newest first, with the conversation they were asked for in."""
    return list(
        JobDescriptionRevision.objects.filter(person=person).select_related(
            "asked_by", "done_by", "new_version", "conversation__kind"
        )
    )


JD_FIELDS = ("jd_pk", "jd_version", "jd_text", "jd_valid_from", "jd_by_name", "has_revisions")


def _jd_annotations(conversation_id: int, person_ref: str) -> dict[str, Any]:
    return {
        **_jd_of(person_ref),
        "has_revisions": Exists(
            JobDescriptionRevision.objects.filter(conversation_id=conversation_id)
        ),
    }


def _jd_of(person_ref: str) -> dict[str, Any]:
    """The person's current job description (``JD_FIELDS`` but ``has_revisions``)."""
    latest = JobDescription.objects.filter(person=OuterRef(person_ref)).order_by("-version")
    return {
        "jd_pk": Subquery(latest.values("pk")[:1]),
        "jd_version": Subquery(latest.values("version")[:1]),
        "jd_text": Subquery(latest.values("text")[:1]),
        "jd_valid_from": Subquery(latest.values("valid_from")[:1]),
        "jd_by_name": Subquery(latest.values("written_by__name")[:1]),
    }


# The person's plans with their job description, asked by every individual conversation's
# page: built and compiled once per process (samtale.lib.prepared).
_person_plans = Prepared(
    lambda person_id, conversation_id: _with_conversation(
        DevelopmentPlan.objects.filter(person_id=person_id)
    ).annotate(**_jd_annotations(conversation_id, "person_id")),
    kinds=(int, int),
)


def person_rows(conversation: Conversation) -> tuple[list[DevelopmentPlan], dict[str, Any]]:
    """What both development panels of an individual conversation read about its person,
    in one query, kept on the conversation for the page: the person's plans (a handful:
    one a year, read on the plans' person index, each with its conversation and
    ``has_items``/``has_activities``), and their current job description (``JD_FIELDS``),
    annotated on those rows; read on the person's row when they have no plan."""
    cached = conversation.__dict__.get("_development_person_rows")
    if cached is not None:
        return cached

    person_id = conversation.person_id
    assert person_id is not None  # an individual conversation
    plans = _person_plans(person_id, conversation.pk)
    found = plans or _person_job(person_id, conversation.pk)
    if found:
        job = {name: getattr(found[0], name) for name in JD_FIELDS}
    else:
        job = dict.fromkeys(JD_FIELDS)
    conversation.__dict__["_development_person_rows"] = (plans, job)
    return plans, job


def _job_of(person_id: int, conversation_id: int) -> QuerySet[Any]:
    from samtale.org.models import Person

    return (
        Person.objects.filter(pk=person_id)
        .annotate(**_jd_annotations(conversation_id, "pk"))
        .only("pk")
    )


# A person without a plan: their job description read on their own row, compiled once
# per process as ``_person_plans`` (most conversations' people have no plan yet).
_person_job = Prepared(_job_of, kinds=(int, int))


def prefetch_person_rows(conversations: Sequence[Conversation]) -> None:
    """``person_rows`` for many individual conversations at once, kept on each: the plans
    of all their people in one query, the job descriptions of those without a plan in
    another, and which of the conversations had a revision asked for in a third."""
    from samtale.org.models import Person

    asked = [
        c
        for c in conversations
        if c.person_id is not None and "_development_person_rows" not in c.__dict__
    ]
    if not asked:
        return
    people = {c.person_id for c in asked if c.person_id is not None}
    plans: dict[int, list[DevelopmentPlan]] = {pk: [] for pk in people}
    for plan in _with_conversation(DevelopmentPlan.objects.filter(person_id__in=people)).annotate(
        **_jd_of("person_id")
    ):
        plans[plan.person_id].append(plan)  # type: ignore[index]
    jobs = {
        pk: {name: getattr(rows[0], name) for name in JD_FIELDS[:-1]}
        for pk, rows in plans.items()
        if rows
    }
    for row in (
        Person.objects.filter(pk__in=[pk for pk in people if pk not in jobs])
        .annotate(**_jd_of("pk"))
        .values("pk", *JD_FIELDS[:-1])
    ):
        jobs[row.pop("pk")] = row
    revised = set(
        JobDescriptionRevision.objects.filter(
            conversation_id__in=[c.pk for c in asked]
        ).values_list("conversation_id", flat=True)
    )
    for conversation in asked:
        assert conversation.person_id is not None
        job = jobs.get(conversation.person_id) or dict.fromkeys(JD_FIELDS[:-1])
        conversation.__dict__["_development_person_rows"] = (
            plans[conversation.person_id],
            {**job, "has_revisions": conversation.pk in revised},
        )


def job_description_shown(
    conversation: Conversation,
) -> tuple[JobDescription | None, list[JobDescriptionRevision]]:
    """For a conversation's panel: the person's current job description (with who wrote
    it; from ``person_rows``, shared with the plan's panel) and the revisions asked for
    in this conversation (one more query, only when there are any)."""
    assert conversation.person_id is not None  # shows_job_description: an individual one
    _plans, row = person_rows(conversation)
    current = None
    if row["jd_pk"] is not None:
        current = JobDescription(
            pk=row["jd_pk"],
            person_id=conversation.person_id,
            version=row["jd_version"],
            text=row["jd_text"],
            valid_from=row["jd_valid_from"],
        )
        current.written_by_name = row["jd_by_name"]
    revisions: list[JobDescriptionRevision] = []
    if row["has_revisions"]:
        revisions = list(
            JobDescriptionRevision.objects.filter(conversation=conversation).select_related(
                "asked_by", "done_by", "new_version"
            )
        )
    return current, revisions


def revision_for(viewer: Viewer, pk: int) -> JobDescriptionRevision:
    """A revision the viewer may close (leaders and HR of the person); 404 otherwise."""
    from samtale.development import policy

    revision = JobDescriptionRevision.objects.select_related("person__unit").filter(pk=pk).first()
    if revision is None or not policy.can_write_job_description(viewer, revision.person):
        raise Http404
    return revision
