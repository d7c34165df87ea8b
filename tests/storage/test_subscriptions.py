"""Subscriptions and the per-user record of papers sent."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.model import DeliveryMode, Owner
from storage import DuplicateSubscription, SqlStore
from tests.storage.factories import NOW

ADA = Owner("slack", "T1", "U1")
BOB = Owner("slack", "T1", "U2")


async def test_subscriptions_are_unique_per_owner_and_topic(store: SqlStore) -> None:
    sub = await store.add_subscription(
        ADA,
        "diffusion models",
        DeliveryMode.DAILY,
        NOW,
        digest_time=dt.time(8, 30),
        timezone="Europe/Berlin",
    )
    assert (sub.owner, sub.query, sub.mode, sub.created) == (
        ADA,
        "diffusion models",
        DeliveryMode.DAILY,
        NOW,
    )
    assert (sub.digest_time, sub.timezone, sub.matches) == (dt.time(8, 30), "Europe/Berlin", 0)
    with pytest.raises(DuplicateSubscription, match="diffusion models"):
        await store.add_subscription(ADA, "diffusion models", DeliveryMode.INSTANT, NOW)
    other = await store.add_subscription(BOB, "diffusion models", DeliveryMode.INSTANT, NOW)
    assert other.id != sub.id
    assert await store.list_subscriptions(ADA) == [sub]
    assert [s.owner for s in await store.all_subscriptions()] == [ADA, BOB]


async def test_remove_only_your_own(store: SqlStore) -> None:
    sub = await store.add_subscription(ADA, "graphs", DeliveryMode.INSTANT, NOW)
    assert await store.remove_subscription(BOB, sub.id) is False
    assert await store.remove_subscription(ADA, sub.id) is True
    assert await store.remove_subscription(ADA, sub.id) is False
    assert await store.list_subscriptions(ADA) == []


async def test_match_counters_add_up(store: SqlStore) -> None:
    one = await store.add_subscription(ADA, "graphs", DeliveryMode.INSTANT, NOW)
    two = await store.add_subscription(ADA, "robots", DeliveryMode.INSTANT, NOW)
    await store.add_matches({one.id: 2, two.id: 1})
    await store.add_matches({one.id: 3})
    await store.add_matches({})
    assert [s.matches for s in await store.list_subscriptions(ADA)] == [5, 1]


async def test_mark_seen_returns_only_papers_not_sent_before(store: SqlStore) -> None:
    assert await store.mark_seen(ADA, ["p1", "p2", "p2"], NOW) == {"p1", "p2"}
    assert await store.mark_seen(ADA, ["p2", "p3"], NOW) == {"p3"}
    assert await store.mark_seen(BOB, ["p1"], NOW) == {"p1"}  # per user
    assert await store.mark_seen(ADA, [], NOW) == set()
