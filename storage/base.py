"""The storage interface: small role protocols, one per thing the core asks of a store.

A consumer asks for the roles it uses (the poller: `PaperStore` and `PollStates`; the
sender: `OutboxClaims`...), never the whole store; tests and other stores then implement
only what that consumer needs. `Store` is every role at once, as `storage.sql.SqlStore`
(SQLite and PostgreSQL over SQLAlchemy 2, async) implements it. The leader lock is the
core's own small protocol (`bot.leader.LeaderLock`), implemented by `storage.leader`.

Everything that must not happen twice (a post to a channel, a DM to a user) is guarded
by a unique key here, written before the send and confirmed after (the outbox).
The records that cross this boundary are in `storage.records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from bot.model import DeliveryMode, Owner, Paper, Producer, Review, Subscription
from bot.versions import VersionStore
from storage.records import (
    ChannelState,
    Delivery,
    DeliveryKey,
    DeliveryKind,
    DeliveryStatus,
    DuplicateSubscription,
    NewDelivery,
    PollState,
    SearchHit,
    SearchQuery,
    StoreError,
    UpsertResult,
    delivery_key,
)


class PaperStore(Protocol):
    """Papers: stored once per arXiv id, merged as sources see them again."""

    async def upsert_papers(self, papers: Sequence[Paper], now: dt.datetime) -> UpsertResult:
        """Insert or merge. Merge keeps the newest version, unions sources, categories
        and links, keeps non-empty fields, takes the latest upvotes, attaches articles."""
        ...

    async def get_paper(self, arxiv_id: str) -> Paper | None: ...

    async def get_papers(self, arxiv_ids: Sequence[str]) -> list[Paper]: ...

    async def count_papers(self) -> int: ...

    async def known_ids(self, arxiv_ids: Sequence[str]) -> set[str]:
        """Which of these ids are stored already (for the arXiv API stop condition)."""
        ...

    async def papers_since(
        self,
        since: dt.datetime | None,
        *,
        sources: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
        limit: int = 200,
    ) -> list[Paper]:
        """Papers first seen at or after `since` (newest first), optionally only those seen
        by one of `sources` and in one of `categories`."""
        ...


class SearchIndex(Protocol):
    """Full-text search over the stored papers."""

    async def search(
        self, query: SearchQuery, *, limit: int = 5, offset: int = 0
    ) -> list[SearchHit]:
        """Full-text search, best first. Never raises for any query text."""
        ...


class ReviewStore(Protocol):
    """The review cache: one review per paper and producer."""

    async def get_review(self, arxiv_id: str, producer: Producer) -> Review | None: ...

    async def save_review(self, review: Review, now: dt.datetime) -> None: ...

    async def count_reviews_since(self, producer: Producer, since: dt.datetime) -> int: ...


class PollStates(Protocol):
    """Per-source poll state: validators, cursors, failures, the next poll."""

    async def get_poll_state(self, source: str) -> PollState | None: ...

    async def save_poll_state(self, state: PollState) -> None: ...

    async def all_poll_states(self) -> list[PollState]: ...


class ChannelStates(Protocol):
    """Per-channel settings changed from chat, and the running review number."""

    async def get_channel_state(self, name: str) -> ChannelState | None: ...

    async def save_channel_state(self, state: ChannelState) -> None: ...

    async def next_review_number(self, name: str) -> int:
        """Atomically increment and return the channel's running review number."""
        ...


class SubscriptionStore(Protocol):
    """Users' topics."""

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
        ...

    async def list_subscriptions(self, owner: Owner) -> list[Subscription]: ...

    async def all_subscriptions(self) -> list[Subscription]: ...

    async def remove_subscription(self, owner: Owner, subscription_id: int) -> bool: ...

    async def add_matches(self, counts: dict[int, int]) -> None:
        """Add to each subscription's delivered-match counter."""
        ...


class UserOutbox(Protocol):
    """A user's DM: the papers it carries are marked seen in the same transaction."""

    async def enqueue_for_user(
        self,
        owner: Owner,
        paper_ids: Sequence[str],
        now: dt.datetime,
        build: Callable[[list[str]], NewDelivery | None],
    ) -> DeliveryKey | None:
        """Mark seen and enqueue in ONE transaction: record these papers as sent to
        this user, call `build` (plain, synchronous) with those not recorded before (in
        the order given; never called when there are none) and write the intent it
        returns. Returns its key; None when no paper was new, `build` returned None, or
        an intent with that key exists already; in those cases, and when anything raises
        (`build` included), nothing is recorded: the papers stay new to the user. So a
        crash never leaves papers marked seen without their DM."""
        ...


class Outbox(Protocol):
    """Intents to send, unique by key, and the ledger of what was sent."""

    async def enqueue(self, items: Sequence[NewDelivery], now: dt.datetime) -> list[DeliveryKey]:
        """Write intents; a key already present is left as it is. Returns the new keys."""
        ...

    async def mark_missed(self, delivery_id: int, reason: str, now: dt.datetime) -> None:
        """A daily post past its grace window: status MISSED, `error` = reason, never
        claimed again."""
        ...

    async def get_delivery(self, key: DeliveryKey) -> Delivery | None: ...

    async def deliveries(
        self,
        *,
        status: DeliveryStatus | None = None,
        channel_name: str | None = None,
        day: dt.date | None = None,
        limit: int = 100,
    ) -> list[Delivery]: ...

    async def posted_paper_ids(self, adapter: str, channel: str) -> set[str]:
        """Papers already posted (or being posted) to this channel."""
        ...

    async def outbox_depth(self) -> int: ...


class OutboxClaims(Protocol):
    """What a sender does with the outbox: claim due deliveries, then record the outcome."""

    async def claim(
        self,
        worker: str,
        now: dt.datetime,
        *,
        limit: int = 50,
        lease: dt.timedelta = dt.timedelta(minutes=2),
    ) -> list[Delivery]:
        """Claim due pending deliveries (and SENDING ones whose lease ran out) for this
        worker, marking them SENDING. On PostgreSQL: FOR UPDATE SKIP LOCKED."""
        ...

    async def mark_sent(self, delivery_id: int, message_id: str, now: dt.datetime) -> None: ...

    async def mark_retry(self, delivery_id: int, error: str, not_before: dt.datetime) -> None: ...

    async def mark_failed(self, delivery_id: int, error: str, now: dt.datetime) -> None: ...


class Store(
    PaperStore,
    SearchIndex,
    ReviewStore,
    PollStates,
    ChannelStates,
    SubscriptionStore,
    UserOutbox,
    Outbox,
    OutboxClaims,
    VersionStore,
    Protocol,
):
    """Every role: what `storage.open_store` returns."""

    dialect: str  # "sqlite" or "postgresql"

    async def close(self) -> None: ...


__all__ = [
    "ChannelState",
    "ChannelStates",
    "Delivery",
    "DeliveryKey",
    "DeliveryKind",
    "DeliveryStatus",
    "DuplicateSubscription",
    "NewDelivery",
    "Outbox",
    "OutboxClaims",
    "PaperStore",
    "PollState",
    "PollStates",
    "ReviewStore",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "Store",
    "StoreError",
    "SubscriptionStore",
    "UpsertResult",
    "UserOutbox",
    "delivery_key",
]
