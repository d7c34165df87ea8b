"""A fake Slack: the Web API, response_url endpoints and a Socket Mode websocket, served by
aiohttp on 127.0.0.1 with an OS-assigned port. It records every call and answers as Slack
does: `{"ok": false, "error": ...}` for failures, 429 with Retry-After, `invalid_blocks`
when a message breaks a Block Kit limit."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.slack.fake_edits import MessageEdits
from tests.slack.fake_files import FileUploads, Upload
from tests.slack.limits import block_problems

BOT_TOKEN = "xoxb-test-bot-token-1234"
APP_TOKEN = "xapp-1-test-app-token-5678"
TEAM = "T0001"
BOT_USER = "UBOT0001"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None


@dataclass
class Message:
    ts: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    unfurl_links: Any = None


@dataclass
class Scripted:
    error: str | None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def drop(request: web.Request) -> None:
    """Reset the connection under `request` (the client sees it drop, with no answer)."""
    transport = request.transport
    if transport is not None:
        transport.abort()


class FakeSlack(FileUploads, MessageEdits):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: list[Message] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []  # (response_url id, body)
        self.socket_acks: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: set[str] = {"C0GENERAL", "C0DIGEST"}
        self.not_member: set[str] = {"C0OUTSIDE"}
        self.expired_response_urls: set[str] = set()
        self.files: dict[str, Upload] = {}  # file id -> the file (files_upload_v2's flow)
        self.updates: list[tuple[str, str]] = []  # (channel, ts) of each chat.update
        self.drop_after_post = 0  # the next N chat.postMessage post, then drop the connection
        self.drop_before_post = 0  # the next N chat.postMessage drop the connection, unposted
        self._scripts: dict[str, deque[Scripted]] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, rid: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{rid}"

    # -- scripting ---------------------------------------------------------------------

    def fail(self, method: str, error: str, *, status: int = 200, times: int = 1) -> None:
        for _ in range(times):
            self._scripts.setdefault(method, deque()).append(Scripted(error, status))

    def rate_limit(self, method: str, retry_after: int, *, times: int = 1) -> None:
        for _ in range(times):
            self._scripts.setdefault(method, deque()).append(
                Scripted("ratelimited", 429, {"Retry-After": str(retry_after)})
            )

    def add_user(
        self, user: str, *, tz: str = "UTC", admin: bool = False, owner: bool = False
    ) -> None:
        self.users[user] = {
            "id": user,
            "name": user.lower(),
            "tz": tz,
            "is_admin": admin,
            "is_owner": owner,
            "team_id": TEAM,
        }

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, predicate: Callable[[], bool], limit: float = 5.0) -> None:
        """Until `predicate()` holds; woken by each recorded call (no polling)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), limit)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- Socket Mode -------------------------------------------------------------------

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        await self.wait_for(lambda: bool(self._sockets))
        await self._sockets[-1].send_str(json.dumps(envelope))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        await self._notify()
        async for frame in ws:
            if frame.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(frame.data))
                await self._notify()
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    # -- response_url ------------------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        if rid in self.expired_response_urls:
            return web.Response(status=404, text="expired_url")
        self.responses.append((rid, await request.json()))
        await self._notify()
        return web.Response(text="ok")

    # -- Web API -----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or params.get("token")
        self.calls.append(Call(method, params, token))
        try:
            script = self._scripts.get(method)
            if script:
                scripted = script.popleft()
                body = {"ok": False, "error": scripted.error}
                return web.json_response(body, status=scripted.status, headers=scripted.headers)
            expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
            if token != expected:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                return web.json_response({"ok": False, "error": "unknown_method"})
            if method == "chat.postMessage" and self.drop_before_post > 0:
                self.drop_before_post -= 1
                drop(request)
                return web.Response()
            answer = handler(params)
            if method == "chat.postMessage" and answer["ok"] and self.drop_after_post > 0:
                # The ambiguous send: the message is posted, the answer never arrives.
                self.drop_after_post -= 1
                drop(request)
            return web.json_response(answer)
        finally:
            await self._notify()

    def _m_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "paperboy",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": "B0001",
        }

    def _m_apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    def _m_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _m_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("users"))
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        channel = "D" + user
        self.channels.add(channel)
        return {"ok": True, "channel": {"id": channel}}

    def _m_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        if channel in self.not_member:
            return {"ok": False, "error": "not_in_channel"}
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not params.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        problems = block_problems(blocks)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        thread = params.get("thread_ts")
        if thread and not any(m.ts == thread and m.channel == channel for m in self.messages):
            return {"ok": False, "error": "thread_not_found"}
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        message = Message(
            f"1700000000.{next(self._ts):06d}",
            channel,
            str(params.get("text", "")),
            blocks,
            thread,
            metadata,
            params.get("unfurl_links"),
        )
        self.messages.append(message)
        return {"ok": True, "channel": channel, "ts": message.ts}

    def _m_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": f"1700000001.{next(self._ts):06d}"}

    def _m_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        if channel not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        found = [m for m in self.messages if m.channel == channel and m.thread_ts is None]
        return self._listing(found[::-1], params)

    def _m_conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel")), str(params.get("ts"))
        found = [m for m in self.messages if m.channel == channel and ts in (m.ts, m.thread_ts)]
        return self._listing(found, params)

    def _listing(self, found: list[Message], params: dict[str, Any]) -> dict[str, Any]:
        limit = int(params.get("limit", 100))
        with_metadata = str(params.get("include_all_metadata")).lower() in ("1", "true")
        out = []
        for m in found[:limit]:
            item: dict[str, Any] = {"type": "message", "ts": m.ts, "text": m.text}
            if with_metadata and m.metadata:
                item["metadata"] = m.metadata
            out.append(item)
        return {"ok": True, "messages": out, "has_more": len(found) > limit}

    def _m_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("view")
        view: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
        problems = block_problems(view.get("blocks", []), max_blocks=100)
        if problems:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        return {"ok": True, "view": {"id": "V1", **view}}

    def _m_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V2"}}
