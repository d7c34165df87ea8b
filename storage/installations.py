"""The installations role (bot.channels.ports.InstallationRecords) over SQLAlchemy: one
opaque secret per (platform, workspace), encrypted by the adapter before it gets here (the
store never sees a token), and one-time OAuth states.

`installation_records(engine)` builds it on an open store's engine, as
storage.channels.channel_directory does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.ports import InstallationRecords
from storage.dialects import PostgresDialect, SqliteDialect
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops
from storage.schema import installations, oauth_states
from storage.types import to_utc


class InstallationOps(Ops):
    async def save_installation(
        self, platform: str, workspace: str, secret: str, now: dt.datetime
    ) -> None:
        values = {"platform": platform, "workspace": workspace, "secret": secret,
                  "updated": to_utc(now)}  # fmt: skip
        stmt = self._dialect.insert(installations).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "workspace"],
            set_={"secret": stmt.excluded.secret, "updated": stmt.excluded.updated},
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)

    async def get_installation(self, platform: str, workspace: str) -> str | None:
        query = select(installations.c.secret).where(
            installations.c.platform == platform, installations.c.workspace == workspace
        )
        async with read_transaction(self._engine) as conn:
            found = (await conn.execute(query)).scalar_one_or_none()
        return str(found) if found is not None else None

    async def delete_installation(self, platform: str, workspace: str) -> bool:
        stmt = delete(installations).where(
            installations.c.platform == platform, installations.c.workspace == workspace
        )
        async with write_transaction(self._engine) as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def issue_state(self, state: str, expires: dt.datetime) -> None:
        async with write_transaction(self._engine) as conn:
            await conn.execute(oauth_states.insert().values(state=state, expires=to_utc(expires)))

    async def consume_state(self, state: str, now: dt.datetime) -> bool:
        # Deleting is the check: of two callbacks racing with one state, one deletes it.
        stmt = delete(oauth_states).where(
            oauth_states.c.state == state, oauth_states.c.expires > to_utc(now)
        )
        async with write_transaction(self._engine) as conn:
            result = await conn.execute(stmt)
            await conn.execute(delete(oauth_states).where(oauth_states.c.expires <= to_utc(now)))
        return bool(result.rowcount)


def installation_records(engine: AsyncEngine) -> InstallationOps:
    """The role on an open store's engine (storage.SqlStore.engine)."""
    dialect = SqliteDialect() if engine.dialect.name == "sqlite" else PostgresDialect()
    return InstallationOps(engine, dialect)


def _conforms(ops: InstallationOps) -> InstallationRecords:
    """Never called: makes mypy check that InstallationOps implements the role."""
    return ops


__all__ = ["InstallationOps", "installation_records"]
