"""How late the event loop runs: the signal to defer an interaction at once.

Discord drops an interaction not answered within 3 s of its creation. A fixed "defer after
2 s" timer fails exactly when it matters: under a burst the loop runs every callback late,
the timer included, so the deferral itself goes out after 3 s (measured: 2.76 s at 1,500
back-to-back interactions). `LoopLag` runs a small timer and records by how much each tick
overshoots; `InteractionRouter` defers at once while the lag is above a threshold, and
otherwise shortens its wait by the lag.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

TICK = 0.05  # seconds between two measurements
CALM = 0.2  # seconds: below this lag the loop keeps up
RELEASE = 0.9  # per tick, how much of the last lag is kept (fast to rise, slow to fall)


@dataclass(frozen=True)
class DeferPolicy:
    """When `InteractionRouter` defers. The default reacts to lag; `FIXED_TIMER` is the
    old fixed timer, kept as the baseline the commands_load benchmark measures against."""

    lag_defer: float = CALM  # from this lateness (s), defer at once
    margin: float = 4.0  # below it, the wait before deferring shrinks by margin x lateness
    max_running: int = 6  # commands in the core at once (the store pools 15 connections)
    use_age: bool = True  # lateness includes the interaction's age (its snowflake time)
    hold_deferred: bool = True  # deferred work waits for first responses and a calm loop


FIXED_TIMER = DeferPolicy(
    lag_defer=math.inf, margin=0.0, max_running=1_000_000, use_age=False, hold_deferred=False
)


class LoopLag:
    """`lag`: the recent overshoot of a `TICK`-second sleep, in seconds."""

    def __init__(
        self, *, tick: float = TICK, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._tick = tick
        self._monotonic = monotonic
        self._task: asyncio.Task[None] | None = None
        self.lag = 0.0
        self.peak = 0.0
        self.measured = asyncio.Event()  # set at the first measurement (tests)
        self.calm = asyncio.Event()  # set while the lag is below CALM
        self.calm.set()

    def record(self, overshoot: float) -> None:
        """One measurement: the lag rises to it at once and decays slowly after."""
        overshoot = max(0.0, overshoot)
        self.lag = max(overshoot, self.lag * RELEASE)
        self.peak = max(self.peak, overshoot)
        if self.lag < CALM:
            self.calm.set()
        else:
            self.calm.clear()

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="discord-loop-lag")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            started = self._monotonic()
            await asyncio.sleep(self._tick)
            self.record(self._monotonic() - started - self._tick)
            self.measured.set()


class FirstResponses:
    """How many interactions still wait for their first response (a deferral or the
    answer). Under a burst the commands of deferred interactions wait until none does:
    their replies have 15 minutes, a first response only 3 s."""

    def __init__(self) -> None:
        self.waiting = 0
        self._none = asyncio.Event()
        self._none.set()

    def arrived(self) -> None:
        self.waiting += 1
        self._none.clear()

    def answered(self) -> None:
        self.waiting -= 1
        if self.waiting <= 0:
            self.waiting = 0
            self._none.set()

    async def none_waiting(self) -> None:
        await self._none.wait()
