"""The outbox: intents to send, unique by key, claimed by workers under a lease.

A delivery is written PENDING before the send (so a crash cannot make it happen twice
unnoticed), claimed (SENDING, with a lease), then marked SENT, retried later (PENDING
with `not_before`) or FAILED. A SENDING row whose lease ran out (its worker died) is
claimable again; the adapter's own idempotency (nonce, find-sent) covers that case.
On PostgreSQL the claim is SELECT ... FOR UPDATE SKIP LOCKED, so several processes share
the work; on SQLite it is one UPDATE ... RETURNING under the write lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select, update

from storage.base import Delivery, DeliveryKey, DeliveryStatus, NewDelivery
from storage.codec import delivery_from_row, new_delivery_to_row
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops, chunks
from storage.schema import outbox
from storage.types import to_utc, utc

_LIVE = (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value, DeliveryStatus.SENT.value)


class OutboxOps(Ops):
    async def enqueue(self, items: Sequence[NewDelivery], now: dt.datetime) -> list[DeliveryKey]:
        """Write intents; a key already present is left as it is. Returns the new keys."""
        unique = {item.key: item for item in items}  # one row per key
        rows = [new_delivery_to_row(item, now) for item in unique.values()]
        if not rows:
            return []
        stmt = (
            self._dialect.insert(outbox)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(outbox.c.key)
        )
        created: set[str] = set()
        async with write_transaction(self._engine) as conn:
            for part in chunks(rows, 200):
                created.update(r[0] for r in await conn.execute(stmt, list(part)))
        return [key for key in unique if key in created]

    async def claim(
        self,
        worker: str,
        now: dt.datetime,
        *,
        limit: int = 50,
        lease: dt.timedelta = dt.timedelta(minutes=2),
    ) -> list[Delivery]:
        """Claim due deliveries (oldest first) for `worker`, marking them SENDING."""
        when = utc(now)
        due = or_(
            and_(
                outbox.c.status == DeliveryStatus.PENDING.value,
                or_(outbox.c.not_before.is_(None), outbox.c.not_before <= when),
            ),
            and_(outbox.c.status == DeliveryStatus.SENDING.value, outbox.c.lease_until <= when),
        )
        candidates = self._dialect.for_update(
            select(outbox.c.id).where(due).order_by(outbox.c.id).limit(limit), skip_locked=True
        )
        stmt = (
            update(outbox)
            .where(outbox.c.id.in_(candidates.scalar_subquery()))
            .values(
                status=DeliveryStatus.SENDING.value,
                worker=worker,
                lease_until=when + lease,
                attempts=outbox.c.attempts + 1,
            )
            .returning(outbox)
        )
        async with write_transaction(self._engine) as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return sorted((delivery_from_row(r) for r in rows), key=lambda d: d.id)

    async def mark_sent(self, delivery_id: int, message_id: str, now: dt.datetime) -> None:
        await self._set(
            delivery_id,
            status=DeliveryStatus.SENT.value,
            message_id=message_id,
            sent_at=to_utc(now),
            error=None,
            lease_until=None,
        )

    async def mark_retry(self, delivery_id: int, error: str, not_before: dt.datetime) -> None:
        await self._set(
            delivery_id,
            status=DeliveryStatus.PENDING.value,
            error=error,
            not_before=to_utc(not_before),
            lease_until=None,
        )

    async def mark_failed(self, delivery_id: int, error: str, now: dt.datetime) -> None:
        await self._set(
            delivery_id, status=DeliveryStatus.FAILED.value, error=error, lease_until=None
        )

    async def mark_missed(self, delivery_id: int, reason: str, now: dt.datetime) -> None:
        """A daily post past its grace window: MISSED (never claimed again), `error` = why."""
        await self._set(
            delivery_id, status=DeliveryStatus.MISSED.value, error=reason, lease_until=None
        )

    async def _set(self, delivery_id: int, **values: object) -> None:
        async with write_transaction(self._engine) as conn:
            await conn.execute(update(outbox).where(outbox.c.id == delivery_id).values(**values))

    async def get_delivery(self, key: DeliveryKey) -> Delivery | None:
        async with read_transaction(self._engine) as conn:
            row = (await conn.execute(select(outbox).where(outbox.c.key == key))).mappings().first()
        return delivery_from_row(row) if row is not None else None

    async def deliveries(
        self,
        *,
        status: DeliveryStatus | None = None,
        channel_name: str | None = None,
        day: dt.date | None = None,
        limit: int = 100,
    ) -> list[Delivery]:
        """Deliveries, newest first, optionally one status, configured channel or day."""
        stmt = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status is not None:
            stmt = stmt.where(outbox.c.status == DeliveryStatus(status).value)
        if channel_name is not None:
            stmt = stmt.where(outbox.c.channel_name == channel_name)
        if day is not None:
            stmt = stmt.where(outbox.c.day == day)
        async with read_transaction(self._engine) as conn:
            return [delivery_from_row(r) for r in (await conn.execute(stmt)).mappings()]

    async def posted_paper_ids(self, adapter: str, channel: str) -> set[str]:
        """Papers posted, or pending or being posted, to this channel (not failed ones)."""
        stmt = select(outbox.c.paper_id).where(
            outbox.c.adapter == adapter,
            outbox.c.channel == channel,
            outbox.c.paper_id.is_not(None),
            outbox.c.status.in_(_LIVE),
        )
        async with read_transaction(self._engine) as conn:
            return {r[0] for r in await conn.execute(stmt)}

    async def outbox_depth(self) -> int:
        """Deliveries not finished yet (pending or sending)."""
        stmt = select(func.count()).where(
            outbox.c.status.in_((DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value))
        )
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(stmt)).scalar_one())
