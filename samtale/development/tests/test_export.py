"""HR's workbook of the development plans and activities in their area: people, goals and
activities with kind, cost, hours, period, status and decisions; never the conversation's
text; nobody but HR for the area gets it; rows are streamed."""

from __future__ import annotations

import datetime
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samtale.access.models import ReadLog
from samtale.conversations import services as conversation_services
from samtale.development import export, services
from samtale.development.models import Activity, Decision, PlanExport
from samtale.testing import factories
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(emmas_held_mus, personas):
    leader = actor(personas.leader)
    conversation_services.write_summary(
        emmas_held_mus, by=leader, summary="HEMMELIG SAMTALETEKST", agreements="HEMMELIG AFTALE"
    )
    item = services.add_item(emmas_held_mus, by=leader, goal="Styrke sprogarbejdet")
    activity = services.add_activity(
        item,
        by=leader,
        kind="amu",
        description="AMU-kursus i sprog",
        cost=Decimal("4500"),
        hours=Decimal("22.5"),
        starts=datetime.date(2027, 3, 1),
        ends=datetime.date(2027, 3, 3),
    )
    services.decide(activity, by=leader, decision=Decision.APPROVED, reason="HEMMELIG BEGRUNDELSE")
    services.take_step(activity, by=leader, step="plan")
    return item


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_hr_gets_goals_and_activities_but_no_conversation_text(
    plan, client_as, emmas_held_mus, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as("hr")
    client.post(reverse("development:export_ask"))
    job = PlanExport.objects.get()
    response = client.get(reverse("development:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == export.CONTENT_TYPE
    content = b"".join(response.streaming_content)
    sheets = _sheets(content)
    goals, activities = sheets["Udviklingsmål"], sheets["Aktiviteter"]
    assert goals[1][0] == "Emma Ansat" and goals[1][6] == "Styrke sprogarbejdet"
    row = activities[1]
    assert row[0] == "Emma Ansat" and row[4] == "AMU-uddannelse"
    assert (row[6], row[7]) == (4500, 22.5)
    assert row[8] == datetime.datetime(2027, 3, 1) and row[11] == "Planlagt"
    assert row[12] == "Godkendt" and row[13] == "Lene Leder"
    everything = repr(sheets)
    assert "HEMMELIG" not in everything
    assert ReadLog.objects.filter(subject_id=emmas_held_mus.pk, reader_name="Hanne Personale")


@pytest.mark.parametrize("persona", [n for n in PERSONA_NAMES if n not in ("hr", "hr_elsewhere")])
def test_nobody_else_gets_it(plan, client_as, persona):
    for url in (reverse("development:exports"), reverse("development:export_ask")):
        client = client_as(persona)
        response = client.post(url) if url.endswith("bestil/") else client.get(url)
        assert response.status_code in (302, 404)
        assert response.status_code == 404 or "/login" in response["Location"]
    assert not PlanExport.objects.exists()


def test_hr_of_another_area_gets_nothing_of_it(plan, personas):
    out = io.BytesIO()
    export.write(actor(personas.hr_elsewhere), out)
    sheets = _sheets(out.getvalue())
    assert [len(rows) for rows in sheets.values()] == [1, 1]  # the headers only


def test_the_home_page_links_it_for_hr_only(client_as):
    url = reverse("development:exports")
    assert url in client_as("hr").get("/").content.decode()
    for persona in ("tr", "amr", "leader", "employee"):
        assert url not in client_as(persona).get("/").content.decode()


def test_the_rows_are_streamed_in_chunks(plan, personas, monkeypatch):
    from django.db.models.query import QuerySet

    chunks = []
    iterator = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunks.append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    export.write(actor(personas.hr), io.BytesIO())
    assert chunks == [export.CHUNK, export.CHUNK]


def _peak(viewer) -> tuple[int, bytes]:
    out = io.BytesIO()
    tracemalloc.start()
    try:
        export.write(viewer, out)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, out.getvalue()


def _more_activities(item, leader, count: int) -> None:
    Activity.objects.bulk_create(
        Activity(
            item=item,
            kind="course",
            description=f"Kursus nummer {n} i et længere forløb om sprog og leg",
            cost=Decimal("1250.50"),
            hours=Decimal("7.5"),
            starts=datetime.date(2027, 1, 1),
            ends=datetime.date(2027, 1, 2),
            proposed_by=leader,
            updated_by=leader,
        )
        for n in range(count)
    )


def test_the_memory_does_not_grow_with_the_rows(plan, personas):
    """Streamed: six times the rows take about the same memory (a few MB), so 50,000 rows
    stay far below 200 MB. (50,000 rows under tracemalloc take minutes; measured once by
    hand: see docs/development-plans.md.)"""
    hr = actor(personas.hr)
    _more_activities(plan, personas.leader, 500)
    small, _content = _peak(hr)
    _more_activities(plan, personas.leader, 2500)
    large, content = _peak(hr)
    assert large < small + 3 * 1024 * 1024, (small, large)
    assert large < 200 * 1024 * 1024
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert sum(1 for _row in book["Aktiviteter"].iter_rows()) == 3002


def test_the_export_costs_the_same_whatever_the_size(plan, personas, django_assert_num_queries):
    more = factories.held("mus", person=personas.colleague)
    for n in range(5):
        item = services.add_item(more, by=actor(personas.leader), goal=f"Mål {n}")
        services.add_activity(item, by=actor(personas.leader), kind="network", description="N")
    hr = actor(personas.hr)
    # goals, activities, the read log (one insert)
    with django_assert_num_queries(3):
        export.write(hr, io.BytesIO())
