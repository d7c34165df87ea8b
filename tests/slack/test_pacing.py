"""Posts to one channel are spaced a second apart; other channels are not held up."""

from __future__ import annotations

import asyncio

from adapters.slack.pacing import ChannelPacer
from bot.clock import FrozenClock


async def test_posts_to_one_channel_wait_their_turn_others_do_not(clock: FrozenClock) -> None:
    waits: list[tuple[str, float]] = []

    async def sleep(seconds: float) -> None:
        waits.append((current, seconds))
        clock.advance(seconds=seconds)

    pacer = ChannelPacer(1.0, clock, sleep)
    for current in ["C1", "C1", "C2", "C1"]:
        await pacer.wait(current)
        clock.advance(seconds=0.25)  # the post itself takes a quarter second

    assert waits == [("C1", 0.75), ("C1", 0.5)]


async def test_concurrent_senders_to_one_channel_are_serialised(clock: FrozenClock) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds=seconds)
        await asyncio.sleep(0)

    pacer = ChannelPacer(1.0, clock, sleep)
    await asyncio.gather(*(pacer.wait("C1") for _ in range(3)))

    assert waits == [1.0, 1.0]


async def test_zero_interval_never_waits(clock: FrozenClock) -> None:
    async def sleep(seconds: float) -> None:
        raise AssertionError("must not wait")

    pacer = ChannelPacer(0, clock, sleep)
    await pacer.wait("C1")
    await pacer.wait("C1")
