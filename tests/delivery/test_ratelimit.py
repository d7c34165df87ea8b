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


async def time_for(limit: RateLimiter, fake_time: FakeTime, sends: int) -> float:
    start = fake_time.now
    for index in range(sends):
        await limit.acquire(f"user-{index}")
        limit.succeeded(f"user-{index}")
    return fake_time.now - start


async def test_a_limit_set_too_high_slows_down_on_429_and_recovers(fake_time: FakeTime) -> None:
    limit = limiter(fake_time, Rate(100.0, 1), Rate(0.0))
    assert 0.99 <= await time_for(limit, fake_time, 101) <= 1.01  # 100/s as configured
    for _ in range(3):
        limit.block(None, 0.0)  # three 429s: the server's limit is lower than we thought
    slowed = await time_for(limit, fake_time, 101)
    assert slowed > 1.2  # paced at about 0.9^3 of the configured rate (the pace recovers
    # a little with each success)
    await time_for(limit, fake_time, 2000)  # many sends go through: the pace recovers
    assert 0.99 <= await time_for(limit, fake_time, 101) <= 1.01
