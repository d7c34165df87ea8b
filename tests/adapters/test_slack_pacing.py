"""One pacing layer for Slack sends: the outbox sender's limiter, at the pace the Slack
adapter states (`min_interval` between posts to a channel, default 1 s, as Slack allows);
the adapter itself never waits to pace. Measured where it matters: the clock time at which
the fake Slack receives each chat.postMessage."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Secrets
from bot.delivery.ratelimit import RateLimiter, limits_of
from bot.delivery.sender import Sender
from bot.model import OutboundMessage, message_to_dict
from storage.base import NewDelivery, Store
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack

GENERAL, DIGEST = "C0GENERAL", "C0DIGEST"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


class Waits:
    """Sleeps that move the shared clock instead of waiting, recorded by who asked."""

    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock
        self.by: dict[str, list[float]] = {"adapter": [], "sender": []}

    def sleep(self, who: str) -> Any:
        async def sleep(seconds: float) -> None:
            self.by[who].append(seconds)
            self.clock.advance(seconds=seconds)

        return sleep

    def monotonic(self) -> float:
        return self.clock.now().timestamp()


def intent(number: int, channel: str) -> NewDelivery:
    text = OutboundMessage.text(f"review {number}")
    return NewDelivery(
        key=f"post:slack:{channel}:{number}",  # type: ignore[arg-type]
        adapter="slack",
        channel=channel,
        kind="post",  # type: ignore[arg-type]
        payload=message_to_dict(text),
    )


def build(
    fake: FakeSlack, store: Store, waits: Waits, **settings: Any
) -> tuple[SlackAdapter, Sender]:
    """The adapter and the sender as App.build wires them: one limiter per adapter, with
    the limits the adapter states (bot.delivery.ratelimit.limits_of)."""
    table = AdapterConfig.model_validate({"api_url": fake.api_url, **settings})
    secrets = Secrets.model_validate({"slack_bot_token": BOT_TOKEN})
    clock = waits.clock
    adapter = SlackAdapter("slack", table, secrets, clock=clock, sleep=waits.sleep("adapter"))
    limiter = RateLimiter(
        limits_of(adapter, "slack"), monotonic=waits.monotonic, sleep=waits.sleep("sender")
    )
    sender = Sender(store, {"slack": adapter}, clock, limiters={"slack": limiter})
    return adapter, sender


def arrivals_of(fake: FakeSlack, waits: Waits) -> list[tuple[str, float]]:
    """(channel, clock time) of each chat.postMessage as the fake Slack receives it."""
    arrivals: list[tuple[str, float]] = []
    post = fake._m_chat_postMessage

    def record(params: dict[str, Any]) -> dict[str, Any]:
        arrivals.append((str(params["channel"]), waits.monotonic()))
        return post(params)

    fake._m_chat_postMessage = record  # type: ignore[method-assign]
    return arrivals


def gaps(arrivals: list[tuple[str, float]], channel: str) -> list[float]:
    times = [at for name, at in arrivals if name == channel]
    return [round(b - a, 3) for a, b in itertools.pairwise(times)]


@pytest.fixture
def waits() -> Waits:
    return Waits(FrozenClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)))


async def test_a_channel_gets_one_post_a_second_paced_by_the_sender_alone(
    fake: FakeSlack, sqlite_store: Store, waits: Waits
) -> None:
    arrivals = arrivals_of(fake, waits)
    adapter, sender = build(fake, sqlite_store, waits)  # min_interval: 1 s
    digest = intent(0, DIGEST)
    thread = [replace(intent(n, DIGEST), parent_key=digest.key) for n in range(1, 4)]
    general = [intent(n, GENERAL) for n in range(6)]
    try:
        # One channel at a time: the test's clock is shared, so while one channel's post is
        # in flight another channel's wait would move it and skew the arrival times.
        await sqlite_store.enqueue(general, waits.clock.now())
        assert await sender.drain() == 6
        await sqlite_store.enqueue([digest, *thread], waits.clock.now())
        assert await sender.drain() == 4
    finally:
        await adapter.stop()

    # Never faster than Slack's one a second per channel, a digest's thread replies too.
    assert len(gaps(arrivals, GENERAL)) == 5
    assert min(gaps(arrivals, GENERAL)) >= 1.0
    assert len(gaps(arrivals, DIGEST)) == 3
    assert min(gaps(arrivals, DIGEST)) >= 1.0
    threaded = [m for m in fake.messages if m.channel == DIGEST and m.thread_ts]
    assert len(threaded) == 3
    assert waits.by["adapter"] == []  # the adapter never paces a second time
    assert waits.by["sender"]


@pytest.mark.parametrize(
    ("interval", "expected"), [(0, [0.0] * 3), (1, [1.0] * 3), (2.5, [2.5] * 3)]
)
async def test_min_interval_sets_the_pace(
    fake: FakeSlack, sqlite_store: Store, waits: Waits, interval: float, expected: list[float]
) -> None:
    arrivals = arrivals_of(fake, waits)
    adapter, sender = build(fake, sqlite_store, waits, min_interval=interval)
    await sqlite_store.enqueue([intent(n, GENERAL) for n in range(4)], waits.clock.now())
    try:
        assert await sender.drain() == 4
    finally:
        await adapter.stop()
    assert gaps(arrivals, GENERAL) == expected  # one channel: exactly the stated pace
    assert waits.by["adapter"] == []
