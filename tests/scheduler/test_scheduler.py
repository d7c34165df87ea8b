"""The scheduler's jobs, derived from config and the store, and its catch-up at start.

APScheduler is started paused: the tests ask it which jobs exist and when they fire, and
call the catch-up on a FrozenClock; nothing waits for real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, SchedulerConfig, SourceConfig
from bot.model import DeliveryMode, Owner
from bot.scheduling.scheduler import Scheduler
from storage.base import ChannelState, PollState, Store

NOW = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)  # Monday 07:00 in Berlin


class Recorder:
    """ScheduledActions that records what the scheduler asked for."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dt.date | None]] = []
        self.missed: list[tuple[str, dt.date]] = []
        self.posted: set[tuple[str, dt.date]] = set()
        self.digests: list[tuple[dt.time, str, dt.date | None]] = []
        self.instant_runs = 0

    async def poll(self, source: str) -> None: ...

    async def daily_post(self, channel: str, day: dt.date | None = None) -> None:
        self.posts.append((channel, day))

    async def record_missed(self, channel: str, day: dt.date, scheduled: dt.datetime) -> None:
        self.missed.append((channel, day))

    async def user_digests(self, time: dt.time, timezone: str, day: dt.date | None = None) -> None:
        self.digests.append((time, timezone, day))

    async def posted_on(self, channel: str, day: dt.date) -> bool:
        return (channel, day) in self.posted

    async def instant_deliveries(self) -> None:
        self.instant_runs += 1


def make_config() -> Config:
    return Config(
        sources=(
            SourceConfig(name="hf", kind="hf_daily", interval=dt.timedelta(minutes=30)),
            SourceConfig(name="off", kind="hf_daily", enabled=False),
        ),
        channels=(
            ChannelConfig(name="berlin", target="C1", time="09:00", timezone="Europe/Berlin"),
            ChannelConfig(name="ny", target="C2", time="08:30", timezone="America/New_York"),
            ChannelConfig(name="quiet", target="C3", paused=True),
        ),
        scheduler=SchedulerConfig(grace=dt.timedelta(hours=6)),
    )


@pytest.fixture
async def running() -> AsyncIterator[list[Scheduler]]:
    made: list[Scheduler] = []
    yield made
    for scheduler in made:
        scheduler.shutdown()


async def start(
    store: Store, clock: FrozenClock, running: list[Scheduler], actions: Recorder | None = None
) -> tuple[Scheduler, Recorder]:
    recorder = actions or Recorder()
    scheduler = Scheduler(
        make_config(), store, clock, recorder, scheduler=AsyncIOScheduler(timezone=dt.UTC)
    )
    running.append(scheduler)
    await scheduler.start(paused=True, catch_up=False)
    return scheduler, recorder


async def test_jobs_per_source_channel_and_digest_time(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    clock = FrozenClock(NOW)
    owner = Owner("slack", "T1", "U1")
    await sqlite_store.add_subscription(
        owner,
        "diffusion",
        DeliveryMode.DAILY,
        NOW,
        digest_time=dt.time(7, 15),
        timezone="Asia/Tokyo",
    )
    await sqlite_store.add_subscription(owner, "llm", DeliveryMode.INSTANT, NOW)
    scheduler, _ = await start(sqlite_store, clock, running)
    ids = sorted(job.id for job in scheduler._aps.get_jobs())
    assert ids == ["digest:Asia/Tokyo:07:15", "poll:hf", "post:berlin", "post:ny"]
    berlin = scheduler.next_post("berlin")
    assert berlin is not None
    assert berlin.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    ny = scheduler.next_post("ny")
    assert ny is not None
    assert ny.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 13, 30, tzinfo=dt.UTC)
    assert scheduler.next_post("quiet") is None  # paused: no job
    assert scheduler.next_poll("off") is None


async def test_a_source_in_backoff_is_first_polled_when_its_backoff_ends(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    clock = FrozenClock(NOW)
    later = NOW + dt.timedelta(hours=2)
    await sqlite_store.save_poll_state(
        PollState(source="hf", consecutive_failures=3, next_poll=later)
    )
    scheduler, _ = await start(sqlite_store, clock, running)
    assert scheduler.next_poll("hf") == later


async def test_settings_changed_through_commands_move_the_job(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    clock = FrozenClock(NOW)
    scheduler, _ = await start(sqlite_store, clock, running)
    await sqlite_store.save_channel_state(
        ChannelState(name="berlin", time="18:45", timezone="Asia/Kolkata")
    )
    await scheduler.on_settings_changed("berlin")
    moved = scheduler.next_post("berlin")
    assert moved is not None
    assert moved.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 13, 15, tzinfo=dt.UTC)
    await sqlite_store.save_channel_state(ChannelState(name="berlin", paused=True))
    await scheduler.on_settings_changed("berlin")
    assert scheduler.next_post("berlin") is None
    assert len(scheduler._aps.get_jobs()) == 2  # poll:hf and post:ny: nothing duplicated


async def test_a_settings_change_does_not_poll_every_source_again(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    clock = FrozenClock(NOW)
    scheduler, _ = await start(sqlite_store, clock, running)
    first = scheduler.next_poll("hf")
    clock.advance(minutes=10)
    await scheduler.on_settings_changed("berlin")
    assert scheduler.next_poll("hf") == first


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Berlin's 09:00 post was due at 08:00 UTC; NY's 08:30 at 13:30 UTC (the day before
        # at 08:00 UTC).
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), {"berlin": "posted", "ny": "missed"}),
        (dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.UTC), {"berlin": "missed", "ny": "posted"}),
        (dt.datetime(2026, 3, 2, 13, 59, tzinfo=dt.UTC), {"berlin": "posted", "ny": "posted"}),
    ],
)
async def test_catch_up_posts_within_the_grace_window_else_records_missed(
    sqlite_store: Store, running: list[Scheduler], now: dt.datetime, expected: dict[str, str]
) -> None:
    clock = FrozenClock(now)
    scheduler, recorder = await start(sqlite_store, clock, running)
    done = dict(await scheduler.catch_up())
    assert done == expected
    assert {name for name, _ in recorder.posts} == {n for n, w in expected.items() if w == "posted"}
    assert {name for name, _ in recorder.missed} == {
        n for n, w in expected.items() if w == "missed"
    }
    # and the instant DMs a crashed run left unwritten are planned at start
    assert recorder.instant_runs == 1


async def test_catch_up_does_nothing_for_a_day_already_posted(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    clock = FrozenClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    recorder = Recorder()
    recorder.posted = {("berlin", dt.date(2026, 3, 2)), ("ny", dt.date(2026, 3, 1))}
    scheduler, _ = await start(sqlite_store, clock, running, recorder)
    assert await scheduler.catch_up() == []
    assert recorder.posts == []
    assert recorder.missed == []


async def test_every_day_missed_since_the_last_post_is_recorded(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    # Berlin last posted on Thursday 26 Feb; the bot comes back on Monday 2 March at 10:00
    # Berlin (an hour after the post was due): Fri, Sat and Sun were missed, Monday is made.
    last = dt.datetime(2026, 2, 26, 8, 0, 5, tzinfo=dt.UTC)
    await sqlite_store.save_channel_state(
        ChannelState(name="berlin", last_post_day=last.date(), last_post_at=last)
    )
    clock = FrozenClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    scheduler, recorder = await start(sqlite_store, clock, running)
    done = [what for name, what in await scheduler.catch_up() if name == "berlin"]
    assert done == ["missed", "missed", "missed", "posted"]
    assert [day for name, day in recorder.missed if name == "berlin"] == [
        dt.date(2026, 2, 27),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 1),
    ]
    assert ("berlin", dt.date(2026, 3, 2)) in recorder.posts


async def test_a_users_digest_due_within_the_grace_window_is_sent_at_start(
    sqlite_store: Store, running: list[Scheduler]
) -> None:
    owner = Owner("slack", "T1", "U1")
    for at in (dt.time(23, 30), dt.time(6, 0)):
        await sqlite_store.add_subscription(
            owner, f"topic {at}", DeliveryMode.DAILY, NOW, digest_time=at, timezone="UTC"
        )
    clock = FrozenClock(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC))  # down since 23:00
    scheduler, recorder = await start(sqlite_store, clock, running)
    await scheduler.catch_up()
    # The 23:30 digest of 1 March, 90 minutes late, is sent (for its own day); the 06:00
    # one was due 19 hours ago, past the 6-hour window.
    assert recorder.digests == [(dt.time(23, 30), "UTC", dt.date(2026, 3, 1))]
