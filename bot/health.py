"""The health and metrics endpoint that `paperboy run` serves on `[health] port`.

- `GET /livez`: liveness, for restarts (Docker's HEALTHCHECK, compose): 200 while the
  process answers and its event loop turns; 503 when a synchronous call has held the loop
  longer than the limit. A platform outage does not make the bot "dead": restarting it
  would not bring Discord back.
- `GET /readyz`: readiness, for routing and alerts: 200 while every check passes (the store
  answers, the scheduler loop runs, each adapter is connected, the loop turns), else 503.
  `GET /healthz` is the same (its older name).
- `GET /metrics`: the Prometheus text format (see bot/metrics.py).

Bodies are JSON: `{"status": "ok" | "unhealthy", "reason": "...", "checks": {...}}`.
The endpoint runs on its own thread and loop (bot.liveness.ProbeThread), so it answers
while the bot's loop is stuck; the checks themselves run on the bot's loop, with a timeout.
Checks are named async callables returning a `Check`, so the runtime decides what to
check (a worker runs no scheduler) and tests hand in their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from aiohttp import web

from bot.checks import (
    Check,
    CheckFn,
    HealthChecker,
    HealthReport,
    adapter_check,
    default_checks,
    describe,
    status_check,
    store_check,
)
from bot.config import HealthConfig
from bot.liveness import LoopMonitor, ProbeThread
from bot.metrics import CONTENT_TYPE, Metrics
from bot.ports import ChatAdapter, ExplainsConnection
from storage.base import Outbox

log = logging.getLogger(__name__)


T = TypeVar("T")
CHECK_TIMEOUT = 5.0  # seconds a probe waits for the checks on the bot's loop


class HealthServer:
    """The probes and /metrics, served from their own thread. `start()` (on the bot's loop,
    which the checks run on and the monitor watches) returns the bound port."""

    def __init__(
        self,
        checker: HealthChecker,
        metrics: Metrics,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        refresh: Callable[[], Awaitable[None]] | None = None,
        monitor: LoopMonitor | None = None,
        check_timeout: float = CHECK_TIMEOUT,
    ) -> None:
        self._checker = checker
        self._metrics = metrics
        self._host = host
        self._port = port
        self._refresh = refresh
        self.monitor = monitor or LoopMonitor()
        self._timeout = check_timeout
        self._bot_loop: asyncio.AbstractEventLoop | None = None
        self._probe: ProbeThread | None = None
        self.port: int | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/healthz", self._readyz)
        app.router.add_get("/metrics", self._metrics_view)
        return app

    async def start(self) -> int:
        self._bot_loop = asyncio.get_running_loop()
        self.monitor.start()
        probe = ProbeThread(self.app(), self._host, self._port)
        try:
            self.port = await asyncio.to_thread(probe.start)
        except BaseException:
            await self.monitor.stop()
            raise
        self._probe = probe
        log.info("health endpoint listening", extra={"host": self._host, "port": self.port})
        return self.port

    async def stop(self) -> None:
        if self._probe is not None:
            await asyncio.to_thread(self._probe.stop)
            self._probe = None
        await self.monitor.stop()

    async def _on_bot_loop(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work()` on the bot's loop (where the store's connections live) and wait for it
        here, on the probe's loop, at most the check timeout."""
        assert self._bot_loop is not None

        async def run() -> T:
            return await work()

        future = asyncio.run_coroutine_threadsafe(run(), self._bot_loop)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._timeout)
        finally:
            future.cancel()  # no-op when done; stops a check that outlived the timeout

    def _loop_check(self) -> Check:
        alive, detail = self.monitor.describe()
        return Check(alive, detail)

    async def _livez(self, request: web.Request) -> web.Response:
        report = HealthReport({"event_loop": self._loop_check()})
        if not report.healthy:
            log.error("not alive", extra={"reason": report.reason})
        return _json(report)

    async def _readyz(self, request: web.Request) -> web.Response:
        loop_check = self._loop_check()
        if not loop_check.ok:  # the checks would only time out on a stuck loop
            report = HealthReport({"event_loop": loop_check})
        else:
            try:
                checks = dict((await self._on_bot_loop(self._checker.report)).checks)
            except TimeoutError:
                checks = {"checks": Check(False, f"no answer within {self._timeout:g}s")}
            report = HealthReport({**checks, "event_loop": loop_check})
        if not report.healthy:
            log.warning("not ready", extra={"reason": report.reason})
        return _json(report)

    async def _metrics_view(self, request: web.Request) -> web.Response:
        if self._refresh is not None:
            try:
                await self._on_bot_loop(self._refresh)
            except Exception as exc:  # a scrape must answer even when a gauge cannot refresh
                log.warning("metrics refresh failed", extra={"error": describe(exc)})
        response = web.Response(body=self._metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response


def _json(report: HealthReport) -> web.Response:
    return web.Response(
        status=200 if report.healthy else 503,
        text=json.dumps(report.to_json()),
        content_type="application/json",
    )


class SchedulerStatus(Protocol):
    """bot.leader.LeaderElector, as the health check sees it."""

    running: bool

    def status(self) -> str: ...


def runtime_server(
    config: HealthConfig,
    *,
    store: Outbox,
    adapters: Sequence[ChatAdapter],
    metrics: Metrics,
    scheduler: SchedulerStatus | None,
    monitor: LoopMonitor | None = None,
) -> HealthServer:
    """The endpoint of `paperboy run`: checks the store, each adapter and (unless the
    process is a worker only) the scheduler loop, leading or standing by; /metrics
    refreshes the outbox depth on each scrape."""
    checks = default_checks(store, adapters, metrics)
    if scheduler is not None:
        checks["scheduler"] = status_check(scheduler.status, lambda: scheduler.running)

    async def refresh() -> None:
        metrics.set_outbox_depth(await store.outbox_depth())

    return HealthServer(
        HealthChecker(checks),
        metrics,
        host=config.host,
        port=config.port or 0,
        refresh=refresh,
        monitor=monitor,
    )


__all__ = [
    "Check",
    "CheckFn",
    "ExplainsConnection",
    "HealthChecker",
    "HealthReport",
    "HealthServer",
    "adapter_check",
    "default_checks",
    "runtime_server",
    "status_check",
    "store_check",
]
