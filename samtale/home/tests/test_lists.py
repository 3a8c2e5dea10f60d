"""The home page's lists of a leader (their direct reports, the teams they lead) and a
member (their teams) are built and compiled once per process (samtale.lib.prepared):
each gives what its queryset gives, and who is employed is counted on the day of the
request, not on the day the query was compiled."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samtale.home import views as home
from samtale.org.models import Person, Team
from samtale.org.queries import teams_led_by

pytestmark = pytest.mark.django_db


def test_home_lists_follow_the_day_not_the_first_call(client_as, personas, monkeypatch):
    """The leader's reports and their teams' member counts count who is employed on the
    day of the request: the day is a parameter, not part of the compiled query."""
    leader = personas.leader
    emma = personas.employee
    emma.end_date = datetime.date(2026, 6, 30)
    emma.save(update_fields=["end_date"])
    for day, employed in ((datetime.date(2026, 6, 30), True), (datetime.date(2026, 7, 1), False)):
        reports = home._reports(leader.pk, day)
        expected = list(
            Person.objects.reports_of(leader)
            .active(day)
            .with_report_counts(day)
            .order_by("name", "pk")[: home.HOME_LIST_LIMIT + 1]
        )
        assert [(p.pk, p.report_count) for p in reports] == [
            (p.pk, p.report_count) for p in expected
        ]
        assert (emma in reports) is employed
        teams = teams_led_by(leader, day)
        expected_teams = list(
            Team.objects.filter(leader=leader).with_member_counts(day).order_by("name", "pk")
        )
        counted = [(t.pk, t.member_count) for t in teams]  # type: ignore[attr-defined]
        assert counted == [(t.pk, t.member_count) for t in expected_teams]
    assert home._teams_of_member(emma.pk) == list(
        Team.objects.filter(members=emma).order_by("name", "pk")
    )
    # and the page asks for today's
    client = client_as("leader")
    on = {}
    for day in (datetime.date(2026, 6, 30), datetime.date(2026, 7, 1)):
        monkeypatch.setattr(timezone, "localdate", lambda *a, _day=day, **k: _day)
        on[day] = client.get(reverse("home")).context["lists"].reports
    assert emma in on[datetime.date(2026, 6, 30)]
    assert emma not in on[datetime.date(2026, 7, 1)]
    assert personas.colleague in on[datetime.date(2026, 7, 1)]
