"""HR's workbook as a background job (``samtale.development.exporting``): HR asks, a
task writes it to private storage, the page shows how far it is and links it once done;
only the asker downloads it, while still HR for what it covers; the file is deleted when
its time is up and the row kept; a failed one says so and may be asked again."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samtale.access.models import ReadLog
from samtale.development import export, exporting, services
from samtale.development.models import ExportState, PlanExport
from samtale.org import services as org_services
from samtale.org.models import Role, RoleGrant
from samtale.testing import factories
from samtale.testing.factories import actor
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

PAGE = reverse("development:exports")
ASK = reverse("development:export_ask")
STATUS = reverse("development:export_status")


def _download(pk: int) -> str:
    return reverse("development:export_download", args=[pk])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plans(emmas_held_mus, personas, media):
    """Emma's plan (SOL, under BU) and Ellen's people's (EGE, under SS)."""
    leader = actor(personas.leader)
    item = services.add_item(emmas_held_mus, by=leader, goal="Styrke sprogarbejdet")
    services.add_activity(item, by=leader, kind="amu", description="AMU-kursus i sprog")
    other = factories.held("mus", person=personas.outsider)
    services.add_item(other, by=actor(other.leader), goal="Demensvenlig pleje")
    return emmas_held_mus, other


@pytest.fixture
def hr_whole(personas):
    """HR for the whole organisation (Henrik, granted the top unit as well)."""
    org_services.grant_role(personas.hr_elsewhere, Role.HR, personas.units["K"])
    return "hr_elsewhere"


def _book(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_hr_asks_and_downloads_the_workbook_once_written(plans, client_as, media):
    emmas, other = plans
    client = client_as("hr")
    response = client.post(ASK)
    assert response.status_code == 302 and response["Location"] == PAGE
    row = PlanExport.objects.get()
    assert row.state == ExportState.DONE  # the immediate backend ran the task
    assert (row.goals, row.activities, row.plans) == (1, 1, 1)
    assert row.scope == ["K.BU."] or row.scope == list(actor(row.by).hr_paths)
    assert row.started_at and row.finished_at and row.expires_at
    stored = media / row.file.name
    assert stored.is_file() and row.size == stored.stat().st_size > 0
    assert str(row.file.name).startswith("development/exports/")
    page = client.get(PAGE).content.decode()
    assert _download(row.pk) in page and 'role="status" aria-live="polite"' in page
    assert "Dit regneark er klar." in page
    response = client.get(_download(row.pk))
    assert response.status_code == 200 and response["Content-Type"] == export.CONTENT_TYPE
    assert response["Cache-Control"] == "private, no-store"
    sheets = _book(b"".join(response.streaming_content))
    assert sheets["Udviklingsmål"][1][0] == "Emma Ansat"
    assert "Demensvenlig pleje" not in repr(sheets)  # SS is not Hanne's
    # the read log: each plan in it, by the asker, why
    reads = ReadLog.objects.filter(subject_id=emmas.pk, reader_name="Hanne Personale")
    assert [r.what for r in reads] == ["Udviklingsplan (HR's udtræk)"]
    assert not ReadLog.objects.filter(subject_id=other.pk, reader_name="Hanne Personale")


def test_hr_of_the_whole_organisation_gets_every_area(plans, client_as, hr_whole):
    client = client_as(hr_whole)
    client.post(ASK)
    row = PlanExport.objects.get()
    assert (row.goals, row.plans) == (2, 2)
    sheets = _book(b"".join(client.get(_download(row.pk)).streaming_content))
    goals = {r[6] for r in sheets["Udviklingsmål"][1:]}
    assert goals == {"Styrke sprogarbejdet", "Demensvenlig pleje"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_asker_downloads(plans, client_as, hr_whole, persona):
    """Hanne's export: nobody else gets it, not HR of the whole organisation either."""
    client_as("hr").post(ASK)
    row = PlanExport.objects.get()
    response = client_as(persona).get(_download(row.pk))
    if persona == "hr":
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 404)
        assert response.status_code == 404 or "/login" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "may_ask"),
    [
        ("hr", True),
        ("hr_elsewhere", True),
        ("leader", False),
        ("chief", False),
        ("employee", False),
        ("tr", False),
        ("amr", False),
        ("board_chair", False),
        ("admin", False),
        ("anonymous", False),
    ],
)
def test_only_hr_may_ask_or_see_the_page(plans, client_as, persona, may_ask):
    client = client_as(persona)
    for response in (client.get(PAGE), client.get(STATUS), client.post(ASK)):
        if may_ask:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code in (302, 404)
            assert response.status_code == 404 or "/login" in response["Location"]
    assert PlanExport.objects.exists() == may_ask


def test_no_download_once_the_asker_is_no_longer_hr(plans, client_as, personas):
    client = client_as("hr")
    client.post(ASK)
    row = PlanExport.objects.get()
    RoleGrant.objects.filter(person=personas.hr).delete()
    assert client_as("hr").get(_download(row.pk)).status_code == 404


def test_no_download_when_hr_for_less_than_it_covers(plans, client_as, personas, hr_whole):
    client = client_as(hr_whole)
    client.post(ASK)
    row = PlanExport.objects.get()
    RoleGrant.objects.filter(person=personas.hr_elsewhere, unit=personas.units["K"]).delete()
    assert client_as(hr_whole).get(_download(row.pk)).status_code == 404


def test_a_job_whose_asker_lost_the_role_before_it_ran_fails(plans, personas):
    viewer = actor(personas.hr)
    row = PlanExport.objects.create(
        by=personas.hr, by_user=personas.hr.user, scope=list(viewer.hr_paths)
    )
    RoleGrant.objects.filter(person=personas.hr).delete()
    row = exporting.execute(row.pk)
    assert row.state == ExportState.FAILED and not row.file
    assert not ReadLog.objects.filter(reader_name="Hanne Personale")


def test_a_job_writes_only_the_units_asked_for(plans, personas, hr_whole):
    """Asked as HR for SS; HR for the whole organisation by the time it runs: still SS."""
    viewer = actor(personas.hr_elsewhere)
    row = PlanExport.objects.create(
        by=personas.hr_elsewhere,
        by_user=personas.hr_elsewhere.user,
        scope=[personas.units["SS"].path],
    )
    assert len(viewer.hr_paths) == 2
    row = exporting.execute(row.pk)
    assert (row.state, row.goals) == (ExportState.DONE, 1)


def test_a_failed_job_says_so_and_may_be_asked_again(plans, client_as, monkeypatch):
    def broken(viewer, out):
        out.write(b"half a workbook")
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(export, "write", broken)
    client = client_as("hr")
    client.post(ASK)
    row = PlanExport.objects.get()
    assert row.state == ExportState.FAILED and "the disk is full" in row.error
    assert not row.file and row.size == 0
    page = client.get(PAGE).content.decode()
    assert "Dit regneark kunne ikke dannes. Prøv igen" in page
    assert "the disk is full" not in page  # the technical error is for the log
    assert client.get(_download(row.pk)).status_code == 404
    monkeypatch.undo()
    client.post(ASK)
    assert PlanExport.objects.latest("pk").state == ExportState.DONE


def test_one_at_a_time(plans, client_as, personas):
    viewer = actor(personas.hr)
    PlanExport.objects.create(by=personas.hr, by_user=personas.hr.user, scope=list(viewer.hr_paths))
    client = client_as("hr")
    response = client.post(ASK, follow=True)
    assert "allerede ved at blive dannet" in response.content.decode()
    assert PlanExport.objects.count() == 1


def test_a_job_that_never_ran_is_retired(plans, client_as, personas):
    viewer = actor(personas.hr)
    stale = PlanExport.objects.create(
        by=personas.hr, by_user=personas.hr.user, scope=list(viewer.hr_paths)
    )
    PlanExport.objects.filter(pk=stale.pk).update(
        queued_at=timezone.now() - exporting.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    client_as("hr").post(ASK)
    stale.refresh_from_db()
    assert stale.state == ExportState.FAILED
    assert PlanExport.objects.latest("pk").state == ExportState.DONE


def test_the_file_is_deleted_when_its_time_is_up_and_the_row_kept(
    plans, client_as, media, settings
):
    settings.SAMTALE_EXPORT_KEEP_HOURS = 3
    client = client_as("hr")
    client.post(ASK)
    row = PlanExport.objects.get()
    assert row.finished_at is not None and row.expires_at is not None
    assert row.expires_at == row.finished_at + datetime.timedelta(hours=3)
    stored = media / row.file.name
    assert exporting.prune(row.expires_at - datetime.timedelta(seconds=1)) == 0
    assert stored.exists()
    PlanExport.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    assert client.get(_download(row.pk)).status_code == 404  # its time is up
    out = io.StringIO()
    call_command("prune_plan_exports", stdout=out)
    assert "Slettede 1 regneark med udviklingsplaner." in out.getvalue()
    row.refresh_from_db()
    assert not stored.exists() and not row.file and row.deleted_at is not None
    assert (row.state, row.goals) == (ExportState.DONE, 1)  # the record stays
    assert "Slettet" in client.get(PAGE).content.decode()


def test_the_page_polls_only_while_one_is_written(plans, client_as, personas):
    client = client_as("hr")
    assert STATUS not in client.get(PAGE).content.decode()
    viewer = actor(personas.hr)
    row = PlanExport.objects.create(
        by=personas.hr, by_user=personas.hr.user, scope=list(viewer.hr_paths)
    )
    page = client.get(PAGE).content.decode()
    assert STATUS in page and "venter på at blive dannet" in page
    seen = f"{row.pk}:queued"
    assert client.get(STATUS, {"seen": seen}).status_code == 204  # nothing new to say
    exporting.execute(row.pk)
    response = client.get(STATUS, {"seen": seen})
    html = response.content.decode()
    assert response.status_code == 200 and _download(row.pk) in html
    assert '<p id="plan-export-status" hx-swap-oob="innerHTML">Dit regneark er klar.' in html
    assert STATUS not in html  # done: no more polling


def test_the_page_lists_ones_own_recent_exports_only(plans, client_as, hr_whole):
    client_as("hr").post(ASK)
    client_as(hr_whole).post(ASK)
    mine = PlanExport.objects.get(by__name="Hanne Personale")
    theirs = PlanExport.objects.get(by__name="Henrik Personale")
    page = client_as("hr").get(PAGE).content.decode()
    assert _download(mine.pk) in page and _download(theirs.pk) not in page


def test_the_old_address_leads_to_the_page(client_as):
    response = client_as("hr").get(reverse("development:export"))
    assert response.status_code == 302 and response["Location"] == PAGE


def test_the_pages_queries_are_pinned(plans, client_as, django_assert_num_queries):
    client = client_as("hr")
    for _n in range(3):
        client.post(ASK)
        PlanExport.objects.filter(state=ExportState.QUEUED).update(state=ExportState.FAILED)
    # the session, the user with their person and grants, the exports
    with django_assert_num_queries(3):
        assert client.get(PAGE).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(STATUS).status_code == 200


def test_the_reads_are_logged_in_batches_not_one_by_one(plans, personas, monkeypatch):
    """Three plans read, two to an INSERT: two INSERTs into the read log, one row each
    plan, by the asker, saying why."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    third = factories.held("mus", person=personas.colleague)
    services.add_item(third, by=actor(personas.leader), goal="Mere udeliv")
    monkeypatch.setattr(export, "READ_BATCH", 2)
    org_services.grant_role(personas.hr_elsewhere, Role.HR, personas.units["K"])
    hr = actor(personas.hr_elsewhere)
    with CaptureQueriesContext(connection) as queries:
        written = export.write(hr, io.BytesIO())
    inserts = [
        q for q in queries.captured_queries if "INSERT" in q["sql"] and "readlog" in q["sql"]
    ]
    assert written.plans == 3 and len(inserts) == 2
    logged = ReadLog.objects.filter(reader_name="Henrik Personale")
    assert sorted(logged.values_list("subject_id", flat=True)) == sorted(
        [plans[0].pk, plans[1].pk, third.pk]
    )
    assert {r.what for r in logged} == {"Udviklingsplan (HR's udtræk)"}
    assert {r.reader_id for r in logged} == {personas.hr_elsewhere.user_id}
