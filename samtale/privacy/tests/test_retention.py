"""Retention (``samtale retention``): a conversation's content goes when its kind's
period has ended, the row and the counts stay; the read log after
SAMTALE_READ_LOG_YEARS; people who left after SAMTALE_LEAVER_YEARS; document files with
their rows, and files that no row names. ``--dry-run`` only counts."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from samtale.access.models import ReadLog
from samtale.competences.models import AgreedLevel
from samtale.conversations import progress
from samtale.conversations.models import (
    AgendaItem,
    Conversation,
    ConversationDocument,
    ConversationKind,
    FollowUpRequest,
    Note,
    Preparation,
    SummaryVersion,
)
from samtale.development.models import DevelopmentPlan
from samtale.org.models import Person
from samtale.privacy import services
from samtale.privacy.models import Erasure
from samtale.privacy.tests.conftest import full_mus
from samtale.questionnaires.models import Response

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    """The report's labels in English (the command's Danish is tested below)."""
    with translation.override("en"):
        yield


def content_rows(conversation: Conversation) -> dict[str, int]:
    return {
        "summaries": SummaryVersion.objects.filter(conversation=conversation).count(),
        "preparations": Preparation.objects.filter(conversation=conversation).count(),
        "themes": AgendaItem.objects.filter(conversation=conversation).count(),
        "notes": Note.objects.filter(conversation=conversation).count(),
        "documents": ConversationDocument.objects.filter(conversation=conversation).count(),
        "plans": DevelopmentPlan.objects.filter(conversation=conversation).count(),
        "levels": AgreedLevel.objects.filter(summary__conversation=conversation).count(),
        "reasons": FollowUpRequest.objects.filter(conversation=conversation)
        .exclude(reason="")
        .count(),
    }


EVERYTHING = {
    "summaries": 1,
    "preparations": 2,
    "themes": 1,
    "notes": 2,
    "documents": 1,
    "plans": 1,
    "levels": 1,
    "reasons": 1,
}
NOTHING = dict.fromkeys(EVERYTHING, 0)


def test_a_dry_run_counts_and_deletes_nothing(personas, media_root):
    old = full_mus(personas.employee, years_ago=6)
    report = services.run_retention(TODAY, apply=False)
    assert report.counts["Conversations: summaries"] == 1
    assert report.counts["Conversations: preparations"] == 2
    assert report.counts["Conversations: documents"] == 1
    assert report.counts["Development plans"] == 1
    assert report.counts["Competences: agreed levels"] == 1
    assert report.counts["Conversations whose content goes"] == 1
    assert content_rows(old.conversation) == EVERYTHING
    assert Path(old.document.file.path).exists()


def test_expired_content_goes_and_the_conversation_stays(
    personas, media_root, django_capture_on_commit_callbacks
):
    old = full_mus(personas.employee, years_ago=6)
    recent = full_mus(personas.colleague, years_ago=1)
    responses = list(
        Preparation.objects.filter(conversation=old.conversation).values_list(
            "response_id", flat=True
        )
    )
    path = Path(old.document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_retention(TODAY, apply=True)
    assert content_rows(old.conversation) == NOTHING
    assert not Response.objects.filter(pk__in=responses).exists()
    assert not path.exists(), "the file goes with its row"
    kept = Conversation.objects.get(pk=old.conversation.pk)
    assert kept.state == old.conversation.state and kept.kind_id == old.conversation.kind_id
    assert kept.starts_at == old.conversation.starts_at and kept.content_deleted_at is not None
    assert kept.participants.count() == 2
    assert content_rows(recent.conversation) == EVERYTHING
    assert Path(recent.document.file.path).exists()
    # run again: nothing more to do
    assert services.run_retention(TODAY, apply=False).counts == {}


def test_the_progress_counts_stay(personas, media_root):
    """The leader's progress counts a held conversation by its row: deleting its content
    changes no count (retention run as if six years had passed)."""
    from samtale.access.viewer import acting_as

    full_mus(personas.employee)
    lene = acting_as(personas.leader)

    def counts():
        return [
            (p.kind.code, p.held, p.planned, p.missing)
            for p in progress.progress_for_leader(lene, today=TODAY)
        ]

    before = counts()
    assert any(held for _code, held, _planned, _missing in before)
    services.run_retention(TODAY.replace(year=TODAY.year + 6), apply=True)
    assert not SummaryVersion.objects.exists()
    assert counts() == before


def test_each_kind_keeps_its_content_as_long_as_it_says(personas, media_root):
    old = full_mus(personas.employee, years_ago=6)
    ConversationKind.objects.filter(code="mus").update(retention_years=10)
    services.run_retention(TODAY, apply=True)
    assert content_rows(old.conversation) == EVERYTHING
    ConversationKind.objects.filter(code="mus").update(retention_years=3)
    services.run_retention(TODAY, apply=True)
    assert content_rows(old.conversation) == NOTHING


def test_the_read_log_is_kept_its_years(personas, settings):
    settings.SAMTALE_READ_LOG_YEARS = 2
    old = ReadLog.objects.create(
        reader_name="X", subject_type="conversation", subject_id=1, what="Y"
    )
    ReadLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=3 * 365))
    new = ReadLog.objects.create(
        reader_name="X", subject_type="conversation", subject_id=1, what="Y"
    )
    assert services.run_retention(TODAY, apply=False).counts == {
        "Read log: reads older than 2 years": 1
    }
    services.run_retention(TODAY, apply=True)
    assert list(ReadLog.objects.values_list("pk", flat=True)) == [new.pk]


def test_people_who_left_long_ago_are_erased(personas, media_root, settings):
    settings.SAMTALE_LEAVER_YEARS = 5
    full_mus(personas.employee, years_ago=2)
    Person.objects.filter(pk=personas.employee.pk).update(
        end_date=TODAY - datetime.timedelta(days=6 * 365)
    )
    Person.objects.filter(pk=personas.colleague.pk).update(
        end_date=TODAY - datetime.timedelta(days=4 * 365)
    )
    assert services.run_retention(TODAY, apply=False).leavers == 1
    assert Person.objects.get(pk=personas.employee.pk).name == "Emma Ansat"
    report = services.run_retention(TODAY, apply=True)
    assert report.leavers == 1
    emma = Person.objects.get(pk=personas.employee.pk)
    assert emma.name == "Slettet person" and emma.email == "" and emma.user_id is None
    assert Person.objects.get(pk=personas.colleague.pk).name == "Kasper Kollega"
    record = Erasure.objects.get(person_id=emma.pk)
    assert record.why == Erasure.Why.RETENTION and record.by_name == ""
    assert services.run_retention(TODAY, apply=False).leavers == 0


def test_orphan_files_are_found_and_removed(personas, media_root):
    folder = Path(media_root) / "conversation-documents"
    folder.mkdir(parents=True)
    (folder / "left-behind").write_bytes(b"x")
    assert services.run_retention(TODAY, apply=False).orphan_files == 1
    assert (folder / "left-behind").exists()
    services.run_retention(TODAY, apply=True)
    assert not (folder / "left-behind").exists()


def test_the_command_reports_in_danish_and_english(personas, media_root):
    full_mus(personas.employee, years_ago=6)
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "prøvekørsel: intet slettes" in text and "Samtaler: referater: 1" in text
    assert SummaryVersion.objects.exists()
    out = io.StringIO()
    call_command("retention", "--lang", "en", stdout=out)
    assert "Retention: deleted" in out.getvalue()
    assert "Conversations: summaries: 1" in out.getvalue()
    assert not SummaryVersion.objects.exists()
