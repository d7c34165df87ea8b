"""Storage URLs, SQLite settings and error messages."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import SqlStore, StoreError, open_store
from storage.engine import async_url


async def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(
    sqlite_store: SqlStore,
) -> None:
    async with sqlite_store.engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        assert (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 30_000
    assert sqlite_store.dialect == "sqlite"


def test_urls_map_to_async_drivers() -> None:
    url, args = async_url("sqlite:///data/paperboy.db")
    assert (url.drivername, url.database, args) == ("sqlite+aiosqlite", "data/paperboy.db", {})
    url, args = async_url("postgres://bot:pw@db:5432/paperboy?schema=lab")
    assert url.drivername == "postgresql+asyncpg"
    assert "schema" not in url.query
    assert args == {"server_settings": {"search_path": "lab"}}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://bot:pw@db/x", "unsupported storage backend 'mysql'"),
        ("sqlite://", "SQLite needs a file path"),
        ("not a url", "not a storage URL"),
    ],
)
async def test_bad_urls_are_named_errors(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        await open_store(url)


async def test_unreachable_postgresql_says_where_but_not_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        await open_store("postgresql://bot:s3cret@127.0.0.1:1/paperboy")
    assert "postgresql://bot:***@127.0.0.1:1/paperboy" in str(caught.value)
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize("url", ["bot:s3cret@db/paperboy", "::bot:s3cret@db"])
def test_a_url_that_does_not_parse_is_refused_without_showing_it(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        async_url(url)
    assert "not a storage URL" in str(caught.value)
    assert "s3cret" not in str(caught.value)


async def test_postgresql_store_lives_in_its_schema(pg_url: str) -> None:
    store = await open_store(pg_url)
    try:
        async with store.engine.connect() as conn:
            schema = (await conn.execute(text("SELECT current_schema()"))).scalar()
        assert pg_url.endswith(f"schema={schema}")
        assert store.dialect == "postgresql"
    finally:
        await store.close()


async def test_a_database_from_a_newer_version_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ahead.db"
    store = await open_store(f"sqlite:///{path}")
    await store.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
        db.commit()
    with pytest.raises(StoreError, match="newer paperboy"):
        await open_store(f"sqlite:///{path}")
