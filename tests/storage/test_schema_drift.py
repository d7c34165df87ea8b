"""The schema cannot drift: storage/schema.py (with every table defined beside its code)
and the database the migrations build are the same, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Integer, MetaData, inspect

from storage import open_store
from storage.engine import create_engine
from storage.migrations.autogen import DIALECT_ONLY, compare_options, target_metadata


async def _compare(url: str, metadata: MetaData) -> tuple[list[Any], set[str]]:
    """Alembic's differences between `metadata` and the database, and its table names."""

    def run(conn: Connection) -> tuple[list[Any], set[str]]:
        context = MigrationContext.configure(conn, opts=compare_options())
        return compare_metadata(context, metadata), set(inspect(conn).get_table_names())

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(run)
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def migrated_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("pg_url")  # migrated once per session
        return url
    store = await open_store(sqlite_url)  # a fresh file, migrated to the head
    await store.close()
    return sqlite_url


async def test_the_migrated_database_matches_the_schema(migrated_url: str) -> None:
    metadata = target_metadata()
    differences, tables = await _compare(migrated_url, metadata)
    assert differences == []
    # Every table a migration makes is in the metadata (fulltexts from 0003 included).
    dialect_tables = {name for kind, name in DIALECT_ONLY if kind == "table"}
    assert tables - dialect_tables - {"alembic_version"} == set(metadata.tables)
    assert {"papers", "outbox"} <= tables


async def test_a_column_added_without_a_migration_is_caught(migrated_url: str) -> None:
    changed = MetaData()
    for table in target_metadata().sorted_tables:
        table.to_metadata(changed)
    changed.tables["outbox"].append_column(Column("priority", Integer, nullable=True))
    changed.tables["channels"].c.paused.server_default = None
    differences, _ = await _compare(migrated_url, changed)
    found = [d if isinstance(d, tuple) else d[0] for d in differences]
    mine = sorted(
        (d[0], d[2], d[3] if d[0] == "modify_default" else d[3].name)
        for d in found
        if d[2] in ("outbox", "channels")
    )
    assert mine == [("add_column", "outbox", "priority"), ("modify_default", "channels", "paused")]
