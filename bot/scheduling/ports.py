"""What the scheduler asks for: the actions its jobs run, the channels to post to, and
the store its jobs are derived from."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from bot.config import ChannelConfig
from storage.base import ChannelStates, PollStates, SubscriptionStore


class ScheduledActions(Protocol):
    """What the jobs do; bot.scheduling.jobs.Jobs implements it over the real parts."""

    async def poll(self, source: str) -> None: ...

    async def daily_post(self, channel: str, day: dt.date | None = None) -> None: ...

    async def record_missed(self, channel: str, day: dt.date, scheduled: dt.datetime) -> None: ...

    async def user_digests(
        self, time: dt.time, timezone: str, day: dt.date | None = None
    ) -> None: ...

    async def posted_on(self, channel: str, day: dt.date) -> bool: ...

    async def instant_deliveries(self) -> None: ...


class ChannelList(Protocol):
    """The channels to post to, TOML and chat-made (bot.channels.registry)."""

    async def all(self) -> list[ChannelConfig]: ...

    async def version(self) -> str: ...


class ScheduleStore(ChannelStates, PollStates, SubscriptionStore, Protocol):
    """What the jobs are derived from: channel settings, poll state, subscriptions."""
