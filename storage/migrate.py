"""Apply the Alembic migrations in `storage/migrations`, configured in code (no alembic.ini)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.base import StoreError
from storage.engine import write_transaction

MIGRATION_LOCK = 0x70617065  # "pape": the advisory lock key held while migrating


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("storage") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _upgrade(conn: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = conn
    try:
        command.upgrade(config, "head")
    except CommandError as exc:  # e.g. a database written by a newer paperboy
        raise StoreError(
            f"cannot migrate the database: {exc} (is it from a newer paperboy? this one "
            f"knows revisions up to {head_revision()})"
        ) from None


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def upgrade_engine(engine: AsyncEngine) -> tuple[str | None, str]:
    """Upgrade to the newest revision; returns (revision before, revision after).

    Safe when several processes start at once: the upgrade runs under the write lock
    (SQLite) or an advisory lock (PostgreSQL), and re-reads the revision once it holds it.
    """
    head = head_revision()
    if await current_revision(engine) == head:
        return head, head
    async with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        before = await conn.run_sync(_current)
        if before != head:
            await conn.run_sync(_upgrade)
    return before, head


def pending_revisions(before: str | None) -> list[str]:
    """Descriptions of the revisions after `before`, oldest first ("0001: Initial ...")."""
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.iterate_revisions("head", before or "base"))
    return [f"{rev.revision}: {(rev.doc or '').strip()}" for rev in reversed(revisions)]
