"""The answers to a summary are read in the summary versions' own query
(``reading._answered``, from ``samtale.lib.jsonrows``): each version gets exactly the
answers the table holds, with their people, times and comments as written, on SQLite
and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samtale.access.viewer import viewer_for
from samtale.conversations import reading, services
from samtale.conversations.models import SummaryResponse
from samtale.conversations.queries import conversation_for
from samtale.org import services as org_services
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

# Characters JSON must escape, and some it need not.
AWKWARD = 'Ikke enig: "vagtplanen", \\ [1, 2] {a: b}\n\tæøå – 🙂'


def _as_table_has_them(version) -> list[tuple]:
    return [
        (r.pk, r.person_id, r.person.name, r.accepted, r.comment, r.at)
        for r in SummaryResponse.objects.filter(version=version)
        .select_related("person")
        .order_by("pk")
    ]


def _as_read(version) -> list[tuple]:
    return [
        (r.pk, r.person_id, r.person.name, r.accepted, r.comment, r.at)
        for r in version.responses.all()
    ]


def test_every_version_gets_the_answers_the_table_holds(personas):
    """A GRUS whose first version was answered by three members (one with a comment that
    needs escaping), then changed: the second version answered by one, a draft by none."""
    members = [personas.employee, personas.colleague] + [
        org_services.create_person(
            name=f"Medlem {i}", unit=personas.units["SOL"], manager=personas.leader
        )
        for i in range(2)
    ]
    team = org_services.create_team(
        name="Stue Svar", unit=personas.units["SOL"], leader=personas.leader, members=members
    )
    grus = factories.held("grus", team=team)
    first = factories.summarised(grus)
    services.respond_to_summary(grus, by=actor(members[0]), accept=False, comment=AWKWARD)
    services.respond_to_summary(grus, by=actor(members[1]), accept=True)
    services.respond_to_summary(grus, by=actor(members[3]), accept=True, comment="Fint")
    second = factories.summarised(grus, summary="Rettet.")
    services.respond_to_summary(grus, by=actor(members[2]), accept=True)
    draft = services.write_summary(grus, by=host(grus), summary="Kladde.")

    viewer = viewer_for(personas.user("leader"))
    content = reading.content_for(
        viewer, conversation_for(viewer, grus.pk), parts=reading.Part.SUMMARIES
    )

    assert [v.pk for v in content.summaries] == [draft.pk, second.pk, first.pk]
    for version in content.summaries:
        assert _as_read(version) == _as_table_has_them(version)
    assert len(_as_read(content.summaries[2])) == 3
    assert AWKWARD in [r.comment for r in content.summaries[2].responses.all()]
    assert _as_read(content.summaries[0]) == []
    # the answers' people are the participants already read: no query when they are used
    with CaptureQueriesContext(connection) as asked:
        _as_read(content.summaries[2])
    assert asked.captured_queries == []


def test_an_answer_by_someone_no_longer_taking_part_is_shown_with_their_name(personas):
    """An answer whose person is not among the participants read with the conversation
    (the data of an older version) still comes with its person, read in one query."""
    mus = factories.held("mus", person=personas.employee)
    version = factories.summarised(mus)
    services.respond_to_summary(mus, by=actor(personas.employee), accept=True)
    SummaryResponse.objects.create(version=version, person=personas.colleague, comment="Set")

    viewer = viewer_for(personas.user("leader"))
    conversation = conversation_for(viewer, mus.pk)
    with CaptureQueriesContext(connection) as asked:
        content = reading.content_for(viewer, conversation, parts=reading.Part.SUMMARIES)
    assert _as_read(content.summaries[0]) == _as_table_has_them(version)
    assert [r.person.name for r in content.summaries[0].responses.all()] == [
        personas.employee.name,
        personas.colleague.name,
    ]
    read_people = [q for q in asked.captured_queries if 'FROM "org_person"' in q["sql"]]
    assert len(read_people) == 1
