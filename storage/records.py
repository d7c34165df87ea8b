"""What crosses the storage boundary: frozen records, the delivery status, named errors.

The role protocols that read and write them are in `storage.base`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NewType

from bot.model import Paper


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


class DeliveryKind(StrEnum):
    """What a delivery is; the outbox's `kind` column holds the value."""

    POST = "post"  # one paper in a channel's daily post
    DIGEST = "digest"  # a channel's digest header, or a user's daily digest DM
    THREAD = "thread"  # one paper in the thread under a channel's digest header
    NOTE = "note"  # a channel's "nothing new today" note
    DM = "dm"  # a user's instant DM
    ALERT = "alert"  # a message to the admin channel (a source down, then up)
    MISSED = "missed"  # the record of a daily post missed (never sent)


DeliveryKey = NewType("DeliveryKey", str)


def delivery_key(what: DeliveryKind, target: str, item: object) -> DeliveryKey:
    """`<what>:<target>:<item>`, the outbox's unique key: a paper posted to a channel
    (`post:slack:C1:2403.17887`, also when it goes in a digest's thread); a channel's
    digest, note or missed post of a day (`digest:slack:C1:2024-03-01`), or a user's daily
    digest (`digest:slack:dm:U1:2024-03-01`); an instant DM (`dm:slack:dm:U1:` and a hash
    of its papers) or a new version's (`dm:...:2403.17887v2`); an alert (`alert:...:` the
    source, down or up, and the run). `target` is `bot.ports.Target.key`. One key, one
    send, ever."""
    return DeliveryKey(f"{DeliveryKind(what).value}:{target}:{item}")


@dataclass(frozen=True)
class NewDelivery:
    """An intent to send, unique by `key` (see `delivery_key`). A kind given as text is
    taken as its `DeliveryKind`; an unknown kind raises ValueError."""

    key: DeliveryKey
    adapter: str
    channel: str  # platform channel id, or "" for a DM
    kind: DeliveryKind
    payload: dict[str, Any]  # bot.model.message_to_dict(...)
    user: str | None = None
    workspace: str | None = None
    paper_id: str | None = None
    day: dt.date | None = None
    channel_name: str | None = None  # the configured channel, when any
    parent_key: DeliveryKey | None = None  # send in the thread of that delivery's message
    not_before: dt.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DeliveryKind(self.kind))


@dataclass(frozen=True)
class Delivery:
    """A row of the outbox, as written by `enqueue` and updated by the sender."""

    id: int
    key: DeliveryKey
    adapter: str
    channel: str
    kind: DeliveryKind
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    created: dt.datetime
    user: str | None = None
    workspace: str | None = None
    paper_id: str | None = None
    day: dt.date | None = None
    channel_name: str | None = None
    parent_key: DeliveryKey | None = None
    message_id: str | None = None
    error: str | None = None
    not_before: dt.datetime | None = None
    sent_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DeliveryKind(self.kind))

    def __hash__(self) -> int:
        return hash(self.id)


class StoreError(Exception):
    """A storage operation failed; the message names what and why (never a password)."""


class DuplicateSubscription(StoreError):
    pass
