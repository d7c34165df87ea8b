"""What the readiness probe checks: named async callables returning a `Check`.

The runtime decides what to check (a worker runs no scheduler); tests hand in their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.logs import mask_url
from bot.metrics import Metrics
from bot.ports import ChatAdapter, ExplainsConnection, ReportsConnection
from storage.base import Outbox


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


def describe(exc: BaseException) -> str:
    """One line naming the failure; a database URL in it shows no password."""
    text = mask_url(str(exc).splitlines()[0][:200]) if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def store_check(store: Outbox, metrics: Metrics | None = None, *, timeout: float = 5.0) -> CheckFn:
    """The store answers a query (the outbox depth, which also feeds the metric)."""

    async def check() -> Check:
        try:
            depth = await asyncio.wait_for(store.outbox_depth(), timeout)
        except TimeoutError:
            return Check(False, f"no answer within {timeout:g}s")
        except Exception as exc:  # a probe: any failure is the answer "unhealthy"
            return Check(False, describe(exc))
        if metrics is not None:
            metrics.set_outbox_depth(depth)
        return Check(True, f"ok (outbox {depth})")

    return check


def adapter_check(adapter: ChatAdapter) -> CheckFn:
    """The adapter says it is connected (adapters that cannot tell are taken as connected),
    and why not when it can say."""

    async def check() -> Check:
        if isinstance(adapter, ReportsConnection) and not adapter.is_connected:
            reason = adapter.connection_reason if isinstance(adapter, ExplainsConnection) else None
            return Check(False, f"disconnected: {reason}" if reason else "disconnected")
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
            checks[name] = result if isinstance(result, Check) else Check(False, describe(result))
        return HealthReport(checks)


def default_checks(
    store: Outbox | None, adapters: Sequence[ChatAdapter], metrics: Metrics | None = None
) -> dict[str, CheckFn]:
    checks: dict[str, CheckFn] = {}
    if store is not None:
        checks["store"] = store_check(store, metrics)
    for adapter in adapters:
        checks[f"adapter:{adapter.name}"] = adapter_check(adapter)
    return checks
