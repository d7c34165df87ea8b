"""The scheduler: APScheduler 3 `AsyncIOScheduler` jobs derived from config and the store.

Jobs (ids are stable, added with `replace_existing`):
- `poll:<source>`: every source on its own interval; the job itself skips a run that
  falls inside the source's backoff (`PollState.next_poll`).
- `post:<channel>`: the daily post at the channel's time in its time zone (`DailyTrigger`).
- `digest:<timezone>:<HH:MM>`: the daily topic digests of the users who chose that time.
- `channels:refresh`: with channels set up from chat, every `refresh` (30 s) it compares
  the channel table's version and re-derives the jobs when another worker changed it, so
  a channel set up or changed anywhere is scheduled without a restart.

The store, not the scheduler's memory, is the record of what was sent: jobs live in
APScheduler's memory job store and are re-derived at start and whenever settings or
subscriptions change. Only one process may run a scheduler over a store (the leader lock
of `paperboy run` enforces it). At start, a daily post missed while the bot was down is
made when it is still within `scheduler.grace`, else recorded as missed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import ParamSpec
from zoneinfo import ZoneInfo

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.config import ChannelConfig, Config
from bot.model import DeliveryMode
from bot.scheduling.ports import ChannelList, ScheduledActions, ScheduleStore
from bot.scheduling.triggers import DailyTrigger, fires_since, last_fire_at_or_before
from bot.selection import effective_channel

log = logging.getLogger(__name__)
P = ParamSpec("P")

MISSED_LOOKBACK = dt.timedelta(days=7)  # how far back a restart records missed posts
REFRESH = dt.timedelta(seconds=30)


class CaughtUp(StrEnum):
    """What `catch_up` did with a post (or a users' digest) due while the bot was down."""

    POSTED = "posted"  # still within the grace window: made now
    MISSED = "missed"  # past it: recorded as missed


def _guarded(name: str, action: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
    """A job must never take the scheduler down: log its failure with context, go on."""

    async def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await action(*args, **kwargs)
        except Exception:  # the scheduler loop: log with context and keep going
            log.exception("scheduled job failed", extra={"job": name, "args": repr(args)})

    return run


class Scheduler:
    def __init__(
        self,
        config: Config,
        store: ScheduleStore,
        clock: Clock,
        actions: ScheduledActions,
        *,
        scheduler: AsyncIOScheduler | None = None,
        channels: ChannelList | None = None,
        refresh: dt.timedelta = REFRESH,
    ) -> None:
        self._config = config
        self._channel_list = channels  # None: only the TOML channels
        self._refresh_every = refresh
        self._seen_version: str | None = None
        self._store = store
        self._clock = clock
        self._actions = actions
        self._aps = scheduler or AsyncIOScheduler(timezone=dt.UTC)
        self._poll = _guarded("poll", actions.poll)
        self._post = _guarded("post", actions.daily_post)
        self._digest = _guarded("digest", actions.user_digests)
        self._instant = _guarded("instant", actions.instant_deliveries)

    # -- lifecycle --------------------------------------------------------------------

    async def start(self, *, paused: bool = False, catch_up: bool = True) -> None:
        """Derive the jobs, start APScheduler (on the running loop), make missed posts."""
        await self.derive()
        self._aps.start(paused=paused)
        if catch_up:
            await self.catch_up()

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)

    # -- jobs -------------------------------------------------------------------------

    async def channels(self) -> list[ChannelConfig]:
        if self._channel_list is not None:
            self._seen_version = await self._channel_list.version()
            return await self._channel_list.all()
        found = []
        for channel in self._config.channels:
            state = await self._store.get_channel_state(channel.name)
            found.append(effective_channel(channel, state))
        return found

    async def derive(self) -> None:
        """(Re)build every job from config and the store; drop jobs no longer wanted."""
        now = self._clock.now()
        wanted: set[str] = set()
        for source in self._config.sources:
            if not source.enabled:
                continue
            job_id = f"poll:{source.name}"
            wanted.add(job_id)
            existing = self._aps.get_job(job_id)
            if existing is not None and existing.trigger.interval == source.interval:
                continue  # keep its next run: a settings change must not trigger a poll
            state = await self._store.get_poll_state(source.name)
            first = now if state is None or state.next_poll is None else max(now, state.next_poll)
            self._aps.add_job(
                self._poll,
                IntervalTrigger(seconds=source.interval.total_seconds(), timezone=dt.UTC),
                args=(source.name,),
                id=job_id,
                name=f"poll {source.name}",
                replace_existing=True,
                next_run_time=first,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=max(1, int(source.interval.total_seconds())),
            )
        grace = max(1, int(self._config.scheduler.grace.total_seconds()))
        for channel in await self.channels():
            if channel.paused:
                continue
            job_id = f"post:{channel.name}"
            wanted.add(job_id)
            trigger = DailyTrigger(channel.time, channel.timezone)
            self._aps.add_job(
                self._post,
                trigger,
                args=(channel.name,),
                # From the injected clock (APScheduler would read the system clock).
                next_run_time=trigger.get_next_fire_time(None, now),
                id=job_id,
                name=f"daily post {channel.name}",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=grace,
            )
        if self._channel_list is not None:
            wanted.add("channels:refresh")
            if self._aps.get_job("channels:refresh") is None:
                self._aps.add_job(
                    _guarded("refresh", self._refresh_job),
                    IntervalTrigger(seconds=self._refresh_every.total_seconds(), timezone=dt.UTC),
                    id="channels:refresh",
                    name="re-read the channel table",
                    next_run_time=now + self._refresh_every,
                    coalesce=True,
                    max_instances=1,
                )
        for time, zone in await self._digest_times():
            hhmm = time.strftime("%H:%M")
            job_id = f"digest:{zone}:{hhmm}"
            wanted.add(job_id)
            trigger = DailyTrigger(hhmm, zone)
            self._aps.add_job(
                self._digest,
                trigger,
                args=(time, zone),
                next_run_time=trigger.get_next_fire_time(None, now),
                id=job_id,
                name=f"user digests {hhmm} {zone}",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=grace,
            )
        for job in self._aps.get_jobs():
            if job.id not in wanted:
                job.remove()

    async def _digest_times(self) -> list[tuple[dt.time, str]]:
        subscriptions = await self._store.all_subscriptions()
        times = {
            (s.digest_time.replace(second=0, microsecond=0), s.timezone)
            for s in subscriptions
            if s.mode is DeliveryMode.DAILY
        }
        return sorted(times)

    async def _refresh_job(self) -> None:
        await self.refresh()

    async def refresh_now(self) -> None:
        """A change this process made or was told of (a server removed): re-derive now."""
        if self._aps.running or self._aps.get_jobs():
            await self.derive()

    async def refresh(self) -> bool:
        """Re-derive the jobs when the channel table changed since the last look (a
        channel set up, changed, removed or suspended by any worker). True when it did."""
        if self._channel_list is None:
            return False
        if await self._channel_list.version() == self._seen_version:
            return False
        await self.derive()
        log.info("jobs re-derived: the channel table changed")
        return True

    async def on_settings_changed(self, channel_name: str | None = None) -> None:
        """A channel's settings (or the subscriptions) changed: re-derive the jobs."""
        await self.derive()
        log.info("jobs re-derived", extra={"channel": channel_name or "-"})

    async def catch_up(self) -> list[tuple[str, CaughtUp]]:
        """After downtime: the daily posts that were due since each channel's last post and
        not made. The latest is made when still within the grace window; the others (and
        it, past the window) are recorded as missed, so `status` can say so. Looks back at
        most MISSED_LOOKBACK. Users' daily digests due within the grace window are sent,
        and instant DMs of recent papers that a cut-short run left unwritten.
        Returns (channel, what was done) pairs, oldest first."""
        now = self._clock.now()
        grace = self._config.scheduler.grace
        done: list[tuple[str, CaughtUp]] = []
        for channel in await self.channels():
            if channel.paused:
                continue
            trigger = DailyTrigger(channel.time, channel.timezone)
            state = await self._store.get_channel_state(channel.name)
            since = state.last_post_at if state is not None else None
            for due in fires_since(trigger, since, now, MISSED_LOOKBACK):
                day = due.astimezone(ZoneInfo(channel.timezone)).date()
                if await self._actions.posted_on(channel.name, day):
                    continue
                if now - due <= grace:
                    await self._post(channel.name, day)
                    done.append((channel.name, CaughtUp.POSTED))
                else:
                    await self._actions.record_missed(channel.name, day, due)
                    done.append((channel.name, CaughtUp.MISSED))
        for time, zone in await self._digest_times():
            last = last_fire_at_or_before(DailyTrigger(time.strftime("%H:%M"), zone), now)
            if last is not None and now - last <= grace:
                # Idempotent: a digest already written for that day is not written again.
                await self._digest(time, zone, last.astimezone(ZoneInfo(zone)).date())
                done.append((f"digest {time:%H:%M} {zone}", CaughtUp.POSTED))
        # Instant DMs of recent papers not yet written (a run cut short by a crash, here
        # or in the process that held the scheduler before): idempotent per user and paper.
        await self._instant()
        return done

    # -- ScheduleInfo (for /paper status) ---------------------------------------------

    def job(self, job_id: str) -> Job | None:
        return self._aps.get_job(job_id)

    def next_post(self, channel_name: str) -> dt.datetime | None:
        job = self._aps.get_job(f"post:{channel_name}")
        return _next_run(job)

    def next_poll(self, source_name: str) -> dt.datetime | None:
        job = self._aps.get_job(f"poll:{source_name}")
        return _next_run(job)


def _next_run(job: Job | None) -> dt.datetime | None:
    if job is None:
        return None
    when = getattr(job, "next_run_time", None)
    return when if isinstance(when, dt.datetime) else None
