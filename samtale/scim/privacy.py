"""What SCIM holds about people (``samtale.core.personal_data``): the identity system's
names for a person (``ScimIdentity``: its userName, often the e-mail address, and its
object id) and the log of its writes (``ScimChange``: whom, what, when, by which token).

The log is kept as long as the read log (``SAMTALE_READ_LOG_YEARS``), then ``samtale
retention`` deletes it; an erased person's identity and log rows go at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core.personal_data import (
    COVERED,
    NO_PERSONAL_DATA,
    Counts,
    Holding,
    delete_in_batches,
    years_before,
)
from samtale.scim.models import ScimChange, ScimIdentity


def export(viewer: Any) -> dict[str, Any]:
    identity = ScimIdentity.objects.filter(person=viewer.person).first()
    changes = ScimChange.objects.filter(person=viewer.person).order_by("at", "pk")
    if identity is None and not changes.exists():
        return {}
    return {
        "identity_system": {
            "user_name": identity.user_name if identity else None,
            "external_id": identity.external_id if identity else None,
        },
        "identity_system_changes": [
            {
                "at": timezone.localtime(change.at).isoformat(),
                "action": change.get_action_display(),
                "fields": change.fields,
                "by": change.token_name,
            }
            for change in changes
        ],
    }


def erase(person: Any) -> Counts:
    return {
        _("Identity system: names of the person"): ScimIdentity.objects.filter(
            person=person
        ).delete()[0],
        _("Identity system: changes"): ScimChange.objects.filter(person=person).delete()[0],
    }


def expire(today: datetime.date, apply: bool) -> Counts:
    years = settings.SAMTALE_READ_LOG_YEARS
    old = ScimChange.objects.filter(at__lt=years_before(today, years))
    label = _("Identity system: changes older than %(years)s years") % {"years": years}
    return {label: delete_in_batches(old) if apply else old.count()}


HOLDING = Holding(
    app="scim",
    order=85,
    models={
        # A token's name and who made it (SET_NULL; the shell an erasure leaves).
        "scim.ScimToken": NO_PERSONAL_DATA,
        "scim.ScimIdentity": COVERED,
        "scim.ScimChange": COVERED,
    },
    export=export,
    erase=erase,
    expire=expire,
)
