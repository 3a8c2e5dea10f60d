"""The strategic overview's maintained counts: what ``gaps`` counts, kept up to date by
the database itself.

Two small tables hold, for the people with a unit and a professional group,

- ``PeopleCount``: how many there are per (unit, group, end of employment), and
- ``LevelCount``: their current agreed levels per (unit, group, end of employment,
  competence, level).

The end of employment is part of the key (``NO_END`` without one), so the counts need no
job when a day passes: a read takes the rows whose end lies today or later (the rule of
``org.queries.active_q``). The profiles are resolved when the counts are read, from the
unit's path and the group (``gaps.Profiles.case``), and a unit's place in the tree is
read from the unit: a unit that moves takes its counts along with nothing to update.

Triggers on ``org_person`` (a person created, moved, changing group or end date,
deleted) and ``competences_agreedlevel`` (a level becoming current or not, changed,
deleted) change the counts in the same transaction as the write, whoever writes: the
services, the import's bulk writers, the seed, a data migration, the admin. On
PostgreSQL an upsert (``INSERT ... ON CONFLICT DO UPDATE``) adds to a row, so concurrent
changes never lose one; a change takes a transaction-level advisory lock on its unit
first (two units in order for a move), so changes in one unit queue rather than
deadlock on the rows they share, and a level's trigger reads its person's unit with a
share lock, so a move and an acceptance of the same person come one after the other.

``rebuild()`` recounts everything from the people and their levels (``samtale
rebuild_competence_counts``; the migration that made the tables ran it), and
``differences()`` compares what is kept with a recount.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import connection, transaction

from samtale.competences.models import NO_END

# The namespace of the advisory locks (the first of the two keys), per unit.
LOCK_SPACE = 6170

PEOPLE = "competences_peoplecount"
LEVELS = "competences_levelcount"
PERSON = "org_person"
AGREED = "competences_agreedlevel"

_PEOPLE_KEY = "(unit_id, group_id, ends)"
_LEVELS_KEY = "(unit_id, group_id, ends, competence_id, level)"


def _upsert(table: str, key: str) -> str:
    return f"ON CONFLICT {key} DO UPDATE SET n = {table}.n + excluded.n"


# --- PostgreSQL --------------------------------------------------------------------------

_PG_LEVEL = f"""
CREATE OR REPLACE FUNCTION samtale_count_level() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p record;
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.current, OLD.level, OLD.competence_id, OLD.person_id)
            IS NOT DISTINCT FROM (NEW.current, NEW.level, NEW.competence_id, NEW.person_id) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.current THEN
        SELECT unit_id, professional_group_id, COALESCE(end_date, DATE '{NO_END}') AS ends
            INTO p FROM {PERSON} WHERE id = OLD.person_id FOR SHARE;
        IF p.unit_id IS NOT NULL AND p.professional_group_id IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock({LOCK_SPACE}, p.unit_id::int);
            INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
            VALUES (p.unit_id, p.professional_group_id, p.ends, OLD.competence_id, OLD.level, -1)
            {_upsert(LEVELS, _LEVELS_KEY)};
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.current THEN
        SELECT unit_id, professional_group_id, COALESCE(end_date, DATE '{NO_END}') AS ends
            INTO p FROM {PERSON} WHERE id = NEW.person_id FOR SHARE;
        IF p.unit_id IS NOT NULL AND p.professional_group_id IS NOT NULL THEN
            PERFORM pg_advisory_xact_lock({LOCK_SPACE}, p.unit_id::int);
            INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
            VALUES (p.unit_id, p.professional_group_id, p.ends, NEW.competence_id, NEW.level, 1)
            {_upsert(LEVELS, _LEVELS_KEY)};
        END IF;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS samtale_count_level ON {AGREED};
CREATE TRIGGER samtale_count_level
    AFTER INSERT OR UPDATE OR DELETE ON {AGREED}
    FOR EACH ROW EXECUTE FUNCTION samtale_count_level();
"""

_PG_PERSON = f"""
CREATE OR REPLACE FUNCTION samtale_count_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ou bigint; og bigint; oe date; nu bigint; ng bigint; ne date;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.unit_id IS NOT NULL
            AND OLD.professional_group_id IS NOT NULL THEN
        ou := OLD.unit_id; og := OLD.professional_group_id;
        oe := COALESCE(OLD.end_date, DATE '{NO_END}');
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.unit_id IS NOT NULL
            AND NEW.professional_group_id IS NOT NULL THEN
        nu := NEW.unit_id; ng := NEW.professional_group_id;
        ne := COALESCE(NEW.end_date, DATE '{NO_END}');
    END IF;
    IF TG_OP = 'UPDATE' AND (ou, og, oe) IS NOT DISTINCT FROM (nu, ng, ne) THEN
        RETURN NULL;
    END IF;
    IF ou IS NOT NULL AND nu IS NOT NULL AND ou <> nu THEN  -- two units: in order
        PERFORM pg_advisory_xact_lock({LOCK_SPACE}, LEAST(ou, nu)::int);
        PERFORM pg_advisory_xact_lock({LOCK_SPACE}, GREATEST(ou, nu)::int);
    ELSIF COALESCE(ou, nu) IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock({LOCK_SPACE}, COALESCE(ou, nu)::int);
    END IF;
    IF ou IS NOT NULL THEN
        INSERT INTO {PEOPLE} (unit_id, group_id, ends, n) VALUES (ou, og, oe, -1)
            {_upsert(PEOPLE, _PEOPLE_KEY)};
        INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
            SELECT ou, og, oe, a.competence_id, a.level, -COUNT(*) FROM {AGREED} a
            WHERE a.person_id = OLD.id AND a.current GROUP BY a.competence_id, a.level
            {_upsert(LEVELS, _LEVELS_KEY)};
    END IF;
    IF nu IS NOT NULL THEN
        INSERT INTO {PEOPLE} (unit_id, group_id, ends, n) VALUES (nu, ng, ne, 1)
            {_upsert(PEOPLE, _PEOPLE_KEY)};
        INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
            SELECT nu, ng, ne, a.competence_id, a.level, COUNT(*) FROM {AGREED} a
            WHERE a.person_id = NEW.id AND a.current GROUP BY a.competence_id, a.level
            {_upsert(LEVELS, _LEVELS_KEY)};
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS samtale_count_person ON {PERSON};
CREATE TRIGGER samtale_count_person
    AFTER INSERT OR UPDATE OR DELETE ON {PERSON}
    FOR EACH ROW EXECUTE FUNCTION samtale_count_person();
"""

_PG_DROP = f"""
DROP TRIGGER IF EXISTS samtale_count_level ON {AGREED};
DROP TRIGGER IF EXISTS samtale_count_person ON {PERSON};
DROP FUNCTION IF EXISTS samtale_count_level();
DROP FUNCTION IF EXISTS samtale_count_person();
"""

# --- SQLite (one writer at a time: no locks) ----------------------------------------------


def _sqlite_level(row: str, sign: int) -> str:
    """Add ``sign`` for the level ``row`` (OLD or NEW) under its person's key."""
    return f"""
    INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
    SELECT p.unit_id, p.professional_group_id, COALESCE(p.end_date, '{NO_END}'),
           {row}.competence_id, {row}.level, {sign}
    FROM {PERSON} p
    WHERE p.id = {row}.person_id AND {row}.current
      AND p.unit_id IS NOT NULL AND p.professional_group_id IS NOT NULL
    {_upsert(LEVELS, _LEVELS_KEY)};"""


def _sqlite_person(row: str, sign: int) -> str:
    """Add ``sign`` for the person ``row`` (OLD or NEW) and their current levels."""
    counted = f"{row}.unit_id IS NOT NULL AND {row}.professional_group_id IS NOT NULL"
    key = f"{row}.unit_id, {row}.professional_group_id, COALESCE({row}.end_date, '{NO_END}')"
    return f"""
    INSERT INTO {PEOPLE} (unit_id, group_id, ends, n)
    SELECT {key}, {sign} WHERE {counted}
    {_upsert(PEOPLE, _PEOPLE_KEY)};
    INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n)
    SELECT {key}, a.competence_id, a.level, {sign} * COUNT(*) FROM {AGREED} a
    WHERE a.person_id = {row}.id AND a.current AND {counted}
    GROUP BY a.competence_id, a.level
    {_upsert(LEVELS, _LEVELS_KEY)};"""


_LEVEL_CHANGED = (
    "OLD.current IS NOT NEW.current OR OLD.level IS NOT NEW.level"
    " OR OLD.competence_id IS NOT NEW.competence_id OR OLD.person_id IS NOT NEW.person_id"
)
_PERSON_CHANGED = (
    "OLD.unit_id IS NOT NEW.unit_id OR OLD.professional_group_id IS NOT"
    " NEW.professional_group_id OR OLD.end_date IS NOT NEW.end_date"
)

_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_level_insert AFTER INSERT ON {AGREED} "
    f"FOR EACH ROW BEGIN {_sqlite_level('NEW', 1)} END",
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_level_delete AFTER DELETE ON {AGREED} "
    f"FOR EACH ROW BEGIN {_sqlite_level('OLD', -1)} END",
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_level_update AFTER UPDATE ON {AGREED} "
    f"FOR EACH ROW WHEN {_LEVEL_CHANGED} BEGIN {_sqlite_level('OLD', -1)} "
    f"{_sqlite_level('NEW', 1)} END",
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_person_insert AFTER INSERT ON {PERSON} "
    f"FOR EACH ROW BEGIN {_sqlite_person('NEW', 1)} END",
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_person_delete AFTER DELETE ON {PERSON} "
    f"FOR EACH ROW BEGIN {_sqlite_person('OLD', -1)} END",
    f"CREATE TRIGGER IF NOT EXISTS samtale_count_person_update AFTER UPDATE ON {PERSON} "
    f"FOR EACH ROW WHEN {_PERSON_CHANGED} BEGIN {_sqlite_person('OLD', -1)} "
    f"{_sqlite_person('NEW', 1)} END",
]
_SQLITE_NAMES = [
    "samtale_count_level_insert",
    "samtale_count_level_delete",
    "samtale_count_level_update",
    "samtale_count_person_insert",
    "samtale_count_person_delete",
    "samtale_count_person_update",
]


def install_triggers(schema_editor: Any) -> None:
    """Create (or replace) the triggers: from the migration."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PG_LEVEL)
        schema_editor.execute(_PG_PERSON)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in _SQLITE:
            schema_editor.execute(statement)
    else:  # pragma: no cover - the project runs on PostgreSQL and SQLite
        raise NotImplementedError(schema_editor.connection.vendor)


def drop_triggers(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PG_DROP)
    else:
        for name in _SQLITE_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


# --- recounting ------------------------------------------------------------------------
# Grouped by the columns' positions: an expression with a parameter in GROUP BY is not
# the select list's when the parameters are bound by the server (each %s its own $n).

_RECOUNT_PEOPLE = f"""
SELECT unit_id, professional_group_id, COALESCE(end_date, %s) AS ends, COUNT(*)
FROM {PERSON}
WHERE unit_id IS NOT NULL AND professional_group_id IS NOT NULL
  AND (end_date IS NULL OR end_date >= %s)
GROUP BY 1, 2, 3
"""
_RECOUNT_LEVELS = f"""
SELECT p.unit_id, p.professional_group_id, COALESCE(p.end_date, %s) AS ends,
       a.competence_id, a.level, COUNT(*)
FROM {AGREED} a JOIN {PERSON} p ON p.id = a.person_id
WHERE a.current AND p.unit_id IS NOT NULL AND p.professional_group_id IS NOT NULL
  AND (p.end_date IS NULL OR p.end_date >= %s)
GROUP BY 1, 2, 3, 4, 5
"""


def _no_end() -> datetime.date:
    return datetime.date.fromisoformat(NO_END)


def rebuild(today: datetime.date | None = None) -> tuple[int, int]:
    """Recount everything from the people and their current levels, in one transaction
    (on PostgreSQL with the people and levels locked against writes meanwhile); rows of
    people whose employment ended before ``today`` are left out (they are never read).
    Returns the number of rows written to each table."""
    from django.utils import timezone

    day = today or timezone.localdate()
    no_end = _no_end()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {PERSON}, {AGREED} IN SHARE MODE")
            cursor.execute(f"LOCK TABLE {PEOPLE}, {LEVELS} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {LEVELS}")
        cursor.execute(f"DELETE FROM {PEOPLE}")
        cursor.execute(
            f"INSERT INTO {PEOPLE} (unit_id, group_id, ends, n) {_RECOUNT_PEOPLE}",
            [no_end, day],
        )
        people = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {LEVELS} (unit_id, group_id, ends, competence_id, level, n) "
            f"{_RECOUNT_LEVELS}",
            [no_end, day],
        )
        levels = cursor.rowcount
        if connection.vendor == "postgresql":  # statistics for the planner at once
            cursor.execute(f"ANALYZE {PEOPLE}, {LEVELS}")
    return people, levels


def _read(sql: str, params: list[Any]) -> Counter[tuple[Any, ...]]:
    found: Counter[tuple[Any, ...]] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *key, n in cursor.fetchall():
            found[tuple(str(k) if isinstance(k, datetime.date) else k for k in key)] += n
    return Counter({key: n for key, n in found.items() if n})  # without the zeros


def differences(today: datetime.date | None = None) -> dict[str, dict[Any, tuple[int, int]]]:
    """What the kept counts hold that a recount does not, per table: key -> (kept,
    recounted), for the rows read (an end today or later) whose numbers differ. Empty
    when the counts are right."""
    from django.utils import timezone

    day = today or timezone.localdate()
    no_end = _no_end()
    out: dict[str, dict[Any, tuple[int, int]]] = {}
    for table, columns, recount in (
        (PEOPLE, "unit_id, group_id, ends", _RECOUNT_PEOPLE),
        (LEVELS, "unit_id, group_id, ends, competence_id, level", _RECOUNT_LEVELS),
    ):
        kept = _read(f"SELECT {columns}, n FROM {table} WHERE ends >= %s", [day])
        fresh = _read(recount, [no_end, day])
        out[table] = {
            key: (kept[key], fresh[key])
            for key in set(kept) | set(fresh)
            if kept[key] != fresh[key]
        }
    return {table: found for table, found in out.items() if found}
