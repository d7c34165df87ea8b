"""Shared fixtures: real stores on a real SQLite file and, when configured, PostgreSQL.

- `sqlite_url` / `sqlite_store`: a fresh SQLite file in the test's tmp_path (migrated).
- `pg_url`: a PostgreSQL URL whose tables live in a fresh schema made for this test and
  dropped after it (`?schema=...`), so tests never see each other's rows. Skipped unless
  PAPERBOY_TEST_POSTGRES_URL is set (e.g. postgresql://postgres@127.0.0.1:5432/test).
- `store`: the same test once per backend: SQLite always, PostgreSQL when configured.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from storage import SqlStore, open_store

POSTGRES_ENV = "PAPERBOY_TEST_POSTGRES_URL"


@asynccontextmanager
async def _postgres_schema() -> AsyncIterator[str]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL tests skipped")
    import asyncpg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}schema={schema}"
    finally:
        conn = await asyncpg.connect(base)
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await conn.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'paperboy.db'}"


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with _postgres_schema() as url:
        yield url


@pytest.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[SqlStore]:
    store = await open_store(sqlite_url)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[SqlStore]:
    async with _store_url(request.param, sqlite_url) as url:
        opened = await open_store(url)
        try:
            yield opened
        finally:
            await opened.close()


@asynccontextmanager
async def _store_url(backend: str, sqlite_url: str) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield sqlite_url
    else:
        async with _postgres_schema() as url:
            yield url
