"""People who have left: their login stops working and their sessions end.

A person has left once the day after their end date has begun (``Person.is_active``:
the end date is their last working day). ``has_left`` is the one rule; every way in
asks it: the password login and the loading of a session's user
(``backends.ViewerBackend.user_can_authenticate``), and every request whatever backend
made its session (``middleware.ViewerMiddleware``, which logs a leaver out: the session
ends on the first request after the end date). ``end_sessions`` deletes the stored
sessions of leavers: the nightly ``samtale end_sessions``, and at once when an end date
in the past is set (the import, the administration pages: ``org.signals.people_left``).
Their data stays (retention is its own rule).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from samtale.access.viewer import _PERSON_READ
from samtale.org.models import Person


def has_left(user: Any, day: datetime.date | None = None) -> bool:
    """Whether the login belongs to a person whose employment ended before ``day``
    (today). A login without a person (an administrator) has not left. No query when
    the person was read with the user (the viewer backend does)."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    if hasattr(user, _PERSON_READ):
        person = getattr(user, _PERSON_READ)
    else:
        try:
            person = user.person
        except Person.DoesNotExist:
            person = None
    return person is not None and not person.is_active_on(day)


def leavers_user_ids(day: datetime.date | None = None) -> set[int]:
    """The logins of everyone whose employment ended before ``day`` (today)."""
    day = day or timezone.localdate()
    return set(
        Person.objects.filter(end_date__lt=day, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def end_sessions(user_ids: Iterable[int]) -> int:
    """Delete every stored session of these logins; returns how many. Sessions in the
    database (Django's ``db`` and ``cached_db`` engines) are read once each; another
    engine cannot be searched, and its sessions end at the leaver's next request."""
    wanted = {str(pk) for pk in user_ids}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not wanted or not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    ended = 0
    rows = model.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    )
    for key, data in rows.iterator(chunk_size=2000):
        if str(store().decode(data).get(SESSION_KEY)) in wanted:
            store(session_key=key).delete()  # the cache's copy too (cached_db)
            ended += 1
    return ended


def end_leavers_sessions(day: datetime.date | None = None) -> int:
    """End the sessions of everyone who has left before ``day`` (today)."""
    return end_sessions(leavers_user_ids(day))


def people_left(sender: Any, person_ids: Iterable[int], **kwargs: Any) -> None:
    """Receiver of ``samtale.org.signals.people_left``: end their sessions now."""
    end_sessions(
        Person.objects.filter(pk__in=list(person_ids), user__isnull=False)
        .filter(end_date__lt=timezone.localdate())
        .values_list("user_id", flat=True)
    )
