"""The session engine (``SESSION_ENGINE``): Django's database sessions, except that a
request's session is read with a query built and compiled once per process
(``samtale.lib.prepared``), not by the ORM on every request.

Django asks for the row with the key and an expiry after now; here the row is read by
its key (the primary key) and an expired one is treated as missing, as Django would.
Everything else (saving, a new key, deleting, ``clearsessions``) is Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from samtale.lib.prepared import Prepared

_by_key = Prepared(lambda key: Session.objects.filter(session_key=key), text=True)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        found = _by_key(key) if isinstance(key, str) else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
