"""What Alembic compares a migrated database with: the tables in `storage.schema.metadata`.

Used by `env.py` (so `alembic revision --autogenerate` starts from the code) and by the
drift test (`compare_metadata` finds no difference on SQLite and PostgreSQL).

Objects that only one dialect has, made by raw SQL in the migrations and named here one by
one (anything else the database has and the metadata lacks is drift):
- SQLite: the FTS5 table `papers_fts` with its shadow tables (storage.fts_sqlite), and the
  (id, pub_date) index that its date filters read (migration 0002);
- PostgreSQL: the generated column `papers.tsv` and its GIN index (storage.fts_postgres).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from sqlalchemy import MetaData

import storage
from storage.schema import metadata

DIALECT_ONLY: frozenset[tuple[str, str]] = frozenset(
    {
        ("table", "papers_fts"),
        # FTS5's shadow tables (an external-content table has no `_content` one)
        ("table", "papers_fts_data"),
        ("table", "papers_fts_idx"),
        ("table", "papers_fts_docsize"),
        ("table", "papers_fts_config"),
        ("index", "ix_papers_id_pub_date"),
        ("column", "papers.tsv"),
        ("index", "ix_papers_tsv"),
    }
)


def target_metadata() -> MetaData:
    """The shared metadata with every table registered: a table defined beside its code
    (e.g. storage.fulltext) joins it only once its module is imported, so import them all."""
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name != "migrations":
            importlib.import_module(f"storage.{module.name}")
    return metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's `include_object` hook: leave out the dialect-only objects above."""
    if not reflected or compare_to is not None:
        return True
    key = f"{obj.table.name}.{name}" if type_ == "column" else name
    return (type_, key) not in DIALECT_ONLY


def compare_options() -> dict[str, Any]:
    """MigrationContext options for comparing: types, server defaults, dialect filter."""
    return {
        "compare_type": True,
        "compare_server_default": True,
        "include_object": include_object,
    }
