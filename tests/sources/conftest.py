"""Loopback fakes for the sources: a real HTTP server on 127.0.0.1 (port 0) serving
scripted replies, a real SQLite store, a frozen clock and a sleep that records."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.clock import FrozenClock
from bot.config import SourceConfig
from bot.sources import Poller
from storage.base import Store

NOW = dt.datetime(2025, 10, 21, 12, 0, tzinfo=dt.UTC)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts)
    stream: bool = False  # chunked, no Content-Length (size cap while reading)


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float  # loop time


class FakeServer:
    """Serves queued replies per path; the last reply of a path repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply | Callable[[web.Request], Reply]]] = {}
        self.seen: list[Seen] = []
        self.base = ""
        self._runner: web.AppRunner | None = None

    def serve(self, path: str, *replies: Reply | Callable[[web.Request], Reply]) -> str:
        self.routes[path] = list(replies)
        return self.base + path

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(
            Seen(
                request.path,
                dict(request.query),
                dict(request.headers),
                asyncio.get_running_loop().time(),
            )
        )
        queue = self.routes.get(request.path)
        if not queue:
            return web.Response(status=404, text="not found")
        spec = queue.pop(0) if len(queue) > 1 else queue[0]
        reply = spec(request) if callable(spec) else spec
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.stream:
            response = web.StreamResponse(status=reply.status, headers=reply.headers)
            response.enable_chunked_encoding()
            await response.prepare(request)
            for start in range(0, len(reply.body), 64 * 1024):
                await response.write(reply.body[start : start + 64 * 1024])
            await response.write_eof()
            return response
        return web.Response(status=reply.status, body=reply.body, headers=reply.headers)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base = f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


class RecordingSleep:
    """Records each requested wait and yields to the loop without waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
async def server() -> AsyncIterator[FakeServer]:
    fake = FakeServer()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def db(sqlite_store: Store) -> Store:
    """The shared SQLite store (tests/conftest.py); the merge test also runs on `store`."""
    return sqlite_store


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=True) as client:  # as make_http_client's
        yield client


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def source(name: str, kind: str, url: str, **extra: Any) -> SourceConfig:
    defaults: dict[str, Any] = {"delay": 0, "retries": 0, "timeout": 5}
    if kind == "arxiv":
        defaults["query"] = "cat:cs.LG"
    if kind == "arxiv_listing":
        defaults["categories"] = ["cs.LG", "cs.CL"]
    return SourceConfig.model_validate(
        {"name": name, "kind": kind, "url": url, **defaults, **extra}
    )


ARXIV_API_PATH = "/arxiv/api/query"


def arxiv_api_answer(request: web.Request) -> Reply:
    """The arXiv API's answer to `id_list=`: one entry per id asked (titled `Paper <id>`)."""
    from tests.sources.builders import api_entry, api_feed

    ids = [i for i in request.query.get("id_list", "").split(",") if i]
    return Reply(body=api_feed([api_entry(i) for i in ids]))


@pytest.fixture
def make_poller(
    db: Store,
    http: httpx.AsyncClient,
    clock: FrozenClock,
    sleep: RecordingSleep,
    server: FakeServer,
) -> Callable[..., Poller]:
    """Pollers whose feeds look cited papers up in a fake arXiv API on `server`."""
    api = server.serve(ARXIV_API_PATH, arxiv_api_answer)

    def build(*sources: SourceConfig) -> Poller:
        return Poller(list(sources), db, http, clock, sleep=sleep, arxiv_api=api)

    return build


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


@pytest.fixture
def threaded_server() -> Iterator[FakeServer]:
    """The fake server on its own loop in a thread, for synchronous CLI tests."""
    fake = FakeServer()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(timeout=10)
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
