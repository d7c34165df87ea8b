"""Engines: storage URLs to SQLAlchemy async engines, SQLite pragmas, write transactions.

`sqlite:///path/to/file.db` becomes `sqlite+aiosqlite`, in WAL mode with foreign keys on
and a busy timeout; write transactions start with `BEGIN IMMEDIATE` so two writers queue
on the lock instead of failing when a read transaction upgrades.
`postgresql://user@host/db` (or `postgres://`) becomes `postgresql+asyncpg`; an optional
`?schema=NAME` puts every table in that schema (through `search_path`), which the tests
use to isolate one test from another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.logs import mask_url
from storage.base import StoreError

BUSY_TIMEOUT_MS = 30_000
_WRITE = "paperboy_write"
_READ = "paperboy_read"


def _scheme_only(url: str) -> str:
    """What may be shown of a URL that does not parse: a password may be anywhere in it."""
    scheme, found, _ = url.partition("://")
    return f"'{scheme}://...'" if found and scheme.isalnum() else "(the value is not shown)"


def async_url(url: str) -> tuple[URL, dict[str, Any]]:
    """The async driver URL for a storage URL, and the connect arguments it needs."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a storage URL: {_scheme_only(url)} (expected sqlite:///PATH or postgresql://...)"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise StoreError("SQLite needs a file path: sqlite:///path/to/paperboy.db")
        return parsed.set(drivername="sqlite+aiosqlite"), {}
    if backend == "postgresql":
        if find_spec("asyncpg") is None:  # SQLAlchemy would only say so at the first connect
            raise StoreError(
                "PostgreSQL needs the asyncpg driver: pip install 'paperboy[postgres]'"
            )
        connect_args: dict[str, Any] = {}
        schema = parsed.query.get("schema")
        if isinstance(schema, str) and schema:
            connect_args["server_settings"] = {"search_path": schema}
            parsed = parsed.difference_update_query(["schema"])
        return parsed.set(drivername="postgresql+asyncpg"), connect_args
    raise StoreError(
        f"unsupported storage backend {backend!r} in {mask_url(url)!r}: use sqlite or postgresql"
    )


def create_engine(url: str) -> AsyncEngine:
    """An async engine for a storage URL (SQLite: pragmas set on every new connection)."""
    driver_url, connect_args = async_url(url)
    if driver_url.get_backend_name() == "sqlite":
        assert driver_url.database is not None
        Path(driver_url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(driver_url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_events(engine)
        return engine
    return create_async_engine(driver_url, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_events(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions get in the way).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get(_READ):
            return  # autocommit reads: each statement sees one consistent snapshot
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE) else "BEGIN")


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction that will write: committed on success, rolled back on any error.

    On SQLite it takes the write lock at BEGIN (IMMEDIATE), so a read-modify-write inside
    it cannot race another writer.
    """
    async with engine.connect() as conn:
        await conn.execution_options(**{_WRITE: True})
        async with conn.begin():
            yield conn


@asynccontextmanager
async def read_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for reads. On SQLite no BEGIN is sent (each statement is atomic by
    itself), which saves two round trips to the driver's thread per call."""
    async with engine.connect() as conn:
        await conn.execution_options(**{_READ: True})
        async with conn.begin():
            yield conn
