"""What the development app holds about a person (``samtale.core.personal_data``): their
development plans (goals, activities, decisions), their team's plans, their job
descriptions and the revisions asked for.

A plan is conversation content: it goes when the conversation it was agreed in reaches
its kind's retention period, like the rest of the content (the conversation's row and
counts stay). A job description is kept while the person is employed; it goes when the
person is erased (on request, or ``SAMTALE_LEAVER_YEARS`` after they left)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from samtale.conversations import privacy as conversations_privacy
from samtale.conversations import reading
from samtale.core.personal_data import COVERED, Counts, Holding, delete_in_batches
from samtale.development import queries
from samtale.development.models import (
    DevelopmentPlan,
    JobDescription,
    JobDescriptionRevision,
    PlanExport,
)
from samtale.development.reading import plan_reads


def _plan(plan: DevelopmentPlan) -> dict[str, Any]:
    return {
        "agreed_in": plan.conversation_id,
        "for": plan.owner_name,
        "goals": [
            {
                "goal": item.goal,
                "activities": item.activities,
                "done_by": item.due.isoformat() if item.due else None,
                "responsible": item.get_responsible_display(),
                "status": item.get_status_display(),
                "proposal": item.get_proposal_display(),
                "activity_rows": [
                    {
                        "kind": activity.get_kind_display(),
                        "description": activity.description,
                        "from": activity.starts.isoformat() if activity.starts else None,
                        "to": activity.ends.isoformat() if activity.ends else None,
                        "status": activity.get_status_display(),
                        "what_it_gave": activity.evaluation,
                    }
                    for activity in item.shown_activities
                ],
            }
            for item in plan.items.all()
        ],
    }


def export(viewer: Any) -> dict[str, Any]:
    person = viewer.person
    plans = queries.plans_for(person)
    team_plans = [plan for team in person.teams.all() for plan in queries.team_plans_for(team.pk)]
    reading.record(viewer, plan_reads(viewer, plans + team_plans))
    found: dict[str, Any] = {}
    if plans:
        found["development_plans"] = [_plan(plan) for plan in plans]
    if team_plans:
        found["team_development_plans"] = [_plan(plan) for plan in team_plans]
    descriptions = queries.job_descriptions_of(person)
    if descriptions:
        found["job_descriptions"] = [
            {
                "version": d.version,
                "valid_from": d.valid_from.isoformat(),
                "written_by": d.written_by.name,
                "text": d.text,
            }
            for d in descriptions
        ]
    revisions = queries.revisions_of(person)
    if revisions:
        found["job_description_revisions"] = [
            {"asked_by": r.asked_by.name, "reason": r.reason, "done": r.done_at is not None}
            for r in revisions
        ]
    return found


def erase(person: Any) -> Counts:
    counts = _delete(
        DevelopmentPlan.objects.filter(person=person),
        JobDescriptionRevision.objects.filter(person=person),
        apply=True,
    )
    counts[_("Job descriptions")] = JobDescription.objects.filter(person=person).delete()[0]
    exports = PlanExport.objects.filter(by=person)
    for asked in exports.exclude(file=""):
        asked.file.delete(save=False)
    counts[_("Workbooks of development plans asked for")] = exports.delete()[0]
    return counts


MODELS = {
    "development.DevelopmentPlan": COVERED,
    "development.PlanItem": COVERED,
    "development.Activity": COVERED,
    "development.ActivityDecision": COVERED,
    "development.ActivityChange": COVERED,
    "development.JobDescription": COVERED,
    "development.JobDescriptionRevision": COVERED,
    # HR's workbooks of others' plans: the file is deleted after SAMTALE_EXPORT_KEEP_HOURS
    # (samtale prune_plan_exports); the asker's exports go when the asker is erased.
    "development.PlanExport": COVERED,
}


def expire(today: datetime.date, apply: bool) -> Counts:
    expired = conversations_privacy.expired(today).values("pk")
    plans = DevelopmentPlan.objects.filter(conversation__in=expired)
    revisions = JobDescriptionRevision.objects.filter(conversation__in=expired)
    counts = {
        _("Development plans"): plans.count(),
        _("Development plans: requests to revise a job description"): revisions.count(),
    }
    if apply:
        delete_in_batches(revisions)
        delete_in_batches(plans)
    return counts


def _delete(plans: Any, revisions: Any, *, apply: bool) -> Counts:
    counts = {
        _("Development plans"): plans.count(),
        _("Development plans: requests to revise a job description"): revisions.count(),
    }
    if apply:
        revisions.delete()
        plans.delete()
    return counts


HOLDING = Holding(
    app="development",
    order=10,
    models=MODELS,
    export=export,
    erase=erase,
    expire=expire,
)
