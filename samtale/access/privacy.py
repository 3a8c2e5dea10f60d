"""What the access layer holds about a person (``samtale.core.personal_data``): the
login, the calendar-feed addresses, and the read log (who read whose content).

The read log is kept ``SAMTALE_READ_LOG_YEARS`` years, then ``samtale retention``
deletes it. The rows about an erased person's conversations go with their content
(``samtale.conversations.privacy``); the rows of what the erased person read of others'
content stay (the others' record of who read their data) under an anonymous name."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.access.models import (
    CalendarFeedToken,
    OidcIdentity,
    PasswordResetRequest,
    ReadLog,
    User,
)
from samtale.core.personal_data import COVERED, Counts, Holding, delete_in_batches, years_before
from samtale.org.privacy import erased_name


def _when(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def export(viewer: Any) -> dict[str, Any]:
    user = viewer.user
    return {
        "login": {
            "email": user.email,
            "created": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "single_sign_on": [
            {"issuer": found.issuer, "subject": found.subject, "created": _when(found.created)}
            for found in OidcIdentity.objects.filter(user=user)
        ],
        "calendar_feed_addresses": [
            {"created": _when(token.created), "revoked": _when(token.revoked_at)}
            for token in CalendarFeedToken.objects.filter(person=viewer.person)
        ],
    }


def _sessions_of(user: User) -> list[str]:
    """The keys of the user's sessions (the session store keeps the user's id inside
    its encoded data, so each is decoded: an erasure is rare)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def erase(person: Any) -> Counts:
    counts = {
        _("Access: calendar-feed addresses"): CalendarFeedToken.objects.filter(
            person=person
        ).delete()[0]
    }
    emails = {person.email} if person.email else set()
    user = User.objects.filter(pk=person.user_id).first() if person.user_id else None
    if user is not None and user.email:
        emails.add(user.email)
    reset_requests = PasswordResetRequest.objects.none()
    for email in emails:
        reset_requests |= PasswordResetRequest.objects.filter(email__iexact=email)
    counts[_("Access: password resets asked for")] = reset_requests.delete()[0]
    if user is None:
        counts[_("Access: logins")] = 0
        return counts
    ReadLog.objects.filter(reader=user).update(reader_name=erased_name())
    Session.objects.filter(session_key__in=_sessions_of(user)).delete()
    from samtale.org.models import Person

    Person.objects.filter(pk=person.pk).update(user=None)
    user.delete()
    counts[_("Access: logins")] = 1
    return counts


def expire(today: datetime.date, apply: bool) -> Counts:
    years = settings.SAMTALE_READ_LOG_YEARS
    old = ReadLog.objects.filter(at__lt=years_before(today, years))
    label = _("Read log: reads older than %(years)s years") % {"years": years}
    yesterday = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    resets = PasswordResetRequest.objects.filter(at__lt=yesterday - datetime.timedelta(days=1))
    reset_label = _("Password resets asked for more than a day ago")
    if not apply:
        return {label: old.count(), reset_label: resets.count()}
    return {label: delete_in_batches(old), reset_label: delete_in_batches(resets)}


HOLDING = Holding(
    app="access",
    order=90,
    models={
        "access.User": COVERED,
        "access.ReadLog": COVERED,
        "access.CalendarFeedToken": COVERED,
        # Bound to the login: deleted with it (CASCADE), listed in the export.
        "access.OidcIdentity": COVERED,
        # The e-mail address a reset was asked for: kept a day for the hourly limit.
        "access.PasswordResetRequest": COVERED,
    },
    export=export,
    erase=erase,
    expire=expire,
)
