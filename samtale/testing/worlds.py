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
  run inside an open transaction, and pytest-django flushes the database after it.
  Before it, every world is rolled back and the database is put back as the migrations
  left it, with the test's worlds committed in it: on SQLite's in-memory database both
  are copies saved the first time (``_Snapshot``: milliseconds, where pytest-django's
  serialized_rollback took most of a second a test); on another database the rows are
  reloaded and the world's fixture builds the world inside the test. A world asked for
  only while a test runs (``getfixturevalue``) is also built inside the test.
- A world built on an earlier day is built again: its dates are relative to today.
- Mail sent while a world is built is not in the test's ``mail.outbox``.
- ``order`` sorts the tests so that the tests of one world run one after another
  (conftest.py's ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import copy
import datetime
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.commands import flush
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
    """One test's copies of its worlds' values, made when first asked for (one deep copy
    for all, so that the objects refer to each other as the builders' did)."""

    def __init__(self, values: dict[str, Any], media: Path | None) -> None:
        self.built = values
        self.media = media
        self._values: dict[str, Any] | None = None

    def get(self, request: pytest.FixtureRequest, name: str) -> Any:
        if self._values is None:
            self._values = copy.deepcopy(self.built)
            if self.media is not None:
                media = request.getfixturevalue("tmp_path") / "media"
                shutil.copytree(self.media, media, dirs_exist_ok=True)
                request.getfixturevalue("settings").MEDIA_ROOT = media
        return self._values[name]


_COPIES = pytest.StashKey[_Copies]()


class _Snapshot:
    """The whole test database, saved to be put back. SQLite's in-memory database is
    copied with SQLite's backup API (milliseconds); another database is saved as rows in
    Django's serialized form and put back by a flush and a reload (as pytest-django's
    serialized_rollback does)."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.copies_fast = connection.vendor == "sqlite" and cast(Any, connection).is_in_memory_db()
        if self.copies_fast:
            self._copy = sqlite3.connect(":memory:")
            connection.connection.backup(self._copy)
        else:
            self._rows = connection.creation.serialize_db_to_string()

    def restore(self) -> None:
        connection.ensure_connection()
        if self.copies_fast:
            self._copy.backup(connection.connection)
        else:
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(self._rows)


@dataclass
class _Committed:
    """Worlds built committed (for committing tests) and the database saved with them."""

    snapshot: _Snapshot
    values: dict[str, Any]
    day: datetime.date


class Stack:
    """The worlds of this test process: those open (outermost first), and those saved
    for committing tests."""

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._open: list[_Open] = []
        # The database as the migrations left it, saved before the first committing test
        # (which, like every committing test, leaves it flushed: ``_dirty``).
        self._clean: _Snapshot | None = None
        self._dirty = False
        self._committed: dict[tuple[str, ...], _Committed] = {}

    @contextmanager
    def test(self, request: pytest.FixtureRequest) -> Iterator[None]:
        """Around a test, from before its own transaction begins to after it ends: make
        its worlds the open ones, or, for a committing test, put back the database as
        the migrations left it with the test's worlds committed in it (on SQLite;
        elsewhere its fixtures build them)."""
        item = request.node
        wanted = worlds_of(item)
        if not commits(item, request.fixturenames):
            top = self.open(wanted)
            if top is not None:
                item.stash[_COPIES] = _Copies(top.values, top.media)
            yield
            return
        copies = self._enter_committing(wanted)
        if copies is not None:
            item.stash[_COPIES] = copies
        # pytest-django flushes the database after a committing test, and the flush sends
        # post_migrate, which makes the content types and permissions again: most of its
        # time, and in vain, as the database is put back before the next test anyway.
        with patch.object(flush, "emit_post_migrate_signal", lambda *args: None):
            yield

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
            if self._dirty:
                assert self._clean is not None
                self._clean.restore()
                self._dirty = False
            for name in wanted[keep:]:
                self._push(name, today)
        return self._open[-1] if self._open else None

    def close(self) -> None:
        """Roll back the open worlds; leave the database as the migrations left it."""
        self.open(())

    def _enter_committing(self, wanted: tuple[str, ...]) -> _Copies | None:
        self.open(())  # no world open, the database as the migrations left it
        today = timezone.localdate()
        with self._blocker.unblock():
            if self._clean is None:
                self._clean = _Snapshot()
            self._dirty = True
            if not wanted or not self._clean.copies_fast:
                return None
            if any(_SPECS[name].media for name in wanted):
                return None
            saved = self._committed.get(wanted)
            if saved is None or saved.day != today:
                values: dict[str, Any] = {}
                for name in wanted:
                    values = _build(name, values, None)[0]
                saved = self._committed[wanted] = _Committed(_Snapshot(), values, today)
            else:
                saved.snapshot.restore()
        return _Copies(saved.values, None)

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
        below = self._open[-1] if self._open else None
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            values, media, own_media = _build(
                name, below.values if below else {}, below.media if below else None
            )
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        self._open.append(_Open(name, atomic, values, today, media, own_media))

    def _pop(self) -> None:
        opened = self._open.pop()
        transaction.set_rollback(True)
        opened.atomic.__exit__(None, None, None)
        if opened.own_media and opened.media is not None:
            shutil.rmtree(opened.media, ignore_errors=True)


def _build(
    name: str, below: dict[str, Any], media: Path | None
) -> tuple[dict[str, Any], Path | None, bool]:
    """Build the world ``name`` on a copy of the values ``below`` (and the files in
    ``media``). Returns the values with the new world's, its media directory and whether
    that is its own; the mail its building sent is taken out of ``mail.outbox``."""
    spec = _SPECS[name]
    values = copy.deepcopy(below)
    own_media = spec.media
    if own_media:
        new = Path(tempfile.mkdtemp(prefix=f"samtale-world-{name}-"))
        if media is not None:
            shutil.copytree(media, new, dirs_exist_ok=True)
        media = new
    try:
        with ExitStack() as stack:
            if media is not None:
                stack.enter_context(override_settings(MEDIA_ROOT=media))
            values[name] = _built(spec, values[spec.on] if spec.on else None)
    except BaseException:
        if own_media and media is not None:
            shutil.rmtree(media, ignore_errors=True)
        raise
    return values, media, own_media


def _built(spec: _Spec, below: Any) -> Any:
    """What ``spec``'s builder returns (given the world below), without the mail it sent
    in ``mail.outbox``: a test's mail is what the test itself sends."""
    outbox = getattr(mail, "outbox", None)  # the test e-mail backend's list
    sent = len(outbox) if outbox is not None else 0
    try:
        return spec.build(below) if spec.on else spec.build()
    finally:
        if outbox is not None:
            del outbox[sent:]


def _value(request: pytest.FixtureRequest, name: str) -> Any:
    """The test's copy of the world ``name``, or (if it is not open for this test) the
    world built here, inside the test's own transaction."""
    copies = request.node.stash.get(_COPIES, None)
    if copies is not None and name in copies.built:
        return copies.get(request, name)
    spec = _SPECS[name]
    below = request.getfixturevalue(spec.on) if spec.on else None
    if spec.media:
        media = request.getfixturevalue("tmp_path") / "media"
        request.getfixturevalue("settings").MEDIA_ROOT = media
    return _built(spec, below)
