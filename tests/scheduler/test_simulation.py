"""A week of the bot on a clock the test moves: the daily job fires at each of its fire
times (across the spring daylight-saving change), the bot is restarted within the grace
window once and after it once; every day gets exactly one post, or a missed record."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, ReviewConfig, SchedulerConfig
from bot.delivery.alerts import SourceHealth
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.delivery.users import UserDeliveries
from bot.review import Reviewer, review_message
from bot.scheduling.jobs import Jobs
from bot.scheduling.scheduler import Scheduler
from storage.base import DeliveryStatus, Store
from tests.delivery.conftest import paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

ZONE = "Europe/Berlin"
CONFIG = Config(
    channels=(
        ChannelConfig(name="c", adapter="fake", target="C", time="02:30", timezone=ZONE, top=1),
    ),
    scheduler=SchedulerConfig(grace=dt.timedelta(hours=6)),
    review=ReviewConfig(producer="extractive"),
)


class Never:
    async def poll(self, name: str) -> object:
        raise AssertionError("no sources are configured")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def boot(
    store: Store, clock: FrozenClock, http: httpx.AsyncClient, catch_up: bool
) -> Scheduler:
    reviewer = Reviewer(CONFIG.review, store, http, clock, None)
    poster = DailyPoster(CONFIG, store, reviewer, clock, render=review_message)
    health = SourceHealth(CONFIG, store, clock)
    users = UserDeliveries(store, clock, adapters_by_platform={})
    jobs = Jobs(store, clock, Never(), poster, health, users)  # type: ignore[arg-type]
    scheduler = Scheduler(CONFIG, store, clock, jobs, scheduler=AsyncIOScheduler(timezone=dt.UTC))
    await scheduler.start(paused=True, catch_up=False)
    if catch_up:
        await scheduler.catch_up()
    return scheduler


async def test_a_week_of_daily_posts_with_restarts_across_dst(
    sqlite_store: Store,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    clock = FrozenClock(dt.datetime(2026, 3, 26, 12, 0, tzinfo=dt.UTC))
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    sender = Sender(sqlite_store, {"fake": adapter}, clock, limiters={"fake": unlimited})
    scheduler = await boot(sqlite_store, clock, http, catch_up=False)
    plan = ["run", "run", "run", "down-2h", "down-8h", "run", "run"]  # 27.03 .. 02.04
    fired: list[dt.datetime] = []
    for day, what in enumerate(plan):
        job = scheduler.job("post:c")
        assert job is not None
        fire = job.trigger.get_next_fire_time(fired[-1] if fired else None, clock.now())
        fired.append(fire)
        clock.set(fire - dt.timedelta(hours=1))
        await sqlite_store.upsert_papers([paper(f"2603.{day:05d}", upvotes=day)], clock.now())
        if what == "run":
            clock.set(fire)
            await job.func(*job.args)  # what APScheduler calls at the fire time
        else:  # the bot is down at the fire time and restarts later
            scheduler.shutdown()
            clock.set(fire + dt.timedelta(hours=2 if what == "down-2h" else 8))
            scheduler = await boot(sqlite_store, clock, http, catch_up=True)
        await sender.drain()

    local = [f.astimezone(dt.UTC).isoformat() for f in fired]
    assert local[:3] == [  # CET (+01:00) before 29 March ...
        "2026-03-27T01:30:00+00:00",
        "2026-03-28T01:30:00+00:00",
        "2026-03-29T01:30:00+00:00",  # 02:30 does not exist that night: 03:30 CEST
    ]
    assert local[3] == "2026-03-30T00:30:00+00:00"  # ... CEST (+02:00) after
    posts = platform.in_channel("C")
    assert len(posts) == 6  # seven days, one missed
    numbers = [int(m.content.split("Paper Review No. ")[1].split()[0]) for m in posts]
    assert numbers == [1, 2, 3, 4, 5, 6]
    rows = await sqlite_store.deliveries(channel_name="c", limit=50)
    by_day: dict[dt.date, list[str]] = {}
    for row in rows:
        assert row.day is not None
        by_day.setdefault(row.day, []).append(row.kind)
    days = [dt.date(2026, 3, 27) + dt.timedelta(days=i) for i in range(7)]
    assert sorted(by_day) == days  # no day skipped
    assert all(len(kinds) == 1 for kinds in by_day.values())  # and none doubled
    assert by_day[dt.date(2026, 3, 31)] == ["missed"]
    missed = [r for r in rows if r.kind == "missed"]
    assert missed[0].status is DeliveryStatus.MISSED
    scheduler.shutdown()
