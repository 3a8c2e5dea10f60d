"""Shared worlds: test data built once per test process, each test in a savepoint on top.

A *world* is data that many tests start from: the named personas, the demo organisation,
the conversations of the access matrix. Built anew for every test, worlds cost most of
the suite's time (the personas 50-70 ms a test, the demo seconds). So:

- ``@world()`` declares one: the decorated function builds it, and becomes the fixture
  of the same name, so a test asks for it as before (``def test_x(personas): ...``).
  ``@world(on="personas")``: built on top of another world, whose value the function
  gets. ``media=True``: the builder writes files; it runs with a MEDIA_ROOT of the
  world's own, and each test gets a copy of those files as its MEDIA_ROOT.
- The worlds are open transactions on the test database, one inside the other (a
  ``Stack``, one per test process: per xdist worker). Before pytest-django opens a
  test's transaction (conftest.py wraps its ``_django_db_helper``), the worlds the test
  asks for are made the open ones: a world it does not ask for is rolled back, so no
  test sees data it did not ask for; a missing one is built. The test's own transaction
  is a savepoint on top, rolled back after the test: what a test writes goes with it.
- Each test gets a deep copy of what the builders returned, so model instances that a
  test changes in memory do not reach the next test either.
- A test that commits (``transaction=True``, ``live_server``: the browser tests) cannot
  run inside an open transaction. Every world is rolled back before it, and the world's
  fixture builds the world inside the test, as before; pytest-django's flush removes it
  afterwards. A world asked for only while a test runs (``getfixturevalue``) is built
  inside the test in the same way.
- A world built on an earlier day is built again: its dates are relative to today.
- Mail sent while a world is built is not in the test's ``mail.outbox``.
- ``order`` sorts the tests so that the tests of one world run one after another
  (conftest.py's ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import copy
import datetime
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from pytest_django.fixtures import validate_django_db


@dataclass(frozen=True)
class _Spec:
    name: str
    build: Callable[..., Any]
    on: str | None
    media: bool
    fixture: Callable[..., Any]


# Every declared world by name (its fixture's name): filled as modules are imported.
_SPECS: dict[str, _Spec] = {}


def world(*, on: str | None = None, media: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """Declare the world that the decorated function builds; the result is its fixture."""

    def declare(build: Callable[..., Any]) -> Any:
        name = build.__name__
        if name in _SPECS:
            raise ValueError(f"two worlds are called {name!r}")

        def fixture(request: pytest.FixtureRequest, db: None) -> Any:
            return _value(request, name)

        fixture.__doc__ = build.__doc__
        _SPECS[name] = _Spec(name, build, on, media, fixture)
        return pytest.fixture(name=name)(fixture)

    return declare


def worlds_of(item: pytest.Item) -> tuple[str, ...]:
    """The worlds ``item`` asks for through its fixtures, outermost first. A fixture
    counts when it is the world's (another module may have a fixture of the same name);
    that is read from pytest's resolved fixtures: should pytest stop keeping them where
    they are read, no world counts and every test builds its worlds itself (slow, but
    just as right)."""
    resolved = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    chains = [
        _chain_of(name)
        for name in getattr(item, "fixturenames", ())
        if name in _SPECS and any(d.func is _SPECS[name].fixture for d in resolved.get(name, ()))
    ]
    longest = max(chains, key=len, default=())
    for other in chains:
        if longest[: len(other)] != other:
            raise pytest.UsageError(
                f"the worlds {other[-1]!r} and {longest[-1]!r} cannot be open together"
            )
    return longest


def _chain_of(name: str) -> tuple[str, ...]:
    spec = _SPECS[name]
    return (*_chain_of(spec.on), name) if spec.on else (name,)


def commits(node: pytest.Item, fixturenames: Iterable[str]) -> bool:
    """Does pytest-django run this test as a TransactionTestCase (committing)?"""
    marker = node.get_closest_marker("django_db")
    if marker is not None:
        transaction_, reset_sequences, *_ = validate_django_db(marker)
        if transaction_ or reset_sequences:
            return True
    names = set(fixturenames)
    return bool(names & {"transactional_db", "live_server", "django_db_reset_sequences"})


def order(item: pytest.Item) -> tuple[int, tuple[str, ...]]:
    """Sort key: pytest-django's order (database tests, committing tests, the others),
    then the test's worlds, so that the tests of one world follow each other."""
    names = getattr(item, "fixturenames", ())
    if commits(item, names):
        return 1, ()
    uses_db = "db" in names or item.get_closest_marker("django_db") is not None
    return (0 if uses_db else 2), worlds_of(item)


@dataclass
class _Open:
    """A world built and open: its transaction, and the builders' values up to it."""

    name: str
    atomic: transaction.Atomic
    values: dict[str, Any]
    day: datetime.date
    media: Path | None
    own_media: bool


class _Copies:
    """One test's copies of the open worlds' values, made when first asked for (one deep
    copy for all, so that the objects refer to each other as the builders' did)."""

    def __init__(self, top: _Open) -> None:
        self.top = top
        self._values: dict[str, Any] | None = None

    def get(self, request: pytest.FixtureRequest, name: str) -> Any:
        if self._values is None:
            self._values = copy.deepcopy(self.top.values)
            if self.top.media is not None:
                media = request.getfixturevalue("tmp_path") / "media"
                shutil.copytree(self.top.media, media, dirs_exist_ok=True)
                request.getfixturevalue("settings").MEDIA_ROOT = media
        return self._values[name]


_COPIES = pytest.StashKey[_Copies]()


class Stack:
    """The open worlds of this test process, outermost first."""

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._open: list[_Open] = []

    def enter(self, request: pytest.FixtureRequest) -> None:
        """Make the test's worlds the open ones (before its own transaction begins)."""
        item = request.node
        top = self.open(() if commits(item, request.fixturenames) else worlds_of(item))
        if top is not None:
            item.stash[_COPIES] = _Copies(top)

    def open(self, wanted: tuple[str, ...]) -> _Open | None:
        """Make ``wanted`` (outermost first) the open worlds; returns the innermost."""
        today = timezone.localdate()
        with self._blocker.unblock():
            self._check()
            keep = 0
            for opened, name in zip(self._open, wanted, strict=False):
                if opened.name != name or opened.day != today:
                    break
                keep += 1
            while len(self._open) > keep:
                self._pop()
            for name in wanted[keep:]:
                self._push(name, today)
        return self._open[-1] if self._open else None

    def close(self) -> None:
        with self._blocker.unblock():
            while self._open:
                self._pop()

    def _check(self) -> None:
        """The connection's open transactions must be the worlds' (a test that left one
        open, or a connection closed under them, would make every later test wrong)."""
        ours = [opened.atomic for opened in self._open]
        if connection.atomic_blocks != ours:
            raise RuntimeError(
                "the test database's open transactions are not the worlds' "
                f"({len(connection.atomic_blocks)} open, {len(ours)} worlds): a test left a "
                "transaction open or closed the connection"
            )

    def _push(self, name: str, today: datetime.date) -> None:
        spec = _SPECS[name]
        below = self._open[-1] if self._open else None
        values = copy.deepcopy(below.values) if below else {}
        media = below.media if below else None
        own_media = spec.media
        if own_media:
            new = Path(tempfile.mkdtemp(prefix=f"samtale-world-{name}-"))
            if media is not None:
                shutil.copytree(media, new, dirs_exist_ok=True)
            media = new
        atomic = transaction.atomic()
        atomic.__enter__()
        outbox = getattr(mail, "outbox", None)  # the test e-mail backend's list
        sent = len(outbox) if outbox is not None else 0
        try:
            with ExitStack() as stack:
                if media is not None:
                    stack.enter_context(override_settings(MEDIA_ROOT=media))
                values[name] = spec.build(values[spec.on]) if spec.on else spec.build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            if own_media and media is not None:
                shutil.rmtree(media, ignore_errors=True)
            raise
        finally:
            if outbox is not None:
                del outbox[sent:]
        self._open.append(_Open(name, atomic, values, today, media, own_media))

    def _pop(self) -> None:
        opened = self._open.pop()
        transaction.set_rollback(True)
        opened.atomic.__exit__(None, None, None)
        if opened.own_media and opened.media is not None:
            shutil.rmtree(opened.media, ignore_errors=True)


def _value(request: pytest.FixtureRequest, name: str) -> Any:
    """The test's copy of the world ``name``, or (if it is not open for this test) the
    world built here, inside the test's own transaction."""
    copies = request.node.stash.get(_COPIES, None)
    if copies is not None and name in copies.top.values:
        return copies.get(request, name)
    spec = _SPECS[name]
    below = request.getfixturevalue(spec.on) if spec.on else None
    if spec.media:
        media = request.getfixturevalue("tmp_path") / "media"
        request.getfixturevalue("settings").MEDIA_ROOT = media
    return spec.build(below) if spec.on else spec.build()
