"""Persistence behind small role protocols (`storage.base`: `PaperStore`, `SearchIndex`,
`Outbox`...; `Store` is all of them): SQLite by default, PostgreSQL.

    store = await storage.open_store("sqlite:///paperboy.db")   # migrates on open
    await storage.upgrade("postgresql://bot@db/paperboy")        # `paperboy db upgrade`

See storage/README.md for the schema, the merge rules and how text is tokenized.
"""

from storage.base import (
    ChannelStates,
    Outbox,
    OutboxClaims,
    PaperStore,
    PollStates,
    ReviewStore,
    SearchIndex,
    Store,
    SubscriptionStore,
    UserOutbox,
)
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
from storage.sql import SqlStore, open_store, revision, upgrade

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
    "SqlStore",
    "Store",
    "StoreError",
    "SubscriptionStore",
    "UpsertResult",
    "UserOutbox",
    "delivery_key",
    "open_store",
    "revision",
    "upgrade",
]
