"""A fake chat platform on 127.0.0.1, and the adapter `paperboy run` loads to reach it.

The server records every message it is sent, with no deduplication of its own, so a
duplicate send shows up as a duplicate. Like Slack's history lookup, it can tell whether
a message with a given idempotency key was already posted (`find_sent`). It also serves
an RSS feed for a `feed` source and counts who fetched it.

The adapter is named in a test's config as
`kind = "tests.ops.fake_platform:FakePlatformAdapter"` with `api_url` = the server's URL,
and the subprocess gets the repository root on PYTHONPATH.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import AdapterConfig, AdapterSpec, Secrets
from bot.model import CommandInvocation, OutboundMessage
from bot.ports import CommandHandler, MessageRef, SendError, Target


@dataclass
class Sent:
    target: str
    key: str | None
    text: str
    pid: int
    at: float


@dataclass
class FakePlatform:
    """The server's state, read by the test."""

    feed_xml: str = ""
    delay: float = 0.0  # seconds each send takes (its latency; sends do not queue)
    messages: list[Sent] = field(default_factory=list)
    feed_fetches: list[float] = field(default_factory=list)
    by_key: dict[str, str] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/send", self._send)
        app.router.add_get("/history", self._history)
        app.router.add_get("/feed.xml", self._feed)
        app.router.add_get("/api/query", self._arxiv_api)
        return app

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.delay:
            await asyncio.sleep(self.delay)
        message_id = f"m{len(self.messages) + 1}"
        self.messages.append(
            Sent(body["target"], body.get("key"), body["text"], int(body["pid"]), time.monotonic())
        )
        if body.get("key"):
            self.by_key[f"{body['target']}|{body['key']}"] = message_id
        return web.json_response({"id": message_id})

    async def _history(self, request: web.Request) -> web.Response:
        found = self.by_key.get(f"{request.query['target']}|{request.query['key']}")
        return web.json_response({"id": found})

    async def _feed(self, request: web.Request) -> web.Response:
        self.feed_fetches.append(time.monotonic())
        return web.Response(text=self.feed_xml, content_type="application/rss+xml")

    async def _arxiv_api(self, request: web.Request) -> web.Response:
        """arXiv's API for `id_list=` (feeds look up the papers their posts cite)."""
        from tests.sources.builders import api_entry, api_feed

        ids = [i for i in request.query.get("id_list", "").split(",") if i]
        body = api_feed([api_entry(i, title=f"Diffusion models, paper {i}") for i in ids])
        return web.Response(body=body, content_type="application/atom+xml")

    def counts(self) -> Counter[tuple[str, str | None]]:
        return Counter((m.target, m.key) for m in self.messages)


class FakePlatformAdapter:
    """A `ChatAdapter` for the fake platform (send, find_sent; no commands).

    It plays a careless third-party adapter: it logs its secrets, raw, when it starts, so
    a test can check that `paperboy run`'s log redaction catches them."""

    spec = AdapterSpec(secrets={"SLACK_BOT_TOKEN": "slack_bot_token"})  # its one secret

    def __init__(self, name: str, settings: AdapterConfig, secrets: Secrets, **_: Any) -> None:
        if not settings.api_url:
            raise ValueError(f"adapter {name!r}: api_url is required")
        token = secrets.get("slack_bot_token")
        logging.getLogger(__name__).info(
            "fake adapter %s with %r, token %s",
            name,
            secrets,
            token.get_secret_value() if token else None,
            extra={"token": token.get_secret_value() if token else ""},
        )
        self.name = name
        self._url = settings.api_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    @property
    def is_connected(self) -> bool:
        return self._session is not None and not self._session.closed

    async def start(self, on_command: CommandHandler) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:  # a send before start (e.g. `paperboy post`)
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self._session

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        body = {
            "target": target.key,
            "key": idempotency_key,
            "text": message.fallback,
            "pid": os.getpid(),
        }
        try:
            async with self._client().post(f"{self._url}/send", json=body) as response:
                data = await response.json()
        except aiohttp.ClientError as exc:
            raise SendError(f"fake platform unreachable: {exc}") from None
        return MessageRef(self.name, target.channel or target.key, str(data["id"]))

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        query = {"target": target.key, "key": idempotency_key}
        try:
            async with self._client().get(f"{self._url}/history", params=query) as response:
                data = await response.json()
        except aiohttp.ClientError as exc:
            raise SendError(f"fake platform unreachable: {exc}") from None
        found = data.get("id")
        return MessageRef(self.name, target.channel or target.key, str(found)) if found else None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        return None
