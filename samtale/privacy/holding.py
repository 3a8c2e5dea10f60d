"""What the privacy app itself holds (the erasure record), and the framework's models
that Samtale uses: each is named here, so that the test that every model is named
(``tests/test_registry.py``) covers them too."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core.personal_data import (
    COVERED,
    NO_PERSONAL_DATA,
    Counts,
    Holding,
    delete_in_batches,
)

# django-axes' records of logins (username = the e-mail address, the client address):
# kept this long for the security officer, then ``samtale retention`` deletes them.
LOGIN_RECORD_DAYS = 90


def _login_records() -> list[Any]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [AccessAttempt, AccessFailureLog, AccessLog]


def erase(person: Any) -> Counts:
    """The administration pages' history names the people whose records were changed
    there (``object_repr``): those rows go; so do the records of their logins."""
    from django.contrib.contenttypes.models import ContentType

    from samtale.org.models import Person

    kind = ContentType.objects.get_for_model(Person)
    rows = LogEntry.objects.filter(content_type=kind, object_id=str(person.pk))
    counts = {_("Administration: history of changes"): rows.delete()[0]}
    emails = {e for e in (person.email, getattr(person.user, "email", "")) if e}
    logins = 0
    for model in _login_records():
        for email in emails:
            logins += model.objects.filter(username__iexact=email).delete()[0]
    counts[_("Records of logins")] = logins
    return counts


def expire(today: datetime.date, apply: bool) -> Counts:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=LOGIN_RECORD_DAYS), datetime.time.min
        )
    )
    label = _("Records of logins older than %(days)s days") % {"days": LOGIN_RECORD_DAYS}
    found = 0
    for model in _login_records():
        old = model.objects.filter(attempt_time__lt=cutoff)
        found += delete_in_batches(old) if apply else old.count()
    return {label: found}


HOLDING = Holding(
    app="privacy",
    order=50,
    models={
        # No name of the erased person: see models.Erasure.
        "privacy.Erasure": NO_PERSONAL_DATA,
        "admin.LogEntry": COVERED,
        # A login's sessions go with the login (samtale.access.privacy).
        "sessions.Session": COVERED,
        "auth.Permission": NO_PERSONAL_DATA,
        "auth.Group": NO_PERSONAL_DATA,
        "contenttypes.ContentType": NO_PERSONAL_DATA,
        # Task results name mail and launch ids; ``samtale prune_db_task_results``.
        "django_tasks_database.DBTaskResult": NO_PERSONAL_DATA,
        # Failed and locked-out logins (django-axes, samtale.access.throttle).
        "axes.AccessAttempt": COVERED,
        "axes.AccessAttemptExpiration": COVERED,  # goes with its attempt (CASCADE)
        "axes.AccessFailureLog": COVERED,
        "axes.AccessLog": COVERED,
    },
    erase=erase,
    expire=expire,
)
