"""The home page: one page, a section per role the viewer holds, all from real data."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samtale.access.http import ViewerRequest
from samtale.competences import policy as competence_policy
from samtale.conversations import policy as conversation_policy
from samtale.conversations.followups.queries import counts_for_hr
from samtale.development import policy as development_policy
from samtale.lib.prepared import Prepared
from samtale.org import leaving, policy
from samtale.org.headcount import with_people_counts
from samtale.org.models import OrgUnit, Person, Team
from samtale.org.queries import teams_led_by

HOME_LIST_LIMIT = 50

# The leader's and the member's lists, asked on every visit to the home page: built and
# compiled once per process (samtale.lib.prepared), with the person and the day (who is
# active) as parameters.
_teams_of_member = Prepared(lambda pk: Team.objects.filter(members=pk).order_by("name", "pk"))
_reports = Prepared(
    lambda pk, day: (
        Person.objects.reports_of(pk)
        .active(day)
        .with_report_counts(day)
        .only("name", "job_title")
        .order_by("name", "pk")[: HOME_LIST_LIMIT + 1]
    ),
    kinds=(int, datetime.date),
)


def home(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    me = viewer.person
    context: dict[str, object] = {"me": me}
    today = timezone.localdate()
    if me is not None:
        context["my_teams"] = _teams_of_member(me.pk)
        context["my_leader"] = me.manager
    if me is not None and viewer.leads_anyone:
        context["reports"] = _reports(me.pk, today)
        context["led_teams"] = teams_led_by(me, today)
        context["led_count"] = Person.objects.led_by(viewer).active().count()
    if policy.sees_organisation_overview(viewer):
        context["org_units"] = with_people_counts(
            OrgUnit.objects.tops_for(viewer).with_child_counts().order_by("path")[:HOME_LIST_LIMIT]
        )
    if viewer.is_admin or viewer.hr_paths:
        # HR's to-do: leaders who leave and still lead someone (samtale.org.leaving)
        context["leavers"] = list(leaving.leaving_leaders(viewer)[: HOME_LIST_LIMIT + 1])
    context["can_import"] = policy.can_import(viewer)
    context["can_invite_external"] = policy.can_invite_external(viewer)
    context["can_manage_kinds"] = conversation_policy.can_manage_kinds(viewer)
    context["can_see_competences"] = competence_policy.can_see_profiles(viewer)
    context["can_keep_competences"] = competence_policy.can_keep_catalogue(viewer)
    context["can_export_plans"] = development_policy.can_export_plans(viewer)
    context["can_see_gaps"] = competence_policy.can_see_overview(viewer)
    # numbers only (open and overdue follow-ups), never who asked or why
    context["follow_up_counts"] = (
        counts_for_hr(viewer) if conversation_policy.sees_follow_up_counts(viewer) else None
    )
    context["home_list_limit"] = HOME_LIST_LIMIT
    return render(request, "home/home.html", context)
