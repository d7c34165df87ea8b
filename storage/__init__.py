"""Persistence behind one interface (`storage.base.Store`): SQLite by default, PostgreSQL.

    store = await storage.open_store("sqlite:///paperboy.db")   # migrates on open
    await storage.upgrade("postgresql://bot@db/paperboy")        # `paperboy db upgrade`

See storage/README.md for the schema, the merge rules and how text is tokenized.
"""

from storage.base import (
    ChannelState,
    Delivery,
    DeliveryStatus,
    DuplicateSubscription,
    NewDelivery,
    PollState,
    SearchHit,
    SearchQuery,
    Store,
    StoreError,
    UpsertResult,
)
from storage.sql import SqlStore, open_store, revision, upgrade

__all__ = [
    "ChannelState",
    "Delivery",
    "DeliveryStatus",
    "DuplicateSubscription",
    "NewDelivery",
    "PollState",
    "SearchHit",
    "SearchQuery",
    "SqlStore",
    "Store",
    "StoreError",
    "UpsertResult",
    "open_store",
    "revision",
    "upgrade",
]
