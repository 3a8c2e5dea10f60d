"""The list's rows are built as values, not validated by Ninja on the way out: here each
row must be exactly what the schema makes of the conversation itself, in both languages,
for conversations with a person and with a team, with and without a time, in several
states, and across a change to summer time."""

import datetime
import json

import pytest
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.renderers import JSONRenderer

from samtale.api import schemas
from samtale.api.api import conversation_fields, conversation_rows
from samtale.api.tests.helpers import LIST, planned
from samtale.conversations import services
from samtale.conversations.models import Conversation
from samtale.testing import factories
from samtale.testing.factories import host

pytestmark = pytest.mark.django_db


def _as_json(value: object) -> object:
    # The API's own renderer, as the response is written.
    return json.loads(JSONRenderer().render(HttpRequest(), value, response_status=200))


def test_each_row_is_what_the_schema_makes_of_the_conversation(personas, conversations):
    factories.planned("mus", person=personas.people["colleague"])  # no time yet
    night = planned("mus", person=personas.people["tr"])
    # 01:30 on the night summer time starts (Copenhagen): the end is after the change.
    services.reschedule(
        night,
        by=host(night),
        starts_at=datetime.datetime(2027, 3, 28, 0, 30, tzinfo=datetime.UTC),
        duration=90,
        location="Mødelokalet",
    )
    found = Conversation.objects.filter(leader=personas.leader).order_by("pk")
    assert found.count() >= 4
    for language in ("da", "en"):
        with translation.override(language):
            rows = conversation_rows(found, 0, 100)
            expected = [
                schemas.ConversationSummary.model_validate(conversation_fields(c)).model_dump()
                for c in found.select_related("kind", "leader", "person", "team")
            ]
            assert _as_json(rows) == _as_json(expected)
    assert {r["state"] for r in rows} >= {"planned", "invited"}
    assert any(r["team"] for r in rows) and any(r["person"] for r in rows)
    assert any(r["starts_at"] is None for r in rows)
    moved = next(r for r in rows if r["id"] == night.pk)
    assert moved["starts_at"].utcoffset() == datetime.timedelta(hours=1)
    assert moved["ends_at"].utcoffset() == datetime.timedelta(hours=2)
    utc = datetime.UTC
    assert moved["ends_at"].astimezone(utc) - moved["starts_at"].astimezone(utc) == (
        datetime.timedelta(minutes=90)
    )


def test_the_response_validates_against_the_published_schema(client_as, conversations):
    listed = client_as("leader").get(LIST).json()
    page = schemas.ConversationList.model_validate(listed)
    assert page.count == len(page.items) >= 2
    assert all(item.starts_at and timezone.is_aware(item.starts_at) for item in page.items)
