"""What the competences app holds about a person (``samtale.core.personal_data``): the
competence levels agreed in their conversations' summaries.

Agreed levels are conversation content: they go with the summary they were agreed in,
when the conversation's retention period ends or the person is erased. The competences
overview counts current levels, so a person whose last level expired no longer counts
in it (a level agreed more years ago than the kind keeps its content is stale anyway)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from samtale.competences.models import AgreedLevel
from samtale.conversations import privacy as conversations_privacy
from samtale.core.personal_data import (
    COVERED,
    NO_PERSONAL_DATA,
    Counts,
    Holding,
    delete_in_batches,
)


def export(viewer: Any) -> dict[str, Any]:
    levels = [
        {
            "competence": level.competence.name,
            "level": level.level,
            "agreed_on": level.agreed_on.isoformat(),
            "accepted": level.accepted_at is not None,
            "current": level.current,
        }
        for level in AgreedLevel.objects.filter(person=viewer.person, accepted_at__isnull=False)
        .select_related("competence")
        .order_by("-agreed_on", "-pk")
    ]
    return {"agreed_levels": levels} if levels else {}


def erase(person: Any) -> Counts:
    return {_("Competences: agreed levels"): AgreedLevel.objects.filter(person=person).delete()[0]}


def expire(today: datetime.date, apply: bool) -> Counts:
    old = AgreedLevel.objects.filter(
        summary__conversation__in=conversations_privacy.expired(today).values("pk")
    )
    return {_("Competences: agreed levels"): delete_in_batches(old) if apply else old.count()}


HOLDING = Holding(
    app="competences",
    order=10,
    models={
        "competences.CompetenceCategory": NO_PERSONAL_DATA,
        "competences.Competence": NO_PERSONAL_DATA,
        "competences.CompetenceProfile": NO_PERSONAL_DATA,
        "competences.ProfileRequirement": NO_PERSONAL_DATA,
        # A unit's future need; its author's id (SET_NULL) is kept under the anonymous
        # shell an erasure leaves.
        "competences.FutureNeed": NO_PERSONAL_DATA,
        "competences.AgreedLevel": COVERED,
        # Numbers of people and levels per unit and group, kept by triggers: no person.
        "competences.PeopleCount": NO_PERSONAL_DATA,
        "competences.LevelCount": NO_PERSONAL_DATA,
    },
    export=export,
    erase=erase,
    expire=expire,
)
