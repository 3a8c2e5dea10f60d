"""HR's home keeps its to-do (leaders who leave with open work) and the follow-up counts
under the ``hr`` token (``samtale.conversations.kept``), which the database changes with
every follow-up request, every write to a conversation asked for in one or following
one up, and every write to a conversation held by a leader with an end date: each such
change shows on HR's next page, though the organisation did not change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation
from samtale.org import services as org_services
from samtale.testing.factories import actor, held, host, planned

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _home(client) -> str:
    answer = client.get(reverse("home"))
    assert answer.status_code == 200
    return _TOKEN.sub("", answer.content.decode())


def _counts(page: str) -> tuple[int, int]:
    found = dict(re.findall(r'data-count="(open|overdue)">(\d+)<', page))
    return int(found["open"]), int(found["overdue"])


def _leaver(personas, name: str = "Lise Afgang"):
    """A leader in Solsikken with an end date who leads nobody and no team yet."""
    person = org_services.create_person(
        name=name, unit=personas.units["SOL"], manager=personas.chief
    )
    person.end_date = timezone.localdate() + datetime.timedelta(days=10)
    person.save()
    return person


@pytest.mark.parametrize("persona", ["hr", "admin"])
def test_a_kept_hr_home_is_the_page_made_anew(client_as, personas, persona):
    leaver = _leaver(personas)
    mus = planned("mus", person=personas.employee)
    Conversation.objects.filter(pk=mus.pk).update(leader=leaver)
    client = client_as(persona)
    kept = _home(client)
    assert leaver.name in kept
    assert _home(client) == kept
    caches["pages"].clear()
    assert _home(client) == kept


def test_open_work_moved_to_a_leaver_shows_on_hrs_kept_todo_and_leaves_it(client_as, personas):
    leaver = _leaver(personas)
    client = client_as("hr")
    assert leaver.name not in _home(client)  # holds nothing
    mus = planned("mus", person=personas.employee)
    Conversation.objects.filter(pk=mus.pk).update(leader=leaver)  # as a bulk writer would
    assert leaver.name in _home(client)
    mus.refresh_from_db()
    services.cancel(mus, by=host(mus), reason="Flyttet")
    assert leaver.name not in _home(client)


def test_a_follow_up_request_and_its_follow_up_change_hrs_kept_counts(client_as, personas):
    mus = held("mus", person=personas.employee)
    client = client_as("hr")
    assert _counts(_home(client)) == (0, 0)
    request_ = follow_up_services.request_follow_up(
        mus, by=actor(personas.employee), reason="Vi nåede ikke det hele"
    )
    assert _counts(_home(client)) == (1, 0)
    follow_up = follow_up_services.plan_follow_up(request_, by=host(mus))
    services.invite(
        follow_up,
        by=host(follow_up),
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        location="Kontoret",
    )
    assert _counts(_home(client)) == (1, 0)
    services.mark_held(follow_up, by=host(follow_up))
    assert _counts(_home(client)) == (0, 0)


def test_a_kept_hr_home_asks_no_query_for_the_todo_or_the_counts(client_as, personas):
    client = client_as("hr")
    _home(client)
    # session, the user with their viewer, the organisation's version, the tokens
    with CaptureQueriesContext(connection) as asked:
        _home(client)
    assert len(asked.captured_queries) <= 4, [q["sql"][:90] for q in asked.captured_queries]
