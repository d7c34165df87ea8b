"""What differs between SQLite and PostgreSQL, apart from full-text search.

Upsert-on-conflict (`insert(...).on_conflict_do_nothing/update`), row locking
(`FOR UPDATE [SKIP LOCKED]` on PostgreSQL; SQLite has one writer at a time, see
`storage.engine.write_transaction`) and `greatest`.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Select, Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import ColumnElement


class Dialect(Protocol):
    name: str

    def insert(self, table: Table) -> Any:
        """An INSERT supporting `on_conflict_do_nothing` / `on_conflict_do_update`."""
        ...

    def for_update(self, stmt: Select[Any], *, skip_locked: bool = False) -> Select[Any]: ...

    def greatest(self, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]: ...


class SqliteDialect:
    name = "sqlite"

    def insert(self, table: Table) -> sqlite.Insert:
        return sqlite.insert(table)

    def for_update(self, stmt: Select[Any], *, skip_locked: bool = False) -> Select[Any]:
        return stmt  # the write transaction already holds the database's write lock

    def greatest(self, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.max(a, b)


class PostgresDialect:
    name = "postgresql"

    def insert(self, table: Table) -> postgresql.Insert:
        return postgresql.insert(table)

    def for_update(self, stmt: Select[Any], *, skip_locked: bool = False) -> Select[Any]:
        return stmt.with_for_update(skip_locked=skip_locked)

    def greatest(self, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.greatest(a, b)
