"""Small state: per-source poll state, per-channel settings and counters, the review cache."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.model import Producer, Review
from storage.base import ChannelState, PollState
from storage.codec import (
    channel_from_row,
    channel_to_row,
    poll_state_from_row,
    poll_state_to_row,
    review_from_json,
    review_to_json,
)
from storage.engine import read_transaction, write_transaction
from storage.ops import Ops
from storage.schema import channels, poll_state, reviews
from storage.types import to_utc


class StateOps(Ops):
    # sources ------------------------------------------------------------------------
    async def get_poll_state(self, source: str) -> PollState | None:
        async with read_transaction(self._engine) as conn:
            row = (
                (await conn.execute(select(poll_state).where(poll_state.c.source == source)))
                .mappings()
                .first()
            )
        return poll_state_from_row(row) if row is not None else None

    async def save_poll_state(self, state: PollState) -> None:
        values = poll_state_to_row(state)
        stmt = self._dialect.insert(poll_state).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["source"], set_={k: stmt.excluded[k] for k in values if k != "source"}
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)

    async def all_poll_states(self) -> list[PollState]:
        async with read_transaction(self._engine) as conn:
            rows = (await conn.execute(select(poll_state).order_by(poll_state.c.source))).mappings()
            return [poll_state_from_row(row) for row in rows]

    # channels -----------------------------------------------------------------------
    async def get_channel_state(self, name: str) -> ChannelState | None:
        async with read_transaction(self._engine) as conn:
            row = (
                (await conn.execute(select(channels).where(channels.c.name == name)))
                .mappings()
                .first()
            )
        return channel_from_row(row) if row is not None else None

    async def save_channel_state(self, state: ChannelState) -> None:
        """Write the settings. The review counter never goes back: a state read before a
        `next_review_number` and saved after it keeps the newer number."""
        values = channel_to_row(state)
        stmt = self._dialect.insert(channels).values(values)
        update = {k: stmt.excluded[k] for k in values if k not in ("name", "review_counter")}
        update["review_counter"] = self._dialect.greatest(
            channels.c.review_counter, stmt.excluded.review_counter
        )
        stmt = stmt.on_conflict_do_update(index_elements=["name"], set_=update)
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)

    async def next_review_number(self, name: str) -> int:
        """Atomically increment and return the channel's running review number."""
        stmt = self._dialect.insert(channels).values(name=name, paused=False, review_counter=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"], set_={"review_counter": channels.c.review_counter + 1}
        ).returning(channels.c.review_counter)
        async with write_transaction(self._engine) as conn:
            return int((await conn.execute(stmt)).scalar_one())

    # reviews ------------------------------------------------------------------------
    async def get_review(self, arxiv_id: str, producer: Producer) -> Review | None:
        stmt = select(reviews.c.data).where(
            reviews.c.paper_id == arxiv_id, reviews.c.producer == producer
        )
        async with read_transaction(self._engine) as conn:
            data = (await conn.execute(stmt)).scalar_one_or_none()
        return review_from_json(data) if data is not None else None

    async def save_review(self, review: Review, now: dt.datetime) -> None:
        """Store (or replace) the review of this paper by this producer."""
        values = {
            "paper_id": review.paper_id,
            "producer": review.producer,
            "data": review_to_json(review),
            "created": to_utc(now),
        }
        stmt = self._dialect.insert(reviews).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["paper_id", "producer"],
            set_={"data": stmt.excluded.data, "created": stmt.excluded.created},
        )
        async with write_transaction(self._engine) as conn:
            await conn.execute(stmt)

    async def count_reviews_since(self, producer: Producer, since: dt.datetime) -> int:
        stmt = select(func.count()).where(
            reviews.c.producer == producer, reviews.c.created >= to_utc(since)
        )
        async with read_transaction(self._engine) as conn:
            return int((await conn.execute(stmt)).scalar_one())
