"""Slack allows about one message a second per channel: space posts to one channel out."""

from __future__ import annotations

import asyncio
import datetime as dt

from adapters.slack.client import Sleep
from bot.clock import Clock

_MAX_TRACKED = 1024


class ChannelPacer:
    """Hands out send slots per channel at least `interval` seconds apart.

    The clock and the sleep are injected, so a test moves a FrozenClock instead of waiting.
    """

    def __init__(self, interval: float, clock: Clock, sleep: Sleep) -> None:
        self._interval = dt.timedelta(seconds=interval)
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, dt.datetime] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, channel: str) -> None:
        """Return when a message may be posted to `channel`, and book the next slot."""
        if not self._interval:
            return
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            now = self._clock.now()
            ready = self._next.get(channel, now)
            if ready > now:
                await self._sleep((ready - now).total_seconds())
            self._next[channel] = max(ready, self._clock.now()) + self._interval
        self._forget_idle()

    def _forget_idle(self) -> None:
        if len(self._next) <= _MAX_TRACKED:
            return
        now = self._clock.now()
        for channel in [c for c, when in self._next.items() if when <= now]:
            del self._next[channel]
            lock = self._locks.get(channel)
            if lock is not None and not lock.locked():
                del self._locks[channel]
