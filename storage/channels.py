"""The chat-made channels role (bot.channels.ports.ChannelDirectory) over SQLAlchemy.

`ChannelOps` is an operation group like the others; `channel_directory(store)` builds it
on an open store's engine, so the role works without touching the store's class.
Every save bumps the row's `revision`, so `chat_channels_version` (row count, the sum of
revisions, and a digest of the `/paper settings` columns of the channel state table)
changes on every insert, update, removal, suspension and settings change: a worker that
compares it knows when to re-derive its jobs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.model import ChatChannel, PostMode
from bot.channels.ports import ChannelDirectory
from storage.dialects import PostgresDialect, SqliteDialect
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops
from storage.schema import channels, chat_channels, workspaces
from storage.types import to_utc

_SETTINGS = ("name", "time", "timezone", "sources", "categories", "top", "paused")


def _from_row(row: Any) -> ChatChannel:
    return ChatChannel(
        name=row.name,
        adapter=row.adapter,
        workspace=row.workspace,
        target=row.target,
        time=row.time,
        timezone=row.timezone,
        top=row.top,
        mode=PostMode(row.mode),
        sources=tuple(row.sources or ()),
        filter=row.filter,
        paused=bool(row.paused),
        suspended=bool(row.suspended),
        created_by=row.created_by,
        created=row.created,
        updated=row.updated,
        removed=row.removed,
    )


class ChannelOps(Ops):
    async def get_chat_channel(self, name: str) -> ChatChannel | None:
        return await self._one(chat_channels.c.name == name)

    async def chat_channel_at(self, adapter: str, target: str) -> ChatChannel | None:
        return await self._one(
            and_(chat_channels.c.adapter == adapter, chat_channels.c.target == target)
        )

    async def _one(self, where: Any) -> ChatChannel | None:
        async with read_transaction(self._engine) as conn:
            row = (await conn.execute(select(chat_channels).where(where))).first()
        return _from_row(row) if row is not None else None

    async def list_chat_channels(self) -> list[ChatChannel]:
        async with read_transaction(self._engine) as conn:
            rows = await conn.execute(select(chat_channels).order_by(chat_channels.c.name))
            return [_from_row(row) for row in rows]

    async def save_chat_channel(self, channel: ChatChannel, now: dt.datetime) -> ChatChannel:
        when = to_utc(now)
        values = {
            "name": channel.name,
            "adapter": channel.adapter,
            "workspace": channel.workspace,
            "target": channel.target,
            "time": channel.time,
            "timezone": channel.timezone,
            "top": channel.top,
            "mode": channel.mode.value,
            "sources": list(channel.sources),
            "filter": channel.filter,
            "paused": channel.paused,
            "suspended": channel.suspended,
            "created_by": channel.created_by,
            "created": to_utc(channel.created) if channel.created is not None else when,
            "updated": when,
            "removed": to_utc(channel.removed) if channel.removed is not None else None,
            "revision": 1,
        }
        stmt = self._dialect.insert(chat_channels).values(values)
        changed = {k: stmt.excluded[k] for k in values if k not in ("name", "created", "revision")}
        changed["revision"] = chat_channels.c.revision + 1
        stmt = stmt.on_conflict_do_update(index_elements=["name"], set_=changed)
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)
        saved = await self.get_chat_channel(channel.name)
        assert saved is not None  # just written
        return saved

    async def count_chat_channels(self, adapter: str, workspace: str) -> int:
        query = select(func.count()).where(
            chat_channels.c.adapter == adapter,
            chat_channels.c.workspace == workspace,
            chat_channels.c.removed.is_(None),
        )
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(query)).scalar_one())

    async def suspend_workspace(
        self, adapter: str, workspace: str, suspended: bool, now: dt.datetime
    ) -> int:
        stmt = (
            update(chat_channels)
            .where(
                chat_channels.c.adapter == adapter,
                chat_channels.c.workspace == workspace,
                chat_channels.c.suspended.is_not(suspended),
            )
            .values(suspended=suspended, updated=to_utc(now), revision=chat_channels.c.revision + 1)
        )
        values = {"adapter": adapter, "workspace": workspace, "suspended": suspended,
                  "changed": to_utc(now)}  # fmt: skip
        mark = self._dialect.insert(workspaces).values(values)
        mark = mark.on_conflict_do_update(
            index_elements=["adapter", "workspace"],
            set_={"suspended": mark.excluded.suspended, "changed": mark.excluded.changed},
        )
        async with write_transaction(self._engine) as conn:
            result = await conn.execute(stmt)
            await conn.execute(mark)
        return int(result.rowcount or 0)

    async def suspended_workspaces(self) -> set[tuple[str, str]]:
        query = select(workspaces.c.adapter, workspaces.c.workspace).where(
            workspaces.c.suspended.is_(True)
        )
        async with read_transaction(self._engine) as conn:
            return {(row.adapter, row.workspace) for row in await conn.execute(query)}

    async def chat_channels_version(self) -> str:
        query = select(func.count(), func.coalesce(func.sum(chat_channels.c.revision), 0))
        # `/paper settings` overrides live in the state table, beside the post counters:
        # their settings columns (not the counters, which change on every post) count too.
        settings = select(*(channels.c[name] for name in _SETTINGS)).order_by(channels.c.name)
        async with read_transaction(self._engine) as conn:
            count, revisions = (await conn.execute(query)).one()
            rows = [tuple(row) for row in await conn.execute(settings)]
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=8).hexdigest()
        return f"{count}:{revisions}:{digest}"


def channel_directory(engine: AsyncEngine) -> ChannelOps:
    """The role on an open store's engine (storage.SqlStore.engine)."""
    dialect = SqliteDialect() if engine.dialect.name == "sqlite" else PostgresDialect()
    return ChannelOps(engine, dialect)


def _conforms(ops: ChannelOps) -> ChannelDirectory:
    """Never called: makes mypy check that ChannelOps implements the role."""
    return ops


__all__ = ["ChannelOps", "channel_directory"]
