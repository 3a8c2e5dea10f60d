"""Erasure of a person and the nightly retention, across every app's holding
(``samtale.core.personal_data``)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samtale.conversations.documents.services import delete_orphan_files, orphan_files
from samtale.core import personal_data
from samtale.org.models import Person
from samtale.privacy import policy
from samtale.privacy.models import Erasure

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

logger = logging.getLogger(__name__)


def is_erased(person: Person) -> bool:
    return Erasure.objects.filter(person_id=person.pk).exists()


def _erase(person: Person) -> personal_data.Counts:
    """Every holding's erase, in order (the organisation's anonymous shell last)."""
    counts: personal_data.Counts = {}
    for holding in personal_data.registered():
        if holding.erase is not None:
            personal_data.add(counts, holding.erase(person))
    return {label: n for label, n in counts.items() if n}


@transaction.atomic
def erase(person: Person, *, by: Viewer, reason: str) -> Erasure:
    """Erase everything about the person on request (art. 17): HR for their unit or an
    administrator, with a reason. Keeps the anonymous shell and the counts; the erasure
    is recorded without the person's name."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not policy.can_erase(by, person, erased=is_erased(person)):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Say why, in a sentence (at least 10 characters).")})
    counts = _erase(person)
    by_name = by.person.name if by.person is not None else (by.user.email if by.user else "")
    record = Erasure.objects.create(
        person_id=person.pk,
        why=Erasure.Why.REQUEST,
        reason=reason,
        by_name=by_name,
        counts=counts,
    )
    logger.info("Erased person %s on request by %s: %s", person.pk, by_name, counts)
    return record


def leavers(today: datetime.date) -> list[int]:
    """The people who left more than ``SAMTALE_LEAVER_YEARS`` years before ``today`` and
    are not erased yet."""
    cutoff = personal_data.years_before(today, settings.SAMTALE_LEAVER_YEARS).date()
    return list(
        Person.objects.filter(end_date__lt=cutoff)
        .exclude(pk__in=Erasure.objects.values("person_id"))
        .values_list("pk", flat=True)
    )


@dataclass
class RetentionReport:
    counts: personal_data.Counts = field(default_factory=dict)
    leavers: int = 0
    orphan_files: int = 0


BATCH = 200


def run_retention(today: datetime.date, *, apply: bool) -> RetentionReport:
    """What has expired by ``today``: each holding's rows (deleted in batches, each in a
    transaction), the people who left long enough ago (erased in batches of
    transactions), and document files that no row names. With ``apply`` it deletes;
    otherwise it counts."""
    report = RetentionReport()
    for holding in personal_data.registered():
        if holding.expire is not None:
            personal_data.add(report.counts, holding.expire(today, apply))
    gone = leavers(today)
    report.leavers = len(gone)
    if apply:
        for batch in personal_data.batches(gone, BATCH):
            with transaction.atomic():
                for person in Person.objects.filter(pk__in=batch):
                    counts = _erase(person)
                    personal_data.add(report.counts, counts)
                    Erasure.objects.create(
                        person_id=person.pk, why=Erasure.Why.RETENTION, counts=counts
                    )
    orphans = orphan_files()
    report.orphan_files = len(orphans)
    if apply and orphans:
        delete_orphan_files(orphans)
    report.counts = {label: n for label, n in report.counts.items() if n}
    return report
