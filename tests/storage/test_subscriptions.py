"""Subscriptions and the per-user record of papers sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from bot.model import DeliveryMode, Owner
from storage import DuplicateSubscription, NewDelivery, SqlStore
from tests.storage.factories import NOW, still_new

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


async def test_a_user_is_never_sent_the_same_paper_twice(store: SqlStore) -> None:
    def dm(owner: Owner) -> Callable[[list[str]], NewDelivery]:
        def build(fresh: list[str]) -> NewDelivery:
            key = f"dm:{owner.user}:{'+'.join(fresh)}"
            return NewDelivery(key, "slack", "", "dm", {"papers": fresh}, user=owner.user)

        return build

    assert await store.enqueue_for_user(ADA, ["p1", "p2", "p2"], NOW, dm(ADA)) == "dm:U1:p1+p2"
    assert await store.enqueue_for_user(ADA, ["p2", "p3"], NOW, dm(ADA)) == "dm:U1:p3"
    assert await store.enqueue_for_user(BOB, ["p1"], NOW, dm(BOB)) == "dm:U2:p1"  # per user
    assert await store.enqueue_for_user(ADA, [], NOW, dm(ADA)) is None
    assert await still_new(store, ADA, ["p1", "p2", "p3", "p4"]) == {"p4"}
