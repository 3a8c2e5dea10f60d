"""Text folded for searching: upper case, accents dropped (é → E, å → A, ø → O, æ → AE),
so that "soren" finds "Søren" and "ÆBLE" finds "æble".

The database does the folding with a function named ``samtale_fold``, so that a
PostgreSQL index can hold the folded text and a search reads the same expression:

- PostgreSQL: ``upper(unaccent(text))`` in an IMMUTABLE PL/pgSQL function (the
  ``unaccent`` extension), created by a migration (``create_function_sql``). PL/pgSQL
  because a SQL function wrapping ``unaccent`` is not inlined and costs three times more
  a row.
- SQLite: ``fold`` below, registered on every connection (``register_on_sqlite``, from
  ``samtale.org``'s ``AppConfig.ready``); SQLite's own ``upper`` and ``LIKE`` know only
  ASCII letters, so without it "østergaard" would not find "Østergaard".

A search folds its words with ``fold`` in Python and compares them with ``Folded(field)``,
or with a stored generated column of it (``samtale.org.models.Person.search_name``). On
SQLite such a column is computed by the Python function, so writing that table from a
plain ``sqlite3`` shell (not through Samtale) fails with "unknown function".
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import FloatField, Func, TextField

FUNCTION = "samtale_fold"

# Letters that are not a base letter with an accent, so Unicode decomposition leaves
# them; folded as PostgreSQL's unaccent does.
_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def fold(text: str | None) -> str | None:
    """``text`` in upper case without accents: "Søren Ærø André" → "SOREN AERO ANDRE"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


class Folded(Func):
    """``samtale_fold(expression)``: the expression folded as ``fold`` folds."""

    function = FUNCTION
    arity = 1
    output_field = TextField()


def create_function_sql(unaccent_schema: str) -> str:
    """The PostgreSQL function; ``unaccent_schema`` is where the unaccent extension lives
    (quoted), named in full so that the function works whatever the search path."""
    dictionary = f"{unaccent_schema}.unaccent".replace("'", "''")
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text "
        "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ BEGIN "
        f"RETURN upper({unaccent_schema}.unaccent('{dictionary}'::regdictionary, value)); "
        "END $$"
    )


DROP_FUNCTION_SQL = f"DROP FUNCTION IF EXISTS {FUNCTION}(text)"


def register_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A ``connection_created`` receiver: gives a SQLite connection ``samtale_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)


class Similarity(Func):
    """PostgreSQL's trigram similarity (``pg_trgm``) of two texts, from 0 to 1. SQLite
    has no such function: there it is 0 for every row, and a ranking that orders by it
    falls through to its next key."""

    function = "similarity"
    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return "0.0", []
