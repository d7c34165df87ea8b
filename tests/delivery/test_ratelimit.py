"""The send limiter paces below the platform's limits and obeys Retry-After."""

from __future__ import annotations

import asyncio

from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from tests.delivery.conftest import FakeTime


def limiter(fake_time: FakeTime, global_rate: Rate, target_rate: Rate) -> RateLimiter:
    return RateLimiter(
        Limits(global_rate, target_rate), monotonic=fake_time.monotonic, sleep=fake_time.sleep
    )


async def test_global_rate_paces_sends_to_many_targets(fake_time: FakeTime) -> None:
    limit = limiter(fake_time, Rate(10.0, 1), Rate(0.0))
    start = fake_time.now
    for index in range(21):
        await limit.acquire(f"user-{index}")
    # 1 at once, then 20 more at 10/s: two seconds, not less (and not much more).
    assert 1.99 <= fake_time.now - start <= 2.01


async def test_one_busy_target_does_not_hold_up_the_others(fake_time: FakeTime) -> None:
    limit = limiter(fake_time, Rate(0.0), Rate(1.0, 1))
    await limit.acquire("channel-a")
    start = fake_time.now
    await limit.acquire("channel-b")
    assert fake_time.now == start  # another target: no wait
    await limit.acquire("channel-a")
    assert fake_time.now - start >= 0.99  # the same target again: a second later


async def test_retry_after_blocks_the_target_or_everyone(fake_time: FakeTime) -> None:
    limit = limiter(fake_time, Rate(0.0), Rate(0.0))
    limit.block("channel-a", 5.0)
    start = fake_time.now
    await limit.acquire("channel-b")
    assert fake_time.now == start
    await limit.acquire("channel-a")
    assert fake_time.now - start >= 5.0
    limit.block(None, 3.0)  # a global 429
    start = fake_time.now
    await limit.acquire("channel-c")
    assert fake_time.now - start >= 3.0


async def test_concurrent_senders_share_the_global_budget(fake_time: FakeTime) -> None:
    limit = limiter(fake_time, Rate(50.0, 5), Rate(0.0))
    start = fake_time.now
    await asyncio.gather(*(limit.acquire(f"u{i}") for i in range(105)))
    # 5 burst + 100 at 50/s = 2 s.
    assert 1.99 <= fake_time.now - start <= 2.05
