from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from samtale.access.leavers import has_left
from samtale.access.viewer import viewer_for


class ViewerMiddleware:
    """Puts ``request.viewer`` next to ``request.user``; built on first use.

    A session whose login may no longer be used ends here, whichever backend made it: a
    person who has left (``samtale.access.leavers``), or a login the backend no longer
    loads (deactivated). The request goes on logged out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:  # is it still good?
            user = request.user
            if SESSION_KEY in session and (not user.is_authenticated or has_left(user)):
                logout(request)
        # ``viewer`` is ViewerRequest's own attribute (samtale.access.http), set here.
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


SEEN_KEY = "_samtale_seen"
REFRESH_SECONDS = 60


def mark_seen_at_login(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """The login itself saves the session with a fresh expiry: the first page after it
    need not save it again."""
    request.session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A login ends after ``SESSION_IDLE_MINUTES`` without a request: the session's expiry
    (``SESSION_COOKIE_AGE`` from its last save) is moved forward by saving the session,
    at most once a minute rather than on every request (``SESSION_SAVE_EVERY_REQUEST``
    would write the session table on every page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if not isinstance(seen, int) or not 0 <= now - seen < REFRESH_SECONDS:
                request.session[SEEN_KEY] = now  # saved after the view, with a new expiry
        return self.get_response(request)
