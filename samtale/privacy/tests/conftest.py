"""A MUS with every kind of content, for the retention, erasure and export tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samtale.competences.models import Competence
from samtale.conversations import services
from samtale.conversations.documents import services as document_services
from samtale.conversations.followups import services as followup_services
from samtale.conversations.models import Conversation
from samtale.development import services as development_services
from samtale.testing import factories
from samtale.testing.factories import actor, host

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Full:
    conversation: Conversation
    document: Any


def full_mus(person: Any, *, years_ago: float | None = None) -> Full:
    """``person``'s MUS with their leader: a theme, both preparations (the person's
    shared), a document, held, a summary with an agreed level accepted, notes, a plan
    goal and a follow-up request; ``years_ago``: held that long ago."""
    conversation = factories.invited("mus", person=person, starts_at=factories.soon(0, hours=1))
    me, leader = actor(person), host(conversation)
    services.propose_theme(conversation, by=me, text="Mit tema")
    preparation = services.preparation_of(conversation, by=me)
    services.share_preparation(preparation, by=me)
    services.preparation_of(conversation, by=leader)
    document = document_services.attach_document(
        conversation,
        by=me,
        upload=SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf"),
        title="Mit CV",
    )
    services.mark_held(conversation, by=leader)
    development_services.add_item(conversation, by=leader, goal="Lære at lede møder")
    services.write_summary(
        conversation,
        by=leader,
        summary="Et godt år for Emma.",
        parts={
            "agreed_levels": {
                "levels": {Competence.objects.filter(active=True).order_by("pk")[0].pk: 3}
            }
        },
    )
    services.share_summary(conversation, by=leader)
    services.respond_to_summary(conversation, by=me, accept=True, comment="Enig")
    services.save_note(conversation, by=me, shared=False, text="Mine private noter")
    services.save_note(conversation, by=leader, shared=True, text="Fælles noter")
    followup_services.request_follow_up(conversation, by=me, reason="Jeg vil tale om løn")
    if years_ago is not None:
        factories.move(conversation, timezone.now() - datetime.timedelta(days=365.25 * years_ago))
    conversation.refresh_from_db()
    return Full(conversation, document)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
