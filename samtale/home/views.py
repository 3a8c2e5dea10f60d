"""The home page: one page, a section per role the viewer holds, all from real data."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject, cached_property

from samtale.access.http import ViewerRequest
from samtale.competences import policy as competence_policy
from samtale.conversations import policy as conversation_policy
from samtale.conversations.followups.queries import counts_for_hr
from samtale.conversations.kept import hr_kept
from samtale.development import policy as development_policy
from samtale.lib.prepared import Prepared
from samtale.org import leaving, policy
from samtale.org.headcount import with_people_counts
from samtale.org.kept import Kept, kept_for
from samtale.org.models import OrgUnit, Person, Team
from samtale.org.queries import teams_led_by

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samtale.access.viewer import Viewer

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


class _Lists:
    """The organisation's part of the home page (the viewer's teams and leader, the
    people and teams they lead, the units of their scope), read when the page's kept
    part (``org.kept``) is not kept and asks for them, each at most once."""

    def __init__(self, viewer: Viewer, kept: Kept) -> None:
        self._viewer, self._kept, self._today = viewer, kept, kept.day
        self._me = viewer.person

    @cached_property
    def my_teams(self) -> list[Team]:
        return _teams_of_member(self._me.pk) if self._me is not None else []

    @cached_property
    def my_leader(self) -> Person | None:
        return self._me.manager if self._me is not None else None

    @cached_property
    def reports(self) -> list[Person]:
        return _reports(self._me.pk, self._today) if self._me is not None else []

    @cached_property
    def led_teams(self) -> list[Team]:
        return teams_led_by(self._me, self._today) if self._me is not None else []

    @cached_property
    def led_count(self) -> int:
        return Person.objects.led_by(self._viewer).active().count()

    @cached_property
    def org_units(self) -> Sequence[OrgUnit]:
        return with_people_counts(
            OrgUnit.objects.tops_for(self._viewer)
            .with_child_counts()
            .order_by("path")[:HOME_LIST_LIMIT],
            org_version=self._kept.version,
            today=self._today,
        )


def home(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    me = viewer.person
    kept = kept_for(viewer)
    context: dict[str, object] = {
        "me": me,
        "org_kept": kept,
        "lists": _Lists(viewer, kept),
        "leads": me is not None and viewer.leads_anyone,
        "sees_organisation": policy.sees_organisation_overview(viewer),
    }
    if viewer.is_admin or viewer.hr_paths:
        # HR's to-do: leaders who leave and still lead someone (samtale.org.leaving),
        # and the follow-up counts: kept under what they count (conversations.kept)
        context["hr_kept"] = hr_kept(viewer, org=kept)
        context["leavers"] = SimpleLazyObject(
            lambda: list(leaving.leaving_leaders(viewer)[: HOME_LIST_LIMIT + 1])
        )
    context["can_import"] = policy.can_import(viewer)
    context["can_invite_external"] = policy.can_invite_external(viewer)
    context["can_manage_kinds"] = conversation_policy.can_manage_kinds(viewer)
    context["can_see_competences"] = competence_policy.can_see_profiles(viewer)
    context["can_keep_competences"] = competence_policy.can_keep_catalogue(viewer)
    context["can_export_plans"] = development_policy.can_export_plans(viewer)
    context["can_see_gaps"] = competence_policy.can_see_overview(viewer)
    # numbers only (open and overdue follow-ups), never who asked or why
    context["follow_up_counts"] = (
        SimpleLazyObject(lambda: counts_for_hr(viewer))
        if conversation_policy.sees_follow_up_counts(viewer)
        else None
    )
    context["home_list_limit"] = HOME_LIST_LIMIT
    return render(request, "home/home.html", context)
