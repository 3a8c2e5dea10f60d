"""Numbers that are costly to count and may be a moment late: served from the cache while
they are counted again in the background (stale-while-revalidate).

``kept(key, latest, count)`` answers with

- what is kept under ``key``, if it was counted within ``fresh_seconds``;
- else what is kept under ``key`` from longer ago, or else the last thing counted for the
  same question under an earlier key (``latest`` names the question: it points at the
  last key counted for it), if counted within ``keep_seconds``: marked ``stale``, while
  ``count`` runs again in a thread of this process (one at a time per key) and keeps its
  result under ``key``;
- else ``count``'s result, counted now.

A key says what the numbers depend on (versions, the day): a change makes a new key, so
the first page after a change shows the numbers from before it, and the next one (once
counted) the new. Within a request the thread starts when the response has been sent
(``request_finished``), so that the page with the last numbers is not slowed by the
count; ``ready`` (if given) then runs in the thread with what was counted (to prepare
what the process derives from it). With ``settings.REFRESH_IN_BACKGROUND`` false (the
tests: a thread does not see a test's transaction) anything not fresh is counted now.

The cache may be per process (the default) or shared (``CACHE_URL``: Redis): with a
shared one, one process's count serves all of them, and one process at a time counts a
key (a mark in the cache, ``_counting_mark``, taken with ``cache.add``; it lapses after
``MARK_SECONDS`` if that process dies while counting).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connections

logger = logging.getLogger(__name__)

_LOCK = threading.Lock()
_START_LOCK = threading.Lock()
_clock = time.monotonic
# key -> the thread counting it, and since when (``_clock``).
_COUNTING: dict[str, tuple[threading.Thread, float]] = {}
# A count still waiting for its request's end after this many seconds is started by the
# next page that asks for it (a server that signals a request's end in another context).
WAIT_AT_MOST = 30.0
# A count's mark in the cache lapses after this long (a process that died counting).
MARK_SECONDS = 300
# The counts a request asked for, started when its response has been sent (None: not in
# a request).
_AFTER_RESPONSE: ContextVar[list[threading.Thread] | None] = ContextVar(
    "after_response", default=None
)


@dataclass(frozen=True)
class Kept[T]:
    value: T
    key: str  # the key it was counted under
    counted_at: float  # seconds since the epoch
    stale: bool = False  # a newer count is on its way (or is needed)


def kept[T](
    key: str,
    latest: str,
    count: Callable[[], T],
    *,
    fresh_seconds: int,
    keep_seconds: int,
    ready: Callable[[Kept[T]], object] | None = None,
    at_once: bool = False,
) -> Kept[T]:
    """See the module's docstring. ``at_once``: anything not fresh is counted now (a
    command that counts ahead of the pages)."""
    now = time.time()
    found: tuple[T, float] | None = cache.get(key)
    if found is not None and now - found[1] < fresh_seconds:
        return Kept(found[0], key, found[1])
    if at_once:
        return _count_now(key, latest, count, keep_seconds)
    older_key = key
    if found is None:
        pointer: str | None = cache.get(latest)
        older_key = pointer or key
        found = cache.get(pointer) if pointer and pointer != key else None
    if found is not None and now - found[1] < keep_seconds and settings.REFRESH_IN_BACKGROUND:
        _count_in_background(key, latest, count, keep_seconds, ready)
        return Kept(found[0], older_key, found[1], stale=True)
    return _count_now(key, latest, count, keep_seconds)


def _count_now[T](key: str, latest: str, count: Callable[[], T], keep_seconds: int) -> Kept[T]:
    value = count()
    counted_at = time.time()
    before: str | None = cache.get(latest)
    cache.set(key, (value, counted_at), keep_seconds)
    cache.set(latest, key, keep_seconds)
    if before is not None and before != key:
        cache.delete(before)  # one entry per question: a busy day makes many keys
    return Kept(value, key, counted_at)


def _count_in_background[T](
    key: str,
    latest: str,
    count: Callable[[], T],
    keep_seconds: int,
    ready: Callable[[Kept[T]], object] | None = None,
) -> None:
    def run() -> None:
        try:
            counted = _count_now(key, latest, count, keep_seconds)
            if ready is not None:
                ready(counted)
        except Exception:
            logger.exception("Counting %s in the background failed.", latest)
        finally:
            connections.close_all()  # this thread's own connections
            with _LOCK:
                _COUNTING.pop(key, None)
            cache.delete(_counting_mark(key))

    with _LOCK:
        found = _COUNTING.get(key)
        if found is not None:
            waiting_since = found[1]
            if found[0].ident is None and _clock() - waiting_since > WAIT_AT_MOST:
                _start(found[0])  # its request's end never came (see WAIT_AT_MOST)
            return
        if not cache.add(_counting_mark(key), os.getpid(), MARK_SECONDS):
            return  # another process counts it (a shared cache)
        thread = threading.Thread(target=run, name=f"count {latest}", daemon=True)
        _COUNTING[key] = (thread, _clock())
    waiting = _AFTER_RESPONSE.get()
    if waiting is None:
        _start(thread)
    else:
        waiting.append(thread)


def _counting_mark(key: str) -> str:
    return f"{key}:counting"


def _start(thread: threading.Thread) -> None:
    """Start ``thread`` unless it was started already (by its request's end, or late)."""
    with _START_LOCK:
        if thread.ident is None:
            thread.start()


def _request_started(**_ignored: Any) -> None:
    _request_finished()  # any left by a request whose end was not signalled
    _AFTER_RESPONSE.set([])


def _request_finished(**_ignored: Any) -> None:
    waiting = _AFTER_RESPONSE.get()
    _AFTER_RESPONSE.set(None)
    for thread in waiting or ():
        _start(thread)


request_started.connect(_request_started, dispatch_uid="samtale.lib.refreshing.started")
request_finished.connect(_request_finished, dispatch_uid="samtale.lib.refreshing.finished")


def wait_for_counting(timeout: float = 30.0) -> None:
    """Until the counts running in the background are done (tests and benchmarks)."""
    with _LOCK:
        running = [thread for thread, _since in _COUNTING.values()]
    for thread in running:
        if thread.is_alive():
            thread.join(timeout)
