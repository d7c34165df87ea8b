"""The storage interface. Two implementations share it: SQLite (embedded default) and
PostgreSQL, both in `storage.sql` over SQLAlchemy 2 (async).

Everything that must not happen twice (a post to a channel, a DM to a user) is guarded
by a unique key here, written before the send and confirmed after (the outbox).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from bot.model import DeliveryMode, Owner, Paper, Producer, Review, Subscription

# ---------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpsertResult:
    new: tuple[str, ...] = ()  # ids stored for the first time
    updated: tuple[str, ...] = ()  # ids whose stored fields changed
    unchanged: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchQuery:
    """A structured query. The store escapes every piece: no user text reaches FTS raw.

    All `terms` and `phrases` must match (AND); `excluded` words must not; `categories`
    match any; `authors` each must appear (case-insensitive substring) in the author list.
    `window` bounds ranking to the newest N matches for very broad queries (0 = no bound).
    """

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: dt.date | None = None
    before: dt.date | None = None
    window: int = 0

    @classmethod
    def from_text(cls, text: str) -> SearchQuery:
        """Plain words, all required. (The command language lives in bot/commands.)"""
        return cls(terms=tuple(text.split()))

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.categories or self.authors)


@dataclass(frozen=True)
class SearchHit:
    paper: Paper
    score: float  # higher is better
    snippet: tuple[tuple[str, bool], ...] = ()  # (text, highlighted) runs


@dataclass(frozen=True)
class PollState:
    source: str
    etag: str | None = None
    last_modified: str | None = None
    last_success: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    consecutive_failures: int = 0
    next_poll: dt.datetime | None = None
    alerted: bool = False  # an admin alert about the current failure run was sent
    cursor: dict[str, Any] = field(default_factory=dict)  # source-specific (hash=False)

    def __hash__(self) -> int:
        return hash(self.source)


@dataclass(frozen=True)
class ChannelState:
    """A channel's settings changed at run time through `/paper settings`, over its config.

    `None` means "as configured". `review_counter` is the running review number.
    """

    name: str
    time: str | None = None  # HH:MM
    timezone: str | None = None
    sources: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    top: int | None = None
    paused: bool = False
    review_counter: int = 0
    last_post_day: dt.date | None = None
    last_post_at: dt.datetime | None = None


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # written, not yet sent
    SENDING = "sending"  # claimed by a worker: a send may have happened
    SENT = "sent"
    FAILED = "failed"  # gave up; `error` says why
    MISSED = "missed"  # a daily post past its grace window


@dataclass(frozen=True)
class NewDelivery:
    """An intent to send. `key` is unique: `post:<target>:<paper>`, `day:<target>:<date>`,
    `dm:<target>:<paper>`, `digest:<target>:<date>`..."""

    key: str
    adapter: str
    channel: str  # platform channel id, or "" for a DM
    kind: str  # post, digest, thread, dm, alert, note
    payload: dict[str, Any]  # bot.model.message_to_dict(...)
    user: str | None = None
    workspace: str | None = None
    paper_id: str | None = None
    day: dt.date | None = None
    channel_name: str | None = None  # the configured channel, when any
    parent_key: str | None = None  # send in the thread of that delivery's message
    not_before: dt.datetime | None = None


@dataclass(frozen=True)
class Delivery:
    id: int
    key: str
    adapter: str
    channel: str
    kind: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    created: dt.datetime
    user: str | None = None
    workspace: str | None = None
    paper_id: str | None = None
    day: dt.date | None = None
    channel_name: str | None = None
    parent_key: str | None = None
    message_id: str | None = None
    error: str | None = None
    not_before: dt.datetime | None = None
    sent_at: dt.datetime | None = None

    def __hash__(self) -> int:
        return hash(self.id)


class StoreError(Exception):
    """A storage operation failed; the message names what and why (never a password)."""


class DuplicateSubscription(StoreError):
    pass


# ---------------------------------------------------------------------------------------
# The interface
# ---------------------------------------------------------------------------------------


class Store(Protocol):
    dialect: str  # "sqlite" or "postgresql"

    async def close(self) -> None: ...

    # papers -------------------------------------------------------------------------
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

    async def search(
        self, query: SearchQuery, *, limit: int = 5, offset: int = 0
    ) -> list[SearchHit]:
        """Full-text search, best first. Never raises for any query text."""
        ...

    # reviews ------------------------------------------------------------------------
    async def get_review(self, arxiv_id: str, producer: Producer) -> Review | None: ...

    async def save_review(self, review: Review, now: dt.datetime) -> None: ...

    async def count_reviews_since(self, producer: Producer, since: dt.datetime) -> int: ...

    # sources ------------------------------------------------------------------------
    async def get_poll_state(self, source: str) -> PollState | None: ...

    async def save_poll_state(self, state: PollState) -> None: ...

    async def all_poll_states(self) -> list[PollState]: ...

    # channels -----------------------------------------------------------------------
    async def get_channel_state(self, name: str) -> ChannelState | None: ...

    async def save_channel_state(self, state: ChannelState) -> None: ...

    async def next_review_number(self, name: str) -> int:
        """Atomically increment and return the channel's running review number."""
        ...

    # subscriptions ------------------------------------------------------------------
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

    async def mark_seen(self, owner: Owner, paper_ids: Sequence[str], now: dt.datetime) -> set[str]:
        """Record that these papers went to this user; return those not recorded before
        (a user never gets the same paper twice, whichever topic matched it)."""
        ...

    async def enqueue_for_user(
        self,
        owner: Owner,
        paper_ids: Sequence[str],
        now: dt.datetime,
        build: Callable[[list[str]], NewDelivery | None],
    ) -> str | None:
        """`mark_seen` and `enqueue` in ONE transaction: record these papers as sent to
        this user, call `build` (plain, synchronous) with those not recorded before (in
        the order given; never called when there are none) and write the intent it
        returns. Returns its key; None when no paper was new, `build` returned None, or
        an intent with that key exists already; in those cases, and when anything raises
        (`build` included), nothing is recorded: the papers stay new to the user. So a
        crash never leaves papers marked seen without their DM."""
        ...

    # outbox -------------------------------------------------------------------------
    async def enqueue(self, items: Sequence[NewDelivery], now: dt.datetime) -> list[str]:
        """Write intents; a key already present is left as it is. Returns the new keys."""
        ...

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

    async def mark_missed(self, delivery_id: int, reason: str, now: dt.datetime) -> None:
        """A daily post past its grace window: status MISSED, `error` = reason, never
        claimed again."""
        ...

    async def get_delivery(self, key: str) -> Delivery | None: ...

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
