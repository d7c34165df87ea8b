"""/livez, /readyz (= /healthz) and /metrics over real HTTP: 200 while all is well, 503 with
a reason when not; liveness stays green through a platform outage and turns red only when
the event loop is held."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.health import HealthChecker, HealthServer, adapter_check, default_checks, status_check
from bot.liveness import LoopMonitor
from bot.metrics import InstrumentedAdapter, Metrics
from tests.ops.test_metrics import EXPECTED, RecordingAdapter

Serve = Callable[[HealthChecker, Metrics], Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    servers: list[HealthServer] = []

    async def start(checker: HealthChecker, metrics: Metrics) -> str:
        server = HealthServer(checker, metrics, port=0)
        servers.append(server)
        port = await server.start()
        return f"http://127.0.0.1:{port}"

    yield start
    for server in servers:
        await server.stop()


async def get(url: str) -> tuple[int, str, Any]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        text = await response.text()
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, text, body


async def test_healthz_turns_503_when_an_adapter_disconnects(serve: Serve) -> None:
    adapter = RecordingAdapter([])
    metrics = Metrics()
    checker = HealthChecker(default_checks(None, [InstrumentedAdapter(adapter, metrics)]))
    base = await serve(checker, metrics)
    status, _, body = await get(f"{base}/healthz")
    assert (status, body["status"]) == (200, "ok")
    assert body["checks"]["adapter:fake"] == "ok"
    assert body["checks"]["event_loop"].startswith("ok (lag ")
    adapter.is_connected = False
    for path in ("/healthz", "/readyz"):
        status, _, body = await get(f"{base}{path}")
        assert status == 503
        assert body["status"] == "unhealthy"
        assert body["reason"] == "adapter:fake: disconnected"
    # A platform outage is no reason to restart the bot: it is alive, only not ready.
    status, _, body = await get(f"{base}/livez")
    assert (status, body["status"]) == (200, "ok")
    assert list(body["checks"]) == ["event_loop"]


@pytest.mark.parametrize("counted", [False, True], ids=["bare", "counted by metrics"])
async def test_readyz_says_why_an_adapter_is_not_connected(serve: Serve, counted: bool) -> None:
    class Reconnecting(RecordingAdapter):
        connection_reason = "reconnecting: gateway closed with 4000"

    adapter = Reconnecting([])
    adapter.is_connected = False
    metrics = Metrics()  # `paperboy run` counts sends, so the probe sees the wrapper
    seen = InstrumentedAdapter(adapter, metrics) if counted else adapter
    base = await serve(HealthChecker(default_checks(None, [seen])), metrics)
    status, _, body = await get(f"{base}/readyz")
    assert status == 503
    assert body["reason"] == "adapter:fake: disconnected: reconnecting: gateway closed with 4000"


async def test_healthz_reports_a_stopped_scheduler_and_a_failing_check(serve: Serve) -> None:
    running = {"value": True}
    checker = HealthChecker({"scheduler": status_check(lambda: "leader", lambda: running["value"])})

    async def broken() -> Any:
        raise ConnectionResetError("peer went away")

    checker.add("other", broken)
    base = await serve(checker, Metrics())
    status, _, body = await get(f"{base}/healthz")
    assert status == 503
    assert body["checks"]["scheduler"] == "leader"
    assert body["reason"] == "other: ConnectionResetError: peer went away"
    status, _, body = await get(f"{base}/livez")
    assert status == 200
    checker = HealthChecker({"scheduler": status_check(lambda: None, lambda: running["value"])})
    base = await serve(checker, Metrics())
    running["value"] = False
    status, _, body = await get(f"{base}/healthz")
    assert (status, body["reason"]) == (503, "scheduler: stopped")


async def test_metrics_endpoint_serves_the_prometheus_text_format(serve: Serve) -> None:
    metrics = Metrics()
    metrics.poll_done("hf-daily", new=4)
    refreshed: list[int] = []

    async def refresh() -> None:
        refreshed.append(1)
        metrics.set_outbox_depth(12)

    server = HealthServer(HealthChecker({}), metrics, port=0, refresh=refresh)
    port = await server.start()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as response,
        ):
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            text = await response.text()
    finally:
        await server.stop()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    assert set(families) >= EXPECTED
    assert refreshed == [1]
    assert families["paperboy_outbox_depth"].samples[0].value == 12
    stored = families["paperboy_papers_stored"].samples[0]
    assert (stored.labels, stored.value) == ({"source": "hf-daily"}, 4)


async def test_an_adapter_that_cannot_tell_counts_as_connected(serve: Serve) -> None:
    class Silent:
        name = "silent"

    check = adapter_check(Silent())  # type: ignore[arg-type]
    assert (await check()).ok


async def test_healthz_turns_503_when_the_database_goes_away_and_200_when_back(
    serve: Serve, pg_url: str
) -> None:
    from sqlalchemy.engine import make_url

    from storage import open_store
    from tests.ops.tcp_proxy import TcpProxy

    real = make_url(pg_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    port = await proxy.start()
    store = await open_store(real.set(host="127.0.0.1", port=port).render_as_string(False))
    metrics = Metrics()
    base = await serve(HealthChecker(default_checks(store, [], metrics)), metrics)
    try:
        status, _, body = await get(f"{base}/healthz")
        assert status == 200, body
        assert body["checks"]["store"].startswith("ok")
        await proxy.cut()
        status, _, body = await get(f"{base}/healthz")
        assert status == 503
        assert body["reason"].startswith("store: ")
        assert (await get(f"{base}/livez"))[0] == 200
        await proxy.start(port)
        status, _, body = await get(f"{base}/healthz")
        assert status == 200
    finally:
        await proxy.cut()
        await store.close()


def _probe_until(url: str, wanted: int, give_up: threading.Event) -> tuple[int, Any]:
    """GET `url` from this thread until it answers `wanted` (or `give_up` is set)."""
    status, body = 0, None
    while not give_up.is_set():
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                status, body = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, body = error.code, json.loads(error.read())
        if status == wanted:
            break
        give_up.wait(0.05)  # pace the probe; the loop under test is what must not wait
    return status, body


async def test_a_blocked_event_loop_turns_livez_red_until_it_turns_again(serve: Serve) -> None:
    checker = HealthChecker({"scheduler": status_check(lambda: "leader", lambda: True)})
    server = HealthServer(checker, Metrics(), port=0, monitor=LoopMonitor(max_lag=0.5, beat=0.05))
    port = await server.start()
    base = f"http://127.0.0.1:{port}"
    try:
        assert (await get(f"{base}/livez"))[0] == 200
        seen: dict[str, tuple[int, Any]] = {}
        release = threading.Event()

        def probe() -> None:
            try:
                seen["livez"] = _probe_until(f"{base}/livez", 503, release)
                seen["readyz"] = _probe_until(f"{base}/readyz", 503, release)
            finally:
                release.set()

        prober = threading.Thread(target=probe)
        prober.start()
        release.wait(30)  # a synchronous call holding the event loop, as a bug would
        prober.join()
        status, body = seen["livez"]
        assert status == 503
        assert re.fullmatch(r"event_loop: blocked for \d+\.\ds \(limit 0\.5s\)", body["reason"])
        status, body = seen["readyz"]
        assert (status, list(body["checks"])) == (503, ["event_loop"])
        # The loop turns again: alive and ready again, without a restart.
        done = threading.Event()
        status, body = await asyncio.to_thread(_probe_until, f"{base}/livez", 200, done)
        assert status == 200
        status, _, body = await get(f"{base}/readyz")
        assert (status, body["checks"]["scheduler"]) == (200, "leader")
    finally:
        await server.stop()


async def test_livez_refuses_after_the_server_stops() -> None:
    server = HealthServer(HealthChecker({}), Metrics(), port=0)
    port = await server.start()
    assert (await get(f"http://127.0.0.1:{port}/livez"))[0] == 200
    await server.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(f"http://127.0.0.1:{port}/livez")
