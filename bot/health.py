"""The health and metrics endpoint that `paperboy run` serves on `[health] port`.

- `GET /healthz`: 200 while every check passes (the scheduler loop runs, the store answers,
  each adapter is connected), else 503; the body is JSON either way:
  `{"status": "ok" | "unhealthy", "reason": "...", "checks": {"store": "ok", ...}}`.
- `GET /metrics`: the Prometheus text format (see bot/metrics.py).

Checks are named async callables returning a `Check`, so the runtime decides what to
check (a worker runs no scheduler) and tests hand in their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from bot.config import HealthConfig, mask_url
from bot.metrics import CONTENT_TYPE, Metrics
from bot.ports import ChatAdapter, ReportsConnection
from storage.base import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = "ok"


CheckFn = Callable[[], Awaitable[Check]]


@dataclass(frozen=True)
class HealthReport:
    checks: Mapping[str, Check]

    @property
    def healthy(self) -> bool:
        return all(check.ok for check in self.checks.values())

    @property
    def reason(self) -> str:
        return "; ".join(f"{name}: {c.detail}" for name, c in self.checks.items() if not c.ok)

    def to_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "reason": self.reason,
            "checks": {name: check.detail for name, check in self.checks.items()},
        }


def _describe(exc: BaseException) -> str:
    """One line naming the failure; a database URL in it shows no password."""
    text = mask_url(str(exc).splitlines()[0][:200]) if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def store_check(store: Store, metrics: Metrics | None = None, *, timeout: float = 5.0) -> CheckFn:
    """The store answers a query (the outbox depth, which also feeds the metric)."""

    async def check() -> Check:
        try:
            depth = await asyncio.wait_for(store.outbox_depth(), timeout)
        except TimeoutError:
            return Check(False, f"no answer within {timeout:g}s")
        except Exception as exc:  # a probe: any failure is the answer "unhealthy"
            return Check(False, _describe(exc))
        if metrics is not None:
            metrics.set_outbox_depth(depth)
        return Check(True, f"ok (outbox {depth})")

    return check


def adapter_check(adapter: ChatAdapter) -> CheckFn:
    """The adapter says it is connected (adapters that cannot tell are taken as connected)."""

    async def check() -> Check:
        if isinstance(adapter, ReportsConnection) and not adapter.is_connected:
            return Check(False, "disconnected")
        return Check(True)

    return check


def status_check(status: Callable[[], str | None], running: Callable[[], bool]) -> CheckFn:
    """A loop (the scheduler) that is `running()`, described by `status()`."""

    async def check() -> Check:
        return Check(True, status() or "ok") if running() else Check(False, status() or "stopped")

    return check


class HealthChecker:
    def __init__(self, checks: Mapping[str, CheckFn]) -> None:
        self._checks = dict(checks)

    def add(self, name: str, check: CheckFn) -> None:
        self._checks[name] = check

    async def report(self) -> HealthReport:
        names = list(self._checks)
        results = await asyncio.gather(*(self._checks[n]() for n in names), return_exceptions=True)
        checks: dict[str, Check] = {}
        for name, result in zip(names, results, strict=True):
            checks[name] = result if isinstance(result, Check) else Check(False, _describe(result))
        return HealthReport(checks)


def default_checks(
    store: Store | None, adapters: Sequence[ChatAdapter], metrics: Metrics | None = None
) -> dict[str, CheckFn]:
    checks: dict[str, CheckFn] = {}
    if store is not None:
        checks["store"] = store_check(store, metrics)
    for adapter in adapters:
        checks[f"adapter:{adapter.name}"] = adapter_check(adapter)
    return checks


class HealthServer:
    """aiohttp server for /healthz and /metrics. `start()` returns the bound port."""

    def __init__(
        self,
        checker: HealthChecker,
        metrics: Metrics,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        refresh: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._checker = checker
        self._metrics = metrics
        self._host = host
        self._port = port
        self._refresh = refresh
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_view)
        return app

    async def start(self) -> int:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info("health endpoint listening", extra={"host": self._host, "port": self.port})
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        report = await self._checker.report()
        if not report.healthy:
            log.warning("unhealthy", extra={"reason": report.reason})
        return web.Response(
            status=200 if report.healthy else 503,
            text=json.dumps(report.to_json()),
            content_type="application/json",
        )

    async def _metrics_view(self, request: web.Request) -> web.Response:
        if self._refresh is not None:
            try:
                await self._refresh()
            except Exception as exc:  # a scrape must answer even when a gauge cannot refresh
                log.warning("metrics refresh failed", extra={"error": _describe(exc)})
        response = web.Response(body=self._metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response


class SchedulerStatus(Protocol):
    """bot.leader.LeaderElector, as the health check sees it."""

    running: bool

    def status(self) -> str: ...


def runtime_server(
    config: HealthConfig,
    *,
    store: Store,
    adapters: Sequence[ChatAdapter],
    metrics: Metrics,
    scheduler: SchedulerStatus | None,
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
    )


__all__ = [
    "Check",
    "CheckFn",
    "HealthChecker",
    "HealthReport",
    "HealthServer",
    "adapter_check",
    "default_checks",
    "runtime_server",
    "status_check",
    "store_check",
]
