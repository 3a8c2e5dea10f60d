"""Stale-while-revalidate (``samtale.lib.refreshing``): what is served, what is counted
again, and when."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test.utils import override_settings

from samtale.lib import refreshing

FRESH = 60
KEEP = 3600


class Counter:
    """A count that returns the next number each time and says how often it ran."""

    def __init__(self, start: int = 1) -> None:
        self.next = start
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        value = self.next
        self.next += 1
        return value


def _kept(key: str, count: Any) -> refreshing.Kept[int]:
    return refreshing.kept(key, "latest", count, fresh_seconds=FRESH, keep_seconds=KEEP)


@pytest.fixture
def in_background() -> Any:
    with override_settings(REFRESH_IN_BACKGROUND=True):
        yield
    refreshing.wait_for_counting()


def test_nothing_kept_is_counted_now_and_kept() -> None:
    count = Counter()
    first = _kept("k1", count)
    assert (first.value, first.key, first.stale) == (1, "k1", False)
    again = _kept("k1", count)
    assert (again.value, again.counted_at, count.calls) == (1, first.counted_at, 1)


def test_after_a_change_the_last_counts_are_served_while_new_ones_are_counted(in_background):
    count = Counter()
    _kept("k1", count)
    stale = _kept("k2", count)  # a change: a new key
    assert (stale.value, stale.key, stale.stale) == (1, "k1", True)
    refreshing.wait_for_counting()
    fresh = _kept("k2", count)
    assert (fresh.value, fresh.key, fresh.stale) == (2, "k2", False)
    assert count.calls == 2


def test_without_the_background_a_change_is_counted_at_once() -> None:
    count = Counter()
    _kept("k1", count)
    assert (_kept("k2", count).value, count.calls) == (2, 2)


def test_counts_older_than_fresh_are_served_and_counted_again(in_background, monkeypatch):
    count = Counter()
    _kept("k1", count)
    later = time.time() + FRESH + 1
    monkeypatch.setattr(refreshing.time, "time", lambda: later)
    stale = _kept("k1", count)
    assert (stale.value, stale.stale) == (1, True)
    refreshing.wait_for_counting()
    assert (_kept("k1", count).value, count.calls) == (2, 2)


def test_counts_older_than_keep_are_counted_now(in_background, monkeypatch):
    count = Counter()
    _kept("k1", count)
    later = time.time() + KEEP + 1
    monkeypatch.setattr(refreshing.time, "time", lambda: later)
    found = _kept("k2", count)
    assert (found.value, found.stale, count.calls) == (2, False, 2)


def test_one_count_at_a_time_per_key(in_background):
    _kept("k1", Counter())
    release = threading.Event()
    calls = []

    def slow() -> int:
        calls.append(1)
        release.wait(10)
        return 7

    for _ in range(5):
        assert _kept("k2", slow).stale
    release.set()
    refreshing.wait_for_counting()
    assert calls == [1]
    assert _kept("k2", slow).value == 7


def test_a_count_that_fails_in_the_background_is_logged_and_tried_again(in_background, caplog):
    _kept("k1", Counter())

    def broken() -> int:
        raise RuntimeError("no")

    assert _kept("k2", broken).stale
    refreshing.wait_for_counting()
    assert "Counting latest in the background failed" in caplog.text
    assert cache.get("k2") is None
    count = Counter(5)
    assert _kept("k2", count).stale  # still the old ones, counting again
    refreshing.wait_for_counting()
    assert _kept("k2", count).value == 5


def test_in_a_request_the_count_starts_when_the_response_is_sent(in_background):
    _kept("k1", Counter())
    count = Counter(3)
    made: list[int] = []
    refreshing._request_started()  # as Django signals a request
    try:
        stale = refreshing.kept(
            "k2",
            "latest",
            count,
            fresh_seconds=FRESH,
            keep_seconds=KEEP,
            ready=lambda k: made.append(k.value),
        )
        assert stale.stale
        refreshing.wait_for_counting()
        assert count.calls == 0  # not while the page is being made
    finally:
        refreshing._request_finished()
    refreshing.wait_for_counting()
    assert (count.calls, made) == (1, [3])
    assert _kept("k2", count).value == 3


def test_only_the_latest_counts_of_a_question_are_kept(in_background):
    count = Counter()
    _kept("k1", count)
    _kept("k2", count)
    refreshing.wait_for_counting()
    _kept("k3", count)
    refreshing.wait_for_counting()
    assert cache.get("k1") is None and cache.get("k2") is None
    assert cache.get("k3")[0] == 3


def test_a_count_whose_request_end_never_came_is_started_by_a_later_page(
    in_background, monkeypatch
):
    _kept("k1", Counter())
    count = Counter(9)
    refreshing._request_started()
    assert _kept("k2", count).stale
    refreshing._AFTER_RESPONSE.set(None)  # the end of that request is signalled elsewhere
    assert _kept("k2", count).stale  # not yet: it may still come
    refreshing.wait_for_counting()
    assert count.calls == 0
    later = refreshing._clock() + refreshing.WAIT_AT_MOST + 1
    monkeypatch.setattr(refreshing, "_clock", lambda: later)
    assert _kept("k2", count).stale
    refreshing.wait_for_counting()
    assert count.calls == 1
    assert _kept("k2", count).value == 9


def test_a_key_another_process_counts_is_not_counted_here(in_background):
    """With a shared cache the processes agree through a mark in it: only the process
    that took the mark counts; the others show the last counts until its are kept."""
    count = Counter()
    _kept("k1", count)
    assert cache.add(refreshing._counting_mark("k2"), 999, 60)  # another process's
    for _ in range(3):
        found = _kept("k2", count)
        assert (found.value, found.stale) == (1, True)
    refreshing.wait_for_counting()
    assert count.calls == 1
    cache.set("k2", (5, time.time()), KEEP)  # its count arrives
    cache.delete(refreshing._counting_mark("k2"))
    assert (_kept("k2", count).value, count.calls) == (5, 1)


def test_the_mark_is_taken_while_counting_and_given_back(in_background):
    _kept("k1", Counter())
    release = threading.Event()
    marks: list[Any] = []

    def slow() -> int:
        marks.append(cache.get(refreshing._counting_mark("k2")))
        release.wait(10)
        return 2

    assert _kept("k2", slow).stale
    release.set()
    refreshing.wait_for_counting()
    assert marks and marks[0] is not None
    assert cache.get(refreshing._counting_mark("k2")) is None


def test_with_redis_one_process_counts_for_all(redis_cache, in_background):
    """CACHE_URL=redis://...: what one process counted, another (its own client of the
    same Redis) reads; its mark keeps the others from counting the same key."""
    from django.core.cache import caches

    count = Counter()
    assert _kept("k1", count).value == 1
    other = caches.create_connection("default")  # another process's client
    assert other.get("k1")[0] == 1
    assert other.add(refreshing._counting_mark("k2"), 1, 60)
    found = _kept("k2", count)
    assert (found.value, found.stale) == (1, True)
    refreshing.wait_for_counting()
    assert count.calls == 1
    other.set("k2", (7, time.time()), KEEP)
    other.delete(refreshing._counting_mark("k2"))
    assert (_kept("k2", count).value, count.calls) == (7, 1)
