"""Job descriptions: versioned per person, written by the person's leaders and HR, shown
in MUS, marked for revision there and tracked to done; nobody else reads them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.conversations import services as conversation_services
from samtale.development import services
from samtale.development.models import JobDescription, JobDescriptionRevision
from samtale.testing import factories
from samtale.testing.factories import actor, host
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

TEXT = "Pædagog i vuggestuegruppen. Ansvar for sprogarbejdet."


@pytest.fixture
def version(personas) -> JobDescription:
    return services.write_job_description(
        personas.employee,
        by=actor(personas.leader),
        text=TEXT,
        valid_from=datetime.date(2026, 1, 1),
    )


def test_versions_follow_each_other_and_finish_revisions(version, emmas_held_mus, personas):
    assert version.version == 1
    revision = services.mark_for_revision(
        emmas_held_mus, by=actor(personas.employee), reason="Tovholder på sprog"
    )
    assert revision.done_at is None
    second = services.write_job_description(
        personas.employee,
        by=actor(personas.hr),
        text=TEXT + " Tovholder.",
        valid_from=datetime.date(2027, 1, 1),
    )
    assert second.version == 2
    revision.refresh_from_db()
    assert revision.new_version == second and revision.done_by == personas.hr


@pytest.mark.parametrize("persona", ["employee", "colleague", "ege_leader"])
def test_only_leaders_and_hr_write(personas, persona):
    with pytest.raises(ValidationError):
        services.write_job_description(
            personas.employee,
            by=actor(getattr(personas, persona)),
            text="x",
            valid_from=datetime.date(2026, 1, 1),
        )
    assert not JobDescription.objects.exists()


def test_no_revision_when_the_conversation_is_closed(emmas_held_mus, personas):
    conversation = emmas_held_mus
    conversation_services.write_summary(conversation, by=host(conversation), summary="Godt")
    conversation_services.share_summary(conversation, by=host(conversation))
    conversation_services.respond_to_summary(conversation, by=actor(personas.employee), accept=True)
    conversation_services.close(conversation, by=host(conversation))
    with pytest.raises(ValidationError):
        services.mark_for_revision(conversation, by=actor(personas.leader), reason="x")


def test_shown_in_the_mus_and_marked_for_revision(version, emmas_held_mus, client_as, personas):
    url = reverse("conversations:detail", args=[emmas_held_mus.pk])
    leader = client_as("leader")
    page = leader.get(url).content.decode()
    assert "Stillingsbeskrivelse" in page and "Ansvar for sprogarbejdet" in page
    assert "Version 1, gælder fra 1. januar 2026" in page
    response = leader.post(
        reverse("development:mark_for_revision", args=[emmas_held_mus.pk]),
        {"reason": "Tovholderrollen mangler"},
    )
    assert response.status_code == 302
    revision = JobDescriptionRevision.objects.get()
    # the employee reads what the leader wrote in their conversation: logged
    page = client_as("employee").get(url).content.decode()
    assert "Tovholderrollen mangler" in page and "Venter på en ny version" in page
    assert ReadLog.objects.filter(
        subject_id=emmas_held_mus.pk, reader=personas.user("employee")
    ).exists()
    # the leader writes version 2 on the job-description page: the revision is done
    leader = client_as("leader")
    job_url = reverse("development:job_description", args=[personas.employee.pk])
    response = leader.post(job_url, {"text": "Ny tekst", "valid_from": "2027-01-01"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.new_version is not None and revision.new_version.version == 2


def test_hr_reads_the_job_description_but_not_what_the_mus_said(
    version, emmas_held_mus, client_as, personas
):
    services.mark_for_revision(emmas_held_mus, by=actor(personas.leader), reason="Hemmeligt")
    page = client_as("hr").get(reverse("development:job_description", args=[personas.employee.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and TEXT in text
    assert "Hemmeligt" not in text and "Venter på en ny version" in text
    assert not ReadLog.objects.filter(reader=personas.user("hr")).exists()


@pytest.mark.parametrize(
    "persona", [p for p in PERSONA_NAMES if p not in ("employee", "leader", "hr", "chief")]
)
def test_nobody_else_reads_or_writes(version, emmas_held_mus, client_as, persona, personas):
    revision = services.mark_for_revision(emmas_held_mus, by=actor(personas.leader), reason="x")
    client = client_as(persona)
    job_url = reverse("development:job_description", args=[personas.employee.pk])
    responses = [
        client.get(job_url),
        client.post(job_url, {"text": "Overtaget", "valid_from": "2027-01-01"}),
        client.post(
            reverse("development:mark_for_revision", args=[emmas_held_mus.pk]), {"reason": "y"}
        ),
        client.post(reverse("development:close_revision", args=[revision.pk])),
    ]
    for response in responses:
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404)
    assert JobDescription.objects.count() == 1
    assert JobDescriptionRevision.objects.count() == 1
    revision.refresh_from_db()
    assert revision.done_at is None


def test_the_leader_closes_a_revision_without_a_new_version(
    version, emmas_held_mus, client_as, personas
):
    revision = services.mark_for_revision(emmas_held_mus, by=actor(personas.employee), reason="x")
    client_as("leader").post(reverse("development:close_revision", args=[revision.pk]))
    revision.refresh_from_db()
    assert revision.done_at is not None and revision.new_version is None
    assert JobDescription.objects.count() == 1


def test_the_job_description_page_costs_the_same_with_many_versions(
    personas, client_as, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = actor(personas.leader)
    services.write_job_description(
        personas.employee, by=leader, text="v", valid_from=datetime.date(2020, 1, 1)
    )
    client = client_as("employee")
    url = reverse("development:job_description", args=[personas.employee.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    mus = factories.held("mus", person=personas.employee)
    for n in range(5):
        services.mark_for_revision(mus, by=leader, reason=f"r{n}")
        services.write_job_description(
            personas.employee, by=leader, text=f"v{n}", valid_from=datetime.date(2021 + n, 1, 1)
        )
    # one more for the read-log insert of the revisions' reasons
    with django_assert_max_num_queries(len(few) + 1):
        client.get(url)


def test_the_job_read_without_a_plan_is_what_its_queryset_gives(emmas_held_mus, personas):
    """A person without a plan has their job description read on their own row by a
    query compiled once per process (``queries._person_job``): for each state of the
    data (none, a version, a newer version with a revision asked for) it gives what the
    queryset gives, and the panel shows it."""
    from samtale.development import queries

    def as_queryset() -> dict:
        found = queries._job_of(personas.employee.pk, emmas_held_mus.pk).values(*queries.JD_FIELDS)
        return found.first() or dict.fromkeys(queries.JD_FIELDS)

    def as_prepared() -> dict:
        emmas_held_mus.__dict__.pop("_development_person_rows", None)
        plans, job = queries.person_rows(emmas_held_mus)
        assert plans == []
        return job

    assert as_prepared() == as_queryset()
    assert as_prepared()["jd_pk"] is None and as_prepared()["has_revisions"] is False
    first = services.write_job_description(
        personas.employee,
        by=actor(personas.leader),
        text=TEXT,
        valid_from=datetime.date(2026, 1, 1),
    )
    assert as_prepared() == as_queryset()
    assert as_prepared()["jd_pk"] == first.pk and as_prepared()["has_revisions"] is False
    services.mark_for_revision(emmas_held_mus, by=host(emmas_held_mus), reason="Nye opgaver")
    second = services.write_job_description(
        personas.employee,
        by=actor(personas.leader),
        text="Ny",
        valid_from=datetime.date(2026, 6, 1),
    )
    assert as_prepared() == as_queryset()
    assert as_prepared()["jd_pk"] == second.pk and as_prepared()["has_revisions"] is True
