"""Keys for what a person's conversation pages keep in the cache: "Mine medarbejdere"
and "Mine samtaler".

Such a page shows what the organisation says (``org.kept``: its version, the day and
who the viewer is), what the conversations the viewer takes part in or holds say (their
states and times, preparations, summaries and answers, follow-up requests, the round
they count in), and what the kinds and the rounds' settings say. The last two are
``ChangeToken`` rows that the database itself changes in the same transaction as any
write to them, whoever writes (the services, the round's launch and its bulk writers, a
handover, the retention job, the admin, a data migration):

- ``person:<pk>``: anything about a conversation the person holds, is the person of,
  or takes part in is created, changed or deleted (the conversation, its participants,
  preparations, summary versions and answers, follow-up requests, its link to a round);
  a conversation that moves to another leader changes both leaders' tokens
  (``touch_names``, on the conversations' tables and the rounds' links);
- ``setup``: a kind of conversation, or a round's settings (the round, its kinds and
  units, the units' rules, the teams' choices) change (``touch_setup``);
- ``hr``: what HR's home counts from the conversations changes: a follow-up request, a
  conversation asked for in one or made to follow one up, or a conversation held by a
  leader with an end date (their open work: ``org.leaving``). HR's to-do and the
  follow-up counts are kept under it (``hr_kept``).

A token is a new random value each time (not a counter, so a database restored from a
backup never meets keys of what was kept after the backup was taken). Reading them is
one query by primary key (``conversations_kept``). On PostgreSQL the triggers run once
per statement over the rows it changed (transition tables), so a launch of 50,000
conversations writes one token per person, not one per row; SQLite has row triggers
only (a small organisation's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from samtale.conversations.models import ChangeToken
from samtale.lib.prepared import Prepared
from samtale.org.kept import Kept, kept_for

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer

TABLE = ChangeToken._meta.db_table
SETUP = "setup"
HR = "hr"

_PG_TOKEN = "md5(random()::text || clock_timestamp()::text)"
_SQLITE_TOKEN = "lower(hex(randomblob(16)))"


def person_name(pk: int) -> str:
    return f"person:{pk}"


def _tokens_query(person: str, setup: str) -> Any:
    return ChangeToken.objects.filter(Q(name=person) | Q(name=setup)).values_list("name", "token")


_tokens = Prepared(_tokens_query, kinds=(str, str))


def conversations_kept(viewer: Viewer) -> Kept:
    """The key of parts made from the viewer's organisation (``org.kept``, with who they
    are), the conversations they take part in or hold, the kinds and the rounds'
    settings. Two queries."""
    person = viewer.person
    return _with_tokens(kept_for(viewer), person_name(person.pk) if person else "", SETUP)


def hr_kept(viewer: Viewer, org: Kept | None = None) -> Kept:
    """The key of what HR's home counts from the conversations (``hr``), with the
    organisation as the viewer sees it (``org``: ``org.kept.kept_for(viewer)``, when the
    caller has it). One query, two without ``org``."""
    return _with_tokens(org or kept_for(viewer), HR, SETUP)


def _with_tokens(org: Kept, first: str, second: str) -> Kept:
    """``org``'s key with the tokens of two names (one query; "none" for a name no
    write has touched yet)."""
    found = dict(_tokens(first, second))
    key = ":".join((org.key, found.get(first, "none"), found.get(second, "none")))
    return Kept(version=org.version, day=org.day, key=key)


# --- triggers ------------------------------------------------------------------------


def _pg_upsert(select: str) -> str:
    """Give every name ``select`` yields (one column, may repeat) a new token."""
    return (
        f"INSERT INTO {TABLE} (name, token) SELECT name, {_PG_TOKEN} FROM "
        f"(SELECT DISTINCT name FROM ({select}) AS named WHERE name IS NOT NULL "
        "ORDER BY name) AS names "
        "ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;"
    )


def _sqlite_upsert(select: str) -> str:
    # the WHERE also keeps SQLite's parser from reading ON CONFLICT as a join's
    return (
        f"INSERT INTO {TABLE} (name, token) SELECT name, {_SQLITE_TOKEN} FROM "
        f"({select}) WHERE name IS NOT NULL "
        "ON CONFLICT (name) DO UPDATE SET token = excluded.token;"
    )


def touch_names(schema_editor: Any, table: str, names: str, columns: tuple[str, ...]) -> None:
    """Triggers on ``table``: every insert, update and delete gives the tokens it
    concerns (of the rows it touched, old and new) new values. ``names``: a SELECT of one
    column ``name`` from the rows, written with ``{rows}`` for them (a table with
    ``columns``)."""
    name = f"samtale_touch_{table}"
    if schema_editor.connection.vendor == "postgresql":
        old, new = names.format(rows="old_rows"), names.format(rows="new_rows")
        body = f"""
            IF TG_OP = 'INSERT' THEN {_pg_upsert(new)}
            ELSIF TG_OP = 'UPDATE' THEN {_pg_upsert(f"{old} UNION ALL {new}")}
            ELSE {_pg_upsert(old)}
            END IF;"""
        schema_editor.execute(_pg_function(name, body))
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            trigger = f"{name}_{event.lower()}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
        return
    _require_sqlite(schema_editor)
    for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
        statements = " ".join(
            _sqlite_upsert(names.format(rows=_sqlite_row(row, columns))) for row in rows
        )
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name}_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {statements} END"
        )


def touch_setup(schema_editor: Any, table: str) -> None:
    """Triggers on ``table``: every insert, update and delete gives ``setup`` a new token."""
    name = f"samtale_touch_{table}"
    setup = f"SELECT '{SETUP}' AS name"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_pg_function(name, _pg_upsert(setup)))
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
        return
    _require_sqlite(schema_editor)
    for event in ("INSERT", "UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name}_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {_sqlite_upsert(setup)} END"
        )


def drop_touches(schema_editor: Any, table: str) -> None:
    """Take ``touch_names``' or ``touch_setup``'s triggers off ``table`` (a migration's
    way back)."""
    name = f"samtale_touch_{table}"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
        return
    for event in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


def _sqlite_row(row: str, columns: tuple[str, ...]) -> str:
    """The row a row trigger has (OLD or NEW) as a table of one row."""
    return "(SELECT " + ", ".join(f"{row}.{column} AS {column}" for column in columns) + ")"


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$;"
    )


def _require_sqlite(schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":  # pragma: no cover - PostgreSQL, SQLite
        raise NotImplementedError(schema_editor.connection.vendor)


# The tokens a write changes (``touch_names``' arguments), by table.
PARTICIPANTS = (
    "SELECT 'person:' || p.person_id AS name FROM {rows} AS r "
    "JOIN conversations_participant AS p ON p.conversation_id = r.conversation_id"
)
NAMES = {
    # the leader and the person, before and after, and every participant; HR's when the
    # leader has an end date or a follow-up request names the conversation
    "conversations_conversation": (
        "SELECT 'person:' || leader_id AS name FROM {rows} AS r "
        "UNION ALL SELECT 'person:' || person_id AS name FROM {rows} AS r "
        "UNION ALL SELECT 'person:' || p.person_id AS name FROM {rows} AS r "
        "JOIN conversations_participant AS p ON p.conversation_id = r.id "
        "UNION ALL SELECT 'hr' AS name FROM {rows} AS r "
        "JOIN org_person AS l ON l.id = r.leader_id WHERE l.end_date IS NOT NULL "
        "UNION ALL SELECT 'hr' AS name FROM {rows} AS r "
        "JOIN conversations_followuprequest AS f ON f.follow_up_id = r.id "
        "UNION ALL SELECT 'hr' AS name FROM {rows} AS r "
        "JOIN conversations_followuprequest AS f ON f.conversation_id = r.id",
        ("id", "leader_id", "person_id"),
    ),
    "conversations_participant": (
        "SELECT 'person:' || person_id AS name FROM {rows} AS r",
        ("person_id",),
    ),
    "conversations_preparation": (PARTICIPANTS, ("conversation_id",)),
    "conversations_summaryversion": (PARTICIPANTS, ("conversation_id",)),
    "conversations_summaryresponse": (
        "SELECT 'person:' || p.person_id AS name FROM {rows} AS r "
        "JOIN conversations_summaryversion AS v ON v.id = r.version_id "
        "JOIN conversations_participant AS p ON p.conversation_id = v.conversation_id",
        ("version_id",),
    ),
    "conversations_followuprequest": (
        f"{PARTICIPANTS} UNION ALL SELECT 'person:' || leader_id AS name FROM {{rows}} AS r "
        "UNION ALL SELECT 'hr' AS name FROM {rows} AS r",
        ("conversation_id", "leader_id"),
    ),
}
SETUP_TABLES = ("conversations_conversationkind",)


def install_triggers(schema_editor: Any) -> None:
    """The conversations' own triggers: from their migrations."""
    for table, (names, columns) in NAMES.items():
        touch_names(schema_editor, table, names, columns)
    for table in SETUP_TABLES:
        touch_setup(schema_editor, table)


def drop_triggers(schema_editor: Any) -> None:
    for table in (*NAMES, *SETUP_TABLES):
        drop_touches(schema_editor, table)
