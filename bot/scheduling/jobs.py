"""What the scheduled jobs do, over the real parts: poll a source (then source-health
alerts and instant deliveries), make a channel's daily post, send the daily digests."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.clock import Clock
from bot.delivery.alerts import SourceHealth
from bot.delivery.daily import DailyPoster
from bot.delivery.outcome import PostOutcome
from bot.delivery.users import UserDeliveries
from storage.base import ChannelStates, PollStates

log = logging.getLogger(__name__)


class PollResult(Protocol):
    @property
    def failed(self) -> bool: ...

    @property
    def new_ids(self) -> Sequence[str]: ...


class SourcePoller(Protocol):
    """bot.sources.Poller"""

    async def poll(self, name: str) -> PollResult: ...


class JobStore(ChannelStates, PollStates, Protocol):
    """What the jobs read of the store: channel settings and poll state."""


class Jobs:
    """Implements bot.scheduling.ports.ScheduledActions."""

    def __init__(
        self,
        store: JobStore,
        clock: Clock,
        poller: SourcePoller,
        poster: DailyPoster,
        health: SourceHealth,
        users: UserDeliveries,
    ) -> None:
        self._store = store
        self._clock = clock
        self._poller = poller
        self._poster = poster
        self._health = health
        self._users = users

    async def poll(self, source: str) -> None:
        before = await self._store.get_poll_state(source)
        next_poll = before.next_poll if before is not None else None
        if next_poll is not None and next_poll > self._clock.now():
            return  # inside the backoff of earlier failures (or a Retry-After): not yet
        report = await self._poller.poll(source)
        await self._health.after_poll(source, before, report.failed)
        if not report.failed and report.new_ids:
            sent = await self._users.instant(list(report.new_ids))
            if sent:
                log.info("instant deliveries", extra={"source": source, "dms": sent})

    async def instant_deliveries(self) -> None:
        """At the scheduler's start: finish instant DMs a crashed run left unwritten."""
        sent = await self._users.instant()
        if sent:
            log.info("instant deliveries caught up", extra={"dms": sent})

    async def daily_post(self, channel: str, day: dt.date | None = None) -> None:
        outcome = await self.post_now(channel, day)
        log.info(outcome.describe(), extra={"channel": channel})

    async def post_now(self, channel: str, day: dt.date | None = None) -> PostOutcome:
        return await self._poster.post(channel, day)

    async def record_missed(self, channel: str, day: dt.date, scheduled: dt.datetime) -> None:
        await self._poster.record_missed(channel, day, scheduled)

    async def user_digests(self, time: dt.time, timezone: str, day: dt.date | None = None) -> None:
        sent = await self._users.daily(time, timezone, day)
        log.info("daily digests", extra={"time": str(time), "timezone": timezone, "dms": sent})

    async def posted_on(self, channel: str, day: dt.date) -> bool:
        if await self._poster.day_deliveries(channel, day):
            return True
        state = await self._store.get_channel_state(channel)
        return state is not None and state.last_post_day == day
