"""The scheduled jobs over the real parts: a real Poller against an HF daily-papers server on
127.0.0.1, the source-health alerts and the instant deliveries that follow a poll."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, ReviewConfig, SchedulerConfig, SourceConfig
from bot.delivery.alerts import SourceHealth
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.delivery.users import UserDeliveries
from bot.model import DeliveryMode, Owner
from bot.review import Reviewer, review_message
from bot.samples import HF_FILE, sample_bytes
from bot.scheduling.jobs import Jobs
from bot.sources import Poller
from storage.base import Store
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

NOW = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


class HfServer:
    def __init__(self) -> None:
        self.failing = False
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _daily(self, request: web.Request) -> web.Response:
        if self.failing:
            return web.Response(status=503, text="down for maintenance")
        return web.Response(body=sample_bytes(HF_FILE), content_type="application/json")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/daily_papers", self._daily)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/api/daily_papers"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def hf() -> AsyncIterator[HfServer]:
    server = HfServer()
    await server.start()
    yield server
    await server.stop()


class Bot:
    def __init__(self, jobs: Jobs, sender: Sender, clock: FrozenClock) -> None:
        self.jobs, self.sender, self.clock = jobs, sender, clock

    async def poll(self) -> None:
        await self.jobs.poll("hf")
        await self.sender.drain()
        self.clock.advance(days=1)  # past any backoff


@pytest.fixture
async def bot(
    sqlite_store: Store, hf: HfServer, platform: FakePlatform, adapter: FakePlatformAdapter
) -> AsyncIterator[Bot]:
    config = Config(
        sources=(SourceConfig(name="hf", kind="hf_daily", url=hf.url, retries=0, timeout=5),),
        channels=(ChannelConfig(name="admin", adapter="fake", target="ADMIN"),),
        scheduler=SchedulerConfig(alert_after=3, admin_channel="admin"),
        review=ReviewConfig(producer="extractive"),
    )
    clock = FrozenClock(NOW)
    async with httpx.AsyncClient() as http:
        poller = Poller(config.sources, sqlite_store, http, clock)
        reviewer = Reviewer(config.review, sqlite_store, http, clock, None)
        poster = DailyPoster(config, sqlite_store, reviewer, clock, render=review_message)
        health = SourceHealth(config, sqlite_store, clock)
        users = UserDeliveries(sqlite_store, clock, adapters_by_platform={"fake": "fake"})
        jobs = Jobs(sqlite_store, clock, poller, poster, health, users)
        unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
        sender = Sender(sqlite_store, {"fake": adapter}, clock, limiters={"fake": unlimited})
        yield Bot(jobs, sender, clock)


async def test_one_alert_after_repeated_failures_and_one_on_recovery(
    bot: Bot, hf: HfServer, platform: FakePlatform
) -> None:
    hf.failing = True
    for _ in range(2):
        await bot.poll()
    assert platform.in_channel("ADMIN") == []  # two failures: not yet
    for _ in range(3):
        await bot.poll()
    [alert] = platform.in_channel("ADMIN")  # the third failure alerts, the 4th and 5th do not
    assert "'hf' has failed 3 polls in a row" in alert.content
    assert "503" in alert.content
    hf.failing = False
    await bot.poll()
    await bot.poll()
    messages = [m.content for m in platform.in_channel("ADMIN")]
    assert len(messages) == 2
    assert "'hf' has recovered" in messages[1]


async def test_instant_subscribers_get_one_dm_with_their_new_matches(
    bot: Bot, sqlite_store: Store, platform: FakePlatform
) -> None:
    alice = Owner("fake", "W1", "alice")
    await sqlite_store.add_subscription(alice, "experts", DeliveryMode.INSTANT, NOW)
    await sqlite_store.add_subscription(alice, "mixtral", DeliveryMode.INSTANT, NOW)
    bob = Owner("fake", "W1", "bob")
    await sqlite_store.add_subscription(bob, "reasoning", DeliveryMode.INSTANT, NOW)
    await sqlite_store.add_subscription(bob, "daily only", DeliveryMode.DAILY, NOW)
    await bot.poll()
    [to_alice] = platform.in_channel("dm-alice")
    assert to_alice.content.count("Mixtral of Experts") == 1  # two topics matched: once
    [to_bob] = platform.in_channel("dm-bob")
    assert "DeepSeek-R1" in to_bob.content
    assert "ReAct" in to_bob.content
    await bot.poll()  # the same list again: nothing new for anyone
    assert len(platform.messages) == 2
