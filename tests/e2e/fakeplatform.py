"""A fake chat platform on 127.0.0.1 and the small HTTP adapter that talks to it.

The platform behaves like Discord's message API where it matters for delivery:
- `POST /channels/{channel}/messages` with `{"content", "nonce", "enforce_nonce",
  "thread"}`; a repeat of a nonce within `nonce_window` seconds returns the first
  message instead of posting again (Discord's `enforce_nonce`);
- `GET /channels/{channel}/messages?nonce=...` finds a message by nonce (history);
- a global token bucket: past it, 429 with `Retry-After` and `{"global": true}`;
- `fail_next(status, n)` makes the next n sends answer `status` (500, 403...).

`FakePlatformAdapter(name, settings, secrets)` implements bot.ports.ChatAdapter over
httpx; tests and the fanout benchmark load it as `tests.e2e.fakeplatform:FakePlatformAdapter`
and point `[adapters.<name>] api_url` at the server.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from aiohttp import web

from bot.config import AdapterConfig, Secrets
from bot.model import CommandInvocation, OutboundMessage
from bot.ports import CommandHandler, MessageRef, SendError, Target


@dataclass
class Posted:
    id: str
    channel: str
    content: str
    nonce: str | None
    thread: str | None
    at: float


@dataclass
class FakePlatform:
    rate: float = 0.0  # allowed sends per second, 0 = unlimited
    burst: int = 1
    nonce_window: float = 300.0
    delay: float = 0.0  # seconds each send takes (a slow platform, for shutdown tests)
    clock: Callable[[], float] = time.monotonic
    messages: list[Posted] = field(default_factory=list)
    received: int = 0  # POSTs that reached the handler
    rejected_429: int = 0
    deduplicated: int = 0
    got_send: asyncio.Event = field(default_factory=asyncio.Event)  # set at the first POST
    _failures: list[int] = field(default_factory=list)
    _tokens: float = 0.0
    _updated: float = 0.0
    _runner: web.AppRunner | None = None
    url: str = ""

    def fail_next(self, status: int, count: int = 1) -> None:
        self._failures.extend([status] * count)

    def in_channel(self, channel: str) -> list[Posted]:
        return [m for m in self.messages if m.channel == channel]

    def _take(self) -> float:
        """0 when a send is allowed now, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate

    async def _post(self, request: web.Request) -> web.Response:
        self.received += 1
        self.got_send.set()
        channel = request.match_info["channel"]
        body = await request.json()
        if self._failures:
            status = self._failures.pop(0)
            return web.json_response({"message": f"injected {status}"}, status=status)
        wait = self._take()
        if wait > 0:
            self.rejected_429 += 1
            return web.json_response(
                {"message": "You are being rate limited.", "retry_after": wait, "global": True},
                status=429,
                headers={"Retry-After": f"{wait:.3f}", "X-RateLimit-Global": "true"},
            )
        if self.delay:
            await asyncio.sleep(self.delay)
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce"):
            for message in self.messages:
                recent = self.clock() - message.at <= self.nonce_window
                if message.nonce == nonce and message.channel == channel and recent:
                    self.deduplicated += 1
                    return web.json_response({"id": message.id, "channel_id": channel})
        posted = Posted(
            id=str(len(self.messages) + 1),
            channel=channel,
            content=str(body.get("content", "")),
            nonce=nonce,
            thread=body.get("thread"),
            at=self.clock(),
        )
        self.messages.append(posted)
        return web.json_response({"id": posted.id, "channel_id": channel})

    async def _history(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        nonce = request.query.get("nonce")
        found = [
            {"id": m.id, "nonce": m.nonce, "content": m.content}
            for m in self.messages
            if m.channel == channel and (nonce is None or m.nonce == nonce)
        ]
        return web.json_response(found)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/channels/{channel}/messages", self._post)
        app.router.add_get("/channels/{channel}/messages", self._history)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def _channel_of(target: Target) -> str:
    return f"dm-{target.user}" if target.user is not None else target.channel


class FakePlatformAdapter:
    """bot.ports.ChatAdapter over the fake platform's HTTP API."""

    def __init__(self, name: str, settings: AdapterConfig, secrets: Secrets) -> None:
        if not settings.api_url:
            raise ValueError(f"[adapters.{name}] needs api_url (the fake platform's URL)")
        self.name = name
        self._client = httpx.AsyncClient(base_url=settings.api_url, timeout=10.0)

    async def start(self, on_command: CommandHandler) -> None:
        return None

    async def stop(self) -> None:
        await self._client.aclose()

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        channel = _channel_of(target)
        body = {
            "content": message.fallback,
            "nonce": idempotency_key,
            "enforce_nonce": idempotency_key is not None,
            "thread": target.thread,
        }
        try:
            response = await self._client.post(f"/channels/{channel}/messages", json=body)
        except httpx.HTTPError as exc:
            raise SendError(f"network error: {type(exc).__name__}") from None
        if response.status_code == 429:
            data = response.json()
            raise SendError(
                "rate limited",
                retry_after=float(response.headers.get("Retry-After", data.get("retry_after", 1))),
                global_limit=bool(data.get("global")),
            )
        if response.status_code in (401, 403, 404):
            raise SendError(f"HTTP {response.status_code}: {response.text}", permanent=True)
        if response.status_code >= 400:
            raise SendError(f"HTTP {response.status_code}")
        return MessageRef(self.name, channel, str(response.json()["id"]))

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        channel = _channel_of(target)
        response = await self._client.get(
            f"/channels/{channel}/messages", params={"nonce": idempotency_key}
        )
        if response.status_code != 200:
            raise SendError(f"history lookup failed: HTTP {response.status_code}")
        found = response.json()
        return MessageRef(self.name, channel, str(found[0]["id"])) if found else None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        return None
