"""What the core holds about people (``samtale.core.personal_data``): the outgoing-mail
queue (addresses, names and times in the messages). A sent message is kept
``SENT_MAIL_DAYS`` days (to answer "did I get the invitation?"), then ``samtale
retention`` deletes it; the mails to an erased person go at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core.models import OutgoingMail
from samtale.core.personal_data import (
    COVERED,
    NO_PERSONAL_DATA,
    Counts,
    Holding,
    delete_in_batches,
)

SENT_MAIL_DAYS = 90


def _to(email: str) -> Any:
    return (
        OutgoingMail.objects.filter(to__icontains=email) if email else OutgoingMail.objects.none()
    )


def export(viewer: Any) -> dict[str, Any]:
    email = viewer.person.email if viewer.person is not None else ""
    mails = [
        {
            "subject": mail.subject,
            "created": timezone.localtime(mail.created).isoformat(),
            "status": mail.get_status_display(),
        }
        for mail in _to(email).order_by("created", "pk")
        if email.lower() in (address.lower() for address in mail.to)
    ]
    return {"emails": mails} if mails else {}


def erase(person: Any) -> Counts:
    ids = [
        mail.pk
        for mail in _to(person.email).only("pk", "to")
        if person.email.lower() in (address.lower() for address in mail.to)
    ]
    return {_("E-mails to the person"): OutgoingMail.objects.filter(pk__in=ids).delete()[0]}


def expire(today: datetime.date, apply: bool) -> Counts:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=SENT_MAIL_DAYS), datetime.time.min
        )
    )
    old = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT, sent_at__lt=cutoff)
    label = _("E-mails sent more than %(days)s days ago") % {"days": SENT_MAIL_DAYS}
    return {label: delete_in_batches(old) if apply else old.count()}


HOLDING = Holding(
    app="core",
    order=80,
    models={
        "core.OutgoingMail": COVERED,
        # A reminder's key names ids, never a person: "sent once" bookkeeping.
        "core.SentReminder": NO_PERSONAL_DATA,
    },
    export=export,
    erase=erase,
    expire=expire,
)
