"""Shared fixtures: real stores on a real SQLite file and, when configured, PostgreSQL.

- `sqlite_url` / `sqlite_store`: a fresh SQLite file in the test's tmp_path (migrated).
- `pg_url`: a PostgreSQL URL (`...?schema=t_...`) whose tables live in a schema made and
  migrated once per test session (dropped at its end) and emptied (rows deleted, id
  sequences restarted) before each test, so tests never see each other's rows. Skipped unless
  PAPERBOY_TEST_POSTGRES_URL is set (e.g. postgresql://postgres@127.0.0.1:5432/test).
- `store`: the same test once per backend: SQLite always, PostgreSQL when configured.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storage import SqlStore, open_store
from storage.schema import metadata

POSTGRES_ENV = "PAPERBOY_TEST_POSTGRES_URL"


def _with_schema(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}schema={schema}"


async def _create_schema(base: str, schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()
    store = await open_store(_with_schema(base, schema))  # migrate once per session
    await store.close()


async def _drop_schema(base: str, schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


async def _empty_schema(base: str, schema: str) -> None:
    """DELETE every row and restart the id sequences (much faster than TRUNCATE)."""
    import asyncpg

    statements = [f'DELETE FROM "{schema}"."{t.name}"' for t in reversed(metadata.sorted_tables)]
    statements += [
        f"SELECT setval(pg_get_serial_sequence('\"{schema}\".\"{t.name}\"', 'id'), 1, false)"
        for t in metadata.sorted_tables
        if "id" in t.c and t.c.id.autoincrement is True
    ]
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(";\n".join(statements))
    finally:
        await conn.close()


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run on a fresh loop in a thread: this may be set up from inside a running loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def _postgres_session_schema() -> Iterator[tuple[str, str]]:
    """One migrated schema for the whole session (its own name, so parallel sessions on
    one server do not meet), dropped at the end."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL tests skipped")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    _run(_create_schema(base, schema))
    try:
        yield base, schema
    finally:
        _run(_drop_schema(base, schema))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'paperboy.db'}"


@pytest.fixture
def pg_url(_postgres_session_schema: tuple[str, str]) -> str:
    """A migrated PostgreSQL schema with every table emptied for this test."""
    base, schema = _postgres_session_schema
    _run(_empty_schema(base, schema))
    return _with_schema(base, schema)


@pytest.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[SqlStore]:
    store = await open_store(sqlite_url)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[SqlStore]:
    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = await open_store(url)
    try:
        yield opened
    finally:
        await opened.close()
