"""A migration operation for PostgreSQL only: extensions, functions and indexes that
SQLite has no use for (trigram indexes for search, for example).

``OnPostgreSQL(*operations)`` runs the database side of its operations on PostgreSQL
and does nothing on another database. It never changes the migration state: what it
creates lives in the database only, not in the models (an index on PostgreSQL only
cannot be in a model's ``Meta``, which every database builds).
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation


class OnPostgreSQL(Operation):
    reversible = True
    reduces_to_sql = False

    def __init__(self, *operations: Operation) -> None:
        self.operations = operations

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, list(self.operations), {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"On PostgreSQL only: {'; '.join(o.describe() for o in self.operations)}"
