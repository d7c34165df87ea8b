"""The scheduler's leader lock, one per database: what `bot.leader.LeaderLock` asks for.

- PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) held on a connection of its
  own, outside the store's pool. The server frees it the moment that connection ends: when
  the holder process dies its socket closes and a contender takes over at its next try.
  A holder whose machine vanishes without closing the socket is detected by TCP
  keepalives set on the session (10 s idle, 5 s interval, 3 probes), so even then another
  process takes over within about 30 seconds. `still_held` checks the connection.
- SQLite: one process per database file. An exclusive `fcntl.flock` on `<file>.lock` is
  taken (the kernel frees it when the process dies); a second process on the same file is
  refused with `LeaderLockHeld`.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url

from storage.records import StoreError

log = logging.getLogger(__name__)

LOCK_NAME = "paperboy:scheduler"
KEEPALIVES = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


class LeaderLockHeld(StoreError):
    """Another process holds the lock and this one may not wait for it (SQLite)."""


def lock_key(name: str = LOCK_NAME) -> int:
    """A stable signed 64-bit advisory lock key for `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def postgres_target(url: str) -> tuple[str, str | None]:
    """(asyncpg DSN, schema) for a storage url. `?schema=NAME` (storage puts its tables in
    that schema) is no connection option: it is taken out, and names the lock instead."""
    parsed = make_url(url)
    schema = parsed.query.get("schema")
    parsed = parsed.difference_update_query(["schema"]).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False), schema if isinstance(schema, str) else None


class PostgresLeaderLock:
    """A PostgreSQL session advisory lock on a dedicated asyncpg connection."""

    def __init__(
        self,
        url: str,
        *,
        name: str = LOCK_NAME,
        timeout: float = 10.0,
        application_name: str = "paperboy-leader",  # as pg_stat_activity shows the session
    ) -> None:
        self._dsn, schema = postgres_target(url)
        self._application_name = application_name
        # One scheduler per database (advisory locks are per database), and per schema
        # when the tables live in one: two bots in two schemas do not exclude each other.
        self._key = lock_key(f"{name}:{schema}" if schema else name)
        self._timeout = timeout
        self._conn: Any = None  # asyncpg.Connection while we try or hold

    async def _connection(self) -> Any:
        import asyncpg  # the postgres extra; only needed when PostgreSQL is configured

        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(
                self._dsn,
                timeout=self._timeout,
                server_settings={"application_name": self._application_name, **KEEPALIVES},
            )
        return self._conn

    async def try_acquire(self) -> bool:
        conn = await self._connection()
        held = bool(
            await conn.fetchval("SELECT pg_try_advisory_lock($1)", self._key, timeout=self._timeout)
        )
        if not held:  # free the connection while we wait: one per contender is enough
            await self._close()
        return held

    async def still_held(self) -> bool:
        """The lock lives as long as its session: a live connection still holds it."""
        import asyncpg

        if self._conn is None or self._conn.is_closed():
            return False
        try:
            await self._conn.fetchval("SELECT 1", timeout=self._timeout)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("leader connection lost", extra={"error": type(exc).__name__})
            await self._close()
            return False
        return True

    async def release(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            with contextlib.suppress(Exception):  # closing frees the lock in any case
                await self._conn.execute("SELECT pg_advisory_unlock($1)", self._key)
        await self._close()

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), self._timeout)


def sqlite_path(url: str) -> Path | None:
    """The database file of a `sqlite:///PATH` url; None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


class FileLeaderLock:
    """An exclusive `flock` on `<database>.lock`; refuses when another process holds it."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._file: IO[str] | None = None

    async def try_acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LeaderLockHeld(
                f"another paperboy process (pid {holder}) is running on {self.database}; "
                "SQLite allows one process per database: stop the other one, or use PostgreSQL "
                '([storage] url = "postgresql://...") to run several'
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle
        return True

    async def still_held(self) -> bool:
        return self._file is not None

    async def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def one_process_only(url: str) -> bool:
    """Whether the database at `url` serves one process only (SQLite), so a bot on it
    cannot be split into a scheduler and workers."""
    return make_url(url).get_backend_name() == "sqlite"


def leader_lock(url: str) -> FileLeaderLock | PostgresLeaderLock | None:
    """The lock for a storage url; None when no lock is needed (in-memory SQLite)."""
    if one_process_only(url):
        path = sqlite_path(url)
        return FileLeaderLock(path) if path is not None else None
    return PostgresLeaderLock(url)


__all__ = [
    "FileLeaderLock",
    "LeaderLockHeld",
    "PostgresLeaderLock",
    "leader_lock",
    "lock_key",
    "one_process_only",
    "postgres_target",
    "sqlite_path",
]
