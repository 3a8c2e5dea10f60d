"""Helpers for the API tests: conversations told through the services, as the pages'
tests do, and answers to a preparation form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.models import Conversation
from samtale.questionnaires.models import Question, QuestionType
from samtale.questionnaires.services import save_answer
from samtale.testing import factories
from samtale.testing.factories import actor, host

ME = "/api/v1/me"
LIST = "/api/v1/conversations"


@dataclass
class Conversations:
    mus: Conversation
    grus: Conversation


def planned(kind: str, **who: Any) -> Conversation:
    """A conversation of this kind, planned and invited for three days from now."""
    conversation = factories.planned(kind, **who)
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Mødelokalet",
    )
    return conversation


def text_question(conversation: Conversation) -> Question:
    question = (
        Question.objects.filter(
            section__version=conversation.questionnaire_version, type=QuestionType.TEXT
        )
        .order_by("section__order", "order", "pk")
        .first()
    )
    assert question is not None
    return question


def answer(conversation: Conversation, person: Any, text: str) -> Any:
    """``person`` answers the form's first text question in their own preparation
    (``person=None``: the team's, by its first member). Returns the preparation."""
    if person is None:
        member = conversation.participants.filter(role="participant").order_by("pk").first()
        assert member is not None
        preparation = services.preparation_of(conversation, by=actor(member.person), team=True)
    else:
        preparation = services.preparation_of(conversation, by=actor(person))
    save_answer(preparation.response, text_question(conversation), {"value": text})
    return preparation


def share(preparation: Any) -> Any:
    """Share the preparation, by its author (the team's: by one of its members)."""
    conversation = preparation.conversation
    if preparation.person is None:
        member = conversation.participants.filter(role="participant").order_by("pk").first()
        assert member is not None
        return services.share_preparation(preparation, by=actor(member.person))
    return services.share_preparation(preparation, by=actor(preparation.person))


def detail_url(conversation: Conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}"
