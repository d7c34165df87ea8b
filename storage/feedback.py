"""The feedback role: readers' votes, saved papers and mutes, and forgetting a reader.

`bot.feedback.ports.FeedbackStore` is the protocol; `FeedbackOps` is mixed into
`storage.sql.SqlStore` like the other operation groups. The tables are registered on the
shared metadata here (migration 0005 creates them), as storage.answers does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Index, Integer, String, Table, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.feedback.model import (
    Forgotten,
    Mute,
    MuteKind,
    Vote,
    VoteCounts,
    VoteRecord,
    reader_key,
)
from bot.feedback.ports import FeedbackStore
from bot.model import Owner
from storage.answers import questions
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops, like_escape
from storage.schema import metadata, outbox, seen, subscriptions
from storage.types import UTCDateTime, to_utc

VALUE_CHARS = 200  # a mute's value

votes = Table(
    "votes",
    metadata,
    Column("reader", String(255), primary_key=True),  # platform:workspace:user
    Column("channel", String(255), primary_key=True),  # platform:workspace:channel
    Column("paper_id", String(64), primary_key=True),
    Column("value", Integer, nullable=False),  # +1 like, -1 dislike
    Column("voted_at", UTCDateTime, nullable=False),
    Index("ix_votes_channel", "channel", "voted_at"),
)

saved = Table(
    "saved",
    metadata,
    Column("reader", String(255), primary_key=True),
    Column("paper_id", String(64), primary_key=True),
    Column("saved_at", UTCDateTime, nullable=False),
)

mutes = Table(
    "mutes",
    metadata,
    Column("reader", String(255), primary_key=True),
    Column("kind", String(16), primary_key=True),  # author | cat | word
    Column("value", String(VALUE_CHARS), primary_key=True),
    Column("created", UTCDateTime, nullable=False),
)


def _record(row: Any) -> VoteRecord:
    return VoteRecord(row.reader, row.channel, row.paper_id, Vote(row.value), row.voted_at)


class FeedbackOps(Ops):
    async def set_vote(
        self, owner: Owner, channel: str, paper_id: str, vote: Vote, now: dt.datetime
    ) -> Vote | None:
        reader = reader_key(owner)
        where = and_(
            votes.c.reader == reader, votes.c.channel == channel, votes.c.paper_id == paper_id
        )
        stmt = self._dialect.insert(votes).values(
            reader=reader, channel=channel, paper_id=paper_id, value=int(vote),
            voted_at=to_utc(now),
        )  # fmt: skip
        stmt = stmt.on_conflict_do_update(
            index_elements=["reader", "channel", "paper_id"],
            set_={"value": stmt.excluded.value, "voted_at": stmt.excluded.voted_at},
        )
        async with write_transaction(self._engine) as conn:
            before = (await conn.execute(select(votes.c.value).where(where))).scalar()
            await conn.execute(stmt)
        return Vote(before) if before is not None else None

    async def vote_counts(self, channel: str, paper_id: str) -> VoteCounts:
        stmt = (
            select(votes.c.value, func.count())
            .where(votes.c.channel == channel, votes.c.paper_id == paper_id)
            .group_by(votes.c.value)
        )
        async with read_transaction(self._engine) as conn:
            found = {int(v): int(n) for v, n in (await conn.execute(stmt)).all()}
        return VoteCounts(found.get(Vote.LIKE, 0), found.get(Vote.DISLIKE, 0))

    async def post_paper(self, message_id: str) -> str | None:
        # the same look-up as storage.answers' paper_of_post (a thread's root), kept here so
        # this role stands alone; both use the index ix_outbox_message_id
        stmt = (
            select(outbox.c.paper_id)
            .where(outbox.c.message_id == message_id, outbox.c.paper_id.is_not(None))
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        async with read_transaction(self._engine) as conn:
            found = (await conn.execute(stmt)).scalar()
        return str(found) if found is not None else None

    async def post_payload(self, message_id: str) -> dict[str, Any] | None:
        stmt = (
            select(outbox.c.payload)
            .where(outbox.c.message_id == message_id, outbox.c.paper_id.is_not(None))
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        async with read_transaction(self._engine) as conn:
            found = (await conn.execute(stmt)).scalar()
        return dict(found) if isinstance(found, dict) else None

    async def reader_votes(self, owner: Owner) -> list[VoteRecord]:
        return await self._votes(votes.c.reader == reader_key(owner))

    async def channel_votes(self, channel: str) -> list[VoteRecord]:
        return await self._votes(votes.c.channel == channel)

    async def target_votes(self, platforms: Sequence[str], target: str) -> list[VoteRecord]:
        if not platforms:
            return []
        patterns = (f"{like_escape(p)}:%:{like_escape(target)}" for p in dict.fromkeys(platforms))
        return await self._votes(or_(*(votes.c.channel.like(p, escape="\\") for p in patterns)))

    async def _votes(self, where: Any) -> list[VoteRecord]:
        stmt = select(votes).where(where).order_by(votes.c.voted_at, votes.c.paper_id)
        async with read_transaction(self._engine) as conn:
            return [_record(row) for row in (await conn.execute(stmt)).all()]

    async def remove_vote(self, owner: Owner, channel: str, paper_id: str, vote: Vote) -> bool:
        where = and_(
            votes.c.reader == reader_key(owner), votes.c.channel == channel,
            votes.c.paper_id == paper_id, votes.c.value == int(vote),
        )  # fmt: skip
        async with write_transaction(self._engine) as conn:
            return await _delete(conn, votes, where) > 0

    async def reset_votes(self, owner: Owner) -> int:
        async with write_transaction(self._engine) as conn:
            return await _delete(conn, votes, votes.c.reader == reader_key(owner))

    async def save_paper(self, owner: Owner, paper_id: str, now: dt.datetime) -> bool:
        stmt = self._dialect.insert(saved).values(
            reader=reader_key(owner), paper_id=paper_id, saved_at=to_utc(now)
        )
        stmt = stmt.on_conflict_do_nothing(index_elements=["reader", "paper_id"])
        async with write_transaction(self._engine) as conn:
            return bool((await conn.execute(stmt)).rowcount)

    async def saved_papers(self, owner: Owner) -> list[str]:
        stmt = (
            select(saved.c.paper_id)
            .where(saved.c.reader == reader_key(owner))
            .order_by(saved.c.saved_at, saved.c.paper_id)
        )
        async with read_transaction(self._engine) as conn:
            return [str(v) for v in (await conn.execute(stmt)).scalars()]

    async def add_mute(self, owner: Owner, mute: Mute, now: dt.datetime) -> bool:
        stmt = self._dialect.insert(mutes).values(
            reader=reader_key(owner), kind=mute.kind.value, value=mute.value[:VALUE_CHARS],
            created=to_utc(now),
        )  # fmt: skip
        stmt = stmt.on_conflict_do_nothing(index_elements=["reader", "kind", "value"])
        async with write_transaction(self._engine) as conn:
            return bool((await conn.execute(stmt)).rowcount)

    async def mutes(self, owner: Owner) -> list[Mute]:
        stmt = (
            select(mutes.c.kind, mutes.c.value)
            .where(mutes.c.reader == reader_key(owner))
            .order_by(mutes.c.created, mutes.c.kind, mutes.c.value)
        )
        async with read_transaction(self._engine) as conn:
            return [Mute(MuteKind(k), v) for k, v in (await conn.execute(stmt)).all()]

    async def remove_mutes(self, owner: Owner, rules: Sequence[Mute] | None = None) -> int:
        where: Any = mutes.c.reader == reader_key(owner)
        if rules is not None:
            if not rules:
                return 0
            where = and_(
                where,
                or_(
                    *(
                        and_(mutes.c.kind == m.kind.value, mutes.c.value == m.value[:VALUE_CHARS])
                        for m in rules
                    )
                ),
            )
        async with write_transaction(self._engine) as conn:
            return await _delete(conn, mutes, where)

    async def forget_reader(self, owner: Owner) -> Forgotten:
        reader = reader_key(owner)
        same_user = and_(
            subscriptions.c.platform == owner.platform,
            subscriptions.c.workspace == owner.workspace,
            subscriptions.c.user_id == owner.user,
        )
        seen_user = and_(
            seen.c.platform == owner.platform,
            seen.c.workspace == owner.workspace,
            seen.c.user_id == owner.user,
        )
        # A DM's outbox row names its user and workspace (its adapter is an adapter's name,
        # not the platform, so the pair is the key); channel posts have no user.
        dms = and_(outbox.c.user_id == owner.user, outbox.c.workspace == owner.workspace)
        async with write_transaction(self._engine) as conn:
            return Forgotten(
                subscriptions=await _delete(conn, subscriptions, same_user),
                votes=await _delete(conn, votes, votes.c.reader == reader),
                saved=await _delete(conn, saved, saved.c.reader == reader),
                mutes=await _delete(conn, mutes, mutes.c.reader == reader),
                deliveries=await _delete(conn, outbox, dms) + await _delete(conn, seen, seen_user),
                questions=await _delete(conn, questions, questions.c.reader == reader),
            )


async def _delete(conn: AsyncConnection, table: Table, where: Any) -> int:
    return int((await conn.execute(delete(table).where(where))).rowcount or 0)


__all__ = ["FeedbackOps", "mutes", "saved", "votes"]


def _conforms(ops: FeedbackOps) -> FeedbackStore:
    """Never called: makes mypy check that FeedbackOps implements the FeedbackStore role."""
    return ops
