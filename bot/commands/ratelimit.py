"""A per-user sliding-window command limit on the injected clock."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Hashable

from bot.clock import Clock


class CommandRateLimiter:
    """At most `limit` commands per `window` for each key (a user). State lives here."""

    def __init__(
        self, clock: Clock, limit: int, window: dt.timedelta = dt.timedelta(minutes=1)
    ) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._seen: dict[Hashable, deque[dt.datetime]] = {}

    def retry_after(self, key: Hashable) -> dt.timedelta | None:
        """Record one command for `key`; None when allowed, else how long until it is."""
        now = self._clock.now()
        horizon = now - self._window
        if len(self._seen) > 10_000:  # forget idle users so memory stays bounded
            for stale in [k for k, times in self._seen.items() if times[-1] <= horizon]:
                del self._seen[stale]
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= horizon:
            times.popleft()
        if len(times) >= self._limit:
            return times[0] + self._window - now
        times.append(now)
        return None
