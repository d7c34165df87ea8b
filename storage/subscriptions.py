"""Subscriptions (unique per owner and topic), what each user has been sent (seen), and
the DM intent written with its seen rows in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model import DeliveryMode, Owner, Subscription
from storage.base import DeliveryKey, DuplicateSubscription, NewDelivery
from storage.codec import new_delivery_to_row, subscription_from_row
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops, chunks
from storage.schema import outbox, seen, subscriptions
from storage.types import to_utc


class SubscriptionOps(Ops):
    async def add_subscription(
        self,
        owner: Owner,
        query: str,
        mode: DeliveryMode,
        now: dt.datetime,
        *,
        digest_time: dt.time = dt.time(9, 0),
        timezone: str = "UTC",
    ) -> Subscription:
        """Raises DuplicateSubscription when the owner already holds `query`."""
        values = {
            "platform": owner.platform,
            "workspace": owner.workspace,
            "user_id": owner.user,
            "query": query,
            "mode": DeliveryMode(mode).value,
            "created": to_utc(now),
            "digest_time": digest_time.isoformat(timespec="minutes"),
            "timezone": timezone,
            "matches": 0,
        }
        stmt = (
            self._dialect.insert(subscriptions)
            .values(values)
            .on_conflict_do_nothing(index_elements=["platform", "workspace", "user_id", "query"])
            .returning(subscriptions)
        )
        async with write_transaction(self._engine) as conn:
            row = (await conn.execute(stmt)).mappings().first()
        if row is None:
            raise DuplicateSubscription(f"you are already subscribed to {query!r}")
        return subscription_from_row(row)

    async def list_subscriptions(self, owner: Owner) -> list[Subscription]:
        stmt = (
            select(subscriptions)
            .where(
                subscriptions.c.platform == owner.platform,
                subscriptions.c.workspace == owner.workspace,
                subscriptions.c.user_id == owner.user,
            )
            .order_by(subscriptions.c.id)
        )
        async with read_transaction(self._engine) as conn:
            return [subscription_from_row(r) for r in (await conn.execute(stmt)).mappings()]

    async def all_subscriptions(self) -> list[Subscription]:
        async with read_transaction(self._engine) as conn:
            rows = (
                await conn.execute(select(subscriptions).order_by(subscriptions.c.id))
            ).mappings()
            return [subscription_from_row(r) for r in rows]

    async def remove_subscription(self, owner: Owner, subscription_id: int) -> bool:
        """Remove one of the owner's subscriptions; False when the owner holds no such id."""
        stmt = delete(subscriptions).where(
            subscriptions.c.id == subscription_id,
            subscriptions.c.platform == owner.platform,
            subscriptions.c.workspace == owner.workspace,
            subscriptions.c.user_id == owner.user,
        )
        async with write_transaction(self._engine) as conn:
            return (await conn.execute(stmt)).rowcount > 0

    async def add_matches(self, counts: dict[int, int]) -> None:
        """Add to each subscription's delivered-match counter."""
        params = [{"sub_id": k, "add": v} for k, v in sorted(counts.items()) if v]
        if not params:
            return
        stmt = (
            update(subscriptions)
            .where(subscriptions.c.id == bindparam("sub_id"))
            .values(matches=subscriptions.c.matches + bindparam("add"))
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt, params)

    async def enqueue_for_user(
        self,
        owner: Owner,
        paper_ids: Sequence[str],
        now: dt.datetime,
        build: Callable[[list[str]], NewDelivery | None],
    ) -> DeliveryKey | None:
        """Mark seen and write the DM's intent in one transaction (see `storage.base`).

        Concurrent calls for one user serialize on the seen rows' primary key (SQLite:
        the write lock; PostgreSQL: the second insert of a row waits for the first
        transaction, then skips it), so one paper goes into one DM only. The ids are
        inserted in sorted order, so two calls never wait on each other in a cycle."""
        try:
            async with write_transaction(self._engine) as conn:
                fresh = await self._insert_seen(conn, owner, paper_ids, now)
                item = build(fresh) if fresh else None
                if item is None:
                    raise _NothingWritten  # roll the seen rows back
                stmt = (
                    self._dialect.insert(outbox)
                    .values(new_delivery_to_row(item, now))
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(outbox.c.key)
                )
                if (await conn.execute(stmt)).first() is None:
                    raise _NothingWritten  # that intent exists: these papers stay new
        except _NothingWritten:
            return None
        return item.key

    async def _insert_seen(
        self, conn: AsyncConnection, owner: Owner, paper_ids: Sequence[str], now: dt.datetime
    ) -> list[str]:
        """Insert the seen rows (sorted, so concurrent writers lock them in one order);
        the ids not recorded before, in the order of `paper_ids`."""
        wanted = list(dict.fromkeys(paper_ids))
        rows = [
            {
                "platform": owner.platform,
                "workspace": owner.workspace,
                "user_id": owner.user,
                "paper_id": paper_id,
                "seen_at": to_utc(now),
            }
            for paper_id in sorted(wanted)
        ]
        stmt = self._dialect.insert(seen).on_conflict_do_nothing().returning(seen.c.paper_id)
        inserted: set[str] = set()
        for part in chunks(rows):
            inserted.update(r[0] for r in await conn.execute(stmt, list(part)))
        return [paper_id for paper_id in wanted if paper_id in inserted]


class _NothingWritten(Exception):
    """Inside `enqueue_for_user`: leave the transaction by rolling it back."""
