"""Per-user daily digests: one DM at the user's time, at most ten papers and a search hint,
never the same paper twice."""

from __future__ import annotations

import datetime as dt

from bot.clock import FrozenClock
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.delivery.users import UserDeliveries
from bot.model import DeliveryMode, Owner
from storage.base import Store
from tests.delivery.conftest import paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

TOKYO_MORNING = dt.time(7, 15)


async def test_daily_digest_once_a_day_ten_papers_then_a_hint_never_repeating(
    store: Store, clock: FrozenClock, adapter: FakePlatformAdapter, platform: FakePlatform
) -> None:
    await store.upsert_papers(
        [
            paper(f"2603.{i:05d}", title=f"Sparse attention study {i}", upvotes=i)
            for i in range(1, 13)
        ]
        + [paper("2603.09999", title="Protein folding", abstract="We fold proteins with graphs.")],
        clock.now(),
    )
    alice = Owner("fake", "W1", "alice")
    await store.add_subscription(
        alice, "attention", DeliveryMode.DAILY, clock.now(),
        digest_time=TOKYO_MORNING, timezone="Asia/Tokyo",
    )  # fmt: skip
    await store.add_subscription(
        alice, "sparse", DeliveryMode.DAILY, clock.now(),
        digest_time=TOKYO_MORNING, timezone="Asia/Tokyo",
    )  # fmt: skip
    bob = Owner("fake", "W1", "bob")
    await store.add_subscription(bob, "attention", DeliveryMode.DAILY, clock.now())
    users = UserDeliveries(store, clock, adapters_by_platform={"fake": "fake"})
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    sender = Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited})

    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 1  # alice only: bob is at 09:00
    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 0  # the job ran twice: no repeat
    await sender.drain()
    [dm] = platform.in_channel("dm-alice")
    lines = dm.content.splitlines()
    assert lines[0] == "Your daily papers"
    assert len([line for line in lines if line.startswith("- ")]) == 10
    assert lines[1].startswith("- Sparse attention study 12")  # the most upvoted first
    assert lines[-1] == "and 2 more: try /paper search attention"
    assert "Protein folding" not in dm.content
    assert platform.in_channel("dm-bob") == []

    clock.advance(days=1)
    await store.upsert_papers([paper("2603.00100", title="Attention, again")], clock.now())
    assert await users.daily(TOKYO_MORNING, "Asia/Tokyo") == 1
    await sender.drain()
    second = platform.in_channel("dm-alice")[-1]
    assert "Attention, again" in second.content
    assert "study" not in second.content  # yesterday's papers are not sent again
