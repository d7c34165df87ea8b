"""Liveness: is the bot's event loop still turning, and a thread to answer that from.

A synchronous call that holds the event loop (a CPU-bound parse, a blocking driver call)
stops every coroutine: no heartbeats reach Discord or Slack, no sends, no polls. Nothing
inside the loop can notice while it lasts, so `LoopMonitor` beats on the loop and the
probe reads how long ago the last beat was from another thread (`ProbeThread`, which
serves the health endpoint on its own loop, so `/livez` answers 503 with the reason while
the bot's loop is stuck, instead of not answering).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable

from aiohttp import web

DEFAULT_MAX_LAG = 5.0  # seconds the loop may be held before the process counts as not alive
DEFAULT_BEAT = 0.5  # seconds between heartbeats


class LoopMonitor:
    """Heartbeats on the bot's loop; `lag()` may be read from any thread."""

    def __init__(
        self,
        *,
        max_lag: float = DEFAULT_MAX_LAG,
        beat: float = DEFAULT_BEAT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_lag = max_lag
        self._beat = beat
        self._clock = clock
        self._last: float | None = None  # a float store is atomic: no lock needed to read it
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start beating on the running loop (the one to watch)."""
        self._last = self._clock()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-heartbeat")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            self._last = self._clock()
            await asyncio.sleep(self._beat)

    def lag(self) -> float | None:
        """Seconds the loop is behind its heartbeat (0 when on time); None before start."""
        if self._last is None:
            return None
        return max(0.0, self._clock() - self._last - self._beat)

    def describe(self) -> tuple[bool, str]:
        """(alive, detail) for the probes."""
        lag = self.lag()
        if lag is None:
            return False, "not started"
        if self._task is None or self._task.done():
            return False, "stopped"
        if lag > self.max_lag:
            return False, f"blocked for {lag:.1f}s (limit {self.max_lag:g}s)"
        return True, f"ok (lag {lag:.3f}s)"


class ProbeThread:
    """Serves an aiohttp application on its own event loop in a daemon thread."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        """Bind and serve; returns the bound port (blocks until then, so call it in a
        worker thread from async code)."""
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._runner = web.AppRunner(self._app, access_log=None)
        try:
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, self._host, self._port)
            loop.run_until_complete(site.start())
        except BaseException:
            loop.run_until_complete(self._runner.cleanup())
            loop.close()
            raise
        port = int(self._runner.addresses[0][1])
        self._thread = threading.Thread(target=loop.run_forever, name="health-probe", daemon=True)
        self._thread.start()
        return port

    def stop(self) -> None:
        loop, runner, thread = self._loop, self._runner, self._thread
        if loop is None or runner is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
        self._loop = self._runner = self._thread = None
