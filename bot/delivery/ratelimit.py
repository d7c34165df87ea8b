"""Send pacing: a global token bucket per adapter plus one bucket per target.

Each platform publishes limits (Discord: 50 requests/s per bot, 5 messages per 5 s per
channel; Slack chat.postMessage: about 1 message/s per channel with short bursts) and
answers 429 with Retry-After past them. The limiter paces sends below the published
limits and, when the server still says "wait", blocks the target (or, for a global 429,
every target) until the time it gave. Time comes from an injected monotonic function and
sleep, so tests drive it without waiting.

This is the one pacing layer for sends: adapters do not pace again. An adapter whose
limits depend on its settings declares them (`PacedAdapter.send_limits`, e.g. Slack's
`min_interval`); otherwise the published limits of its kind below apply.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

Sleep = Callable[[float], Awaitable[None]]
_EPSILON = 1e-9


@dataclass(frozen=True)
class Rate:
    """`burst` sends at once, refilled at `per_second`. `per_second <= 0` means unlimited."""

    per_second: float
    burst: int = 1

    @property
    def unlimited(self) -> bool:
        return self.per_second <= 0


@dataclass(frozen=True)
class Limits:
    global_rate: Rate
    target_rate: Rate


# Published limits, kept under the documented numbers:
# - Discord: 50 requests/s per bot across all routes, and a DM may need a second request
#   to open its channel, so 25 sends/s; 5 messages per 5 s per channel.
# - Slack chat.postMessage: 1 message/s per channel with short bursts; workspace-wide
#   "several hundred messages per minute", so 5/s.
# The server's 429 answers (Retry-After) still apply on top, and slow the pace further.
PLATFORM_LIMITS: dict[str, Limits] = {
    "discord": Limits(global_rate=Rate(25.0, 25), target_rate=Rate(1.0, 5)),
    "slack": Limits(global_rate=Rate(5.0, 10), target_rate=Rate(1.0, 2)),
    "console": Limits(global_rate=Rate(0.0), target_rate=Rate(0.0)),
}
DEFAULT_LIMITS = Limits(global_rate=Rate(20.0, 20), target_rate=Rate(1.0, 3))


def limits_for(kind: str) -> Limits:
    """The limits of a platform kind (unknown kinds get a cautious default)."""
    return PLATFORM_LIMITS.get(kind, DEFAULT_LIMITS)


@runtime_checkable
class PacedAdapter(Protocol):
    """Optional, beside `ChatAdapter`: an adapter that states the pace its platform allows
    for this configuration (the sender paces it so; the adapter itself never waits)."""

    @property
    def send_limits(self) -> Limits: ...


def limits_of(adapter: object, kind: str) -> Limits:
    """The limits the sender applies to `adapter`: its own statement, else its kind's."""
    return adapter.send_limits if isinstance(adapter, PacedAdapter) else limits_for(kind)


class _Bucket:
    """A token bucket that also remembers a 'blocked until' time from a 429.

    Its pace adapts to the server (AIMD, as TCP does): a 429 empties the bucket and cuts
    the pace to `DECREASE` of itself; each send that goes through wins back `INCREASE` of
    the configured pace, never above it. So a limiter set above the real limit (an
    unpublished or lowered one) settles just under it instead of hammering it.
    """

    DECREASE = 0.9
    INCREASE = 0.002
    FLOOR = 0.05  # never below this share of the configured pace

    def __init__(self, rate: Rate, now: float) -> None:
        self.rate = rate
        self.pace = rate.per_second
        self.tokens = float(rate.burst)
        self.updated = now
        self.blocked_until = 0.0

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available (0: available now). Does not take it."""
        blocked = max(0.0, self.blocked_until - now)
        if self.rate.unlimited:
            return blocked
        self._refill(now)
        missing = 1.0 - self.tokens
        # A rounding crumb of a token is a token: never ask for a wait too small to pass.
        refill = missing / self.pace if missing > _EPSILON else 0.0
        return max(blocked, refill)

    def take(self, now: float) -> None:
        if not self.rate.unlimited:
            self._refill(now)
            self.tokens = max(0.0, self.tokens - 1.0)

    def throttled(self, now: float, seconds: float) -> None:
        self.blocked_until = max(self.blocked_until, now + max(0.0, seconds))
        if not self.rate.unlimited:
            self._refill(now)
            self.tokens = 0.0
            self.pace = max(self.rate.per_second * self.FLOOR, self.pace * self.DECREASE)

    def succeeded(self) -> None:
        if not self.rate.unlimited and self.pace < self.rate.per_second:
            self.pace = min(self.rate.per_second, self.pace + self.rate.per_second * self.INCREASE)

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(float(self.rate.burst), self.tokens + elapsed * self.pace)
        self.updated = now


class RateLimiter:
    """Waits in `acquire(target_key)` until both the global and the target's bucket allow a
    send. `block(...)` applies a server's Retry-After to one target or to all."""

    def __init__(
        self,
        limits: Limits,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        max_targets: int = 10_000,
    ) -> None:
        self._limits = limits
        self._monotonic = monotonic
        self._sleep = sleep
        self._global = _Bucket(limits.global_rate, monotonic())
        self._targets: dict[str, _Bucket] = {}
        self._max_targets = max_targets
        self._lock = asyncio.Lock()

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._targets.get(key)
        if bucket is None:
            if len(self._targets) >= self._max_targets:
                self._forget_idle(now)
            bucket = self._targets[key] = _Bucket(self._limits.target_rate, now)
        return bucket

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that are full again and not blocked: they hold no information."""
        for key in [k for k, b in self._targets.items() if b.wait_time(now) == 0.0]:
            bucket = self._targets[key]
            if bucket.rate.unlimited or bucket.tokens >= bucket.rate.burst:
                del self._targets[key]

    async def acquire(self, target_key: str) -> None:
        """Wait for permission to send one message to `target_key`, then take it."""
        while True:
            now = self._monotonic()
            bucket = self._bucket(target_key, now)
            target_wait = bucket.wait_time(now)
            if target_wait > 0:
                # Wait for this target without holding the global lock: other targets go on.
                await self._sleep(target_wait)
                continue
            async with self._lock:
                now = self._monotonic()
                wait = max(self._global.wait_time(now), bucket.wait_time(now))
                if wait <= 0:
                    self._global.take(now)
                    bucket.take(now)
                    return
                if self._global.wait_time(now) > 0:
                    # Hold the lock while the global bucket refills: sends leave in order.
                    await self._sleep(wait)

    def block(self, target_key: str | None, seconds: float) -> None:
        """The server said to wait `seconds` (a 429): for one target, or for all (`None`).
        The bucket's pace also drops, and recovers with each send that goes through."""
        now = self._monotonic()
        bucket = self._global if target_key is None else self._bucket(target_key, now)
        bucket.throttled(now, seconds)

    def succeeded(self, target_key: str) -> None:
        """A send went through: let the pace recover towards the configured one."""
        self._global.succeeded()
        bucket = self._targets.get(target_key)
        if bucket is not None:
            bucket.succeeded()
