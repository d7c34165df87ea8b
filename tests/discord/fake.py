"""A small fake Discord on 127.0.0.1 (OS-assigned port): REST and the gateway websocket.

The real discord.py talks to it through `api_url`. It records every request, keeps the
messages of each channel, deduplicates by nonce like Discord (`enforce_nonce`), and can be
told to answer 429 (with Discord's rate-limit headers), 403 for closed DMs, or 403/404 for
a channel.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord import payloads as p
from tests.discord.fake_bodies import SentFile, read_body

API = "/api/v10"


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    body: Any
    query: dict[str, str]


@dataclass
class Callback:
    interaction_id: str
    token: str
    body: dict[str, Any]
    files: list[SentFile] = field(default_factory=list)


class FakeDiscord:
    def __init__(self, token: str = "test-token") -> None:
        self.token = token
        self.requests: list[Recorded] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.closed_dms: set[str] = set()  # user ids whose DMs are closed
        self.dm_channels: dict[str, str] = {}  # user id -> DM channel id
        self.channel_errors: dict[str, int] = {}  # channel id -> 403 / 404
        self.rate_limits: list[tuple[str, float, bool]] = []  # (path prefix, retry_after, global)
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> commands
        self.threads: dict[str, dict[str, Any]] = {}
        self.callbacks: asyncio.Queue[Callback] = asyncio.Queue()
        self.edits: asyncio.Queue[dict[str, Any]] = asyncio.Queue()  # PATCH @original bodies
        self.followups: asyncio.Queue[dict[str, Any]] = asyncio.Queue()  # follow-up bodies
        self.webhook_files: list[SentFile] = []  # files sent by follow-ups and edits
        self.message_edits: list[tuple[str, str]] = []  # (channel, message) of each edit
        self.identifies: list[dict[str, Any]] = []
        self.resumes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.connections: list[str] = []  # the gateway path of each websocket connection
        self.identify_close_code: int | None = None  # e.g. 4004: authentication failed
        self.heartbeats = 0
        self.drop_after_post = 0  # the next N message creations succeed, then the connection drops
        self.drop_before_post = 0  # the next N message creations drop the connection, unposted
        self.history_nonces = True  # False: like Discord, history omits nonces
        self._ids = itertools.count(950000000000000001)
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.app = web.Application(middlewares=[self._record])
        self.app.add_routes(
            [
                web.get(API + "/gateway/bot", self._gateway_bot),
                web.get(API + "/users/@me", self._me),
                web.get(API + "/oauth2/applications/@me", self._app_info),
                web.get(API + "/applications/{app}/commands", self._get_commands),
                web.put(API + "/applications/{app}/commands", self._put_commands),
                web.get(API + "/applications/{app}/guilds/{guild}/commands", self._get_commands),
                web.put(API + "/applications/{app}/guilds/{guild}/commands", self._put_commands),
                web.get(API + "/channels/{channel}", self._get_channel),
                web.post(API + "/channels/{channel}/messages", self._post_message),
                web.get(API + "/channels/{channel}/messages", self._get_messages),
                web.patch(API + "/channels/{channel}/messages/{message}", self._edit_message),
                web.post(API + "/channels/{channel}/messages/{message}/threads", self._thread),
                web.post(API + "/users/@me/channels", self._open_dm),
                web.post(API + "/interactions/{id}/{token}/callback", self._callback),
                web.patch(API + "/webhooks/{app}/{token}/messages/@original", self._edit_original),
                web.delete(API + "/webhooks/{app}/{token}/messages/@original", self._delete),
                web.post(API + "/webhooks/{app}/{token}", self._followup),
                web.get("/gateway", self._gateway),
                web.get("/gateway-resume", self._gateway),
            ]
        )

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway-resume"

    async def drop(self, code: int = 4000) -> None:
        """Close every gateway connection as Discord does before a resume."""
        for socket in list(self._sockets):
            await socket.close(code=code)

    # -- helpers for tests --------------------------------------------------------------

    def new_id(self) -> str:
        return str(next(self._ids))

    def rate_limit(self, path_prefix: str, retry_after: float, *, is_global: bool = False) -> None:
        """The next request whose path starts with `path_prefix` gets a 429."""
        self.rate_limits.append((path_prefix, retry_after, is_global))

    def calls(self, method: str, path_prefix: str = "") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    async def dispatch(
        self, event: str, data: dict[str, Any], socket: web.WebSocketResponse | None = None
    ) -> None:
        """Send a DISPATCH event on `socket` (default: the first open connection)."""
        self._seq += 1
        target = socket or self._sockets[0]
        await target.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def next_edit(self) -> dict[str, Any]:
        async with asyncio.timeout(5):
            return await self.edits.get()

    async def next_followup(self) -> dict[str, Any]:
        async with asyncio.timeout(5):
            return await self.followups.get()

    async def next_callback(self) -> Callback:
        async with asyncio.timeout(5):
            return await self.callbacks.get()

    # -- REST -----------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path.removeprefix(API)
        body, _files = await read_body(request)
        self.requests.append(Recorded(request.method, path, body, dict(request.query)))
        public = path.startswith(("/gateway-resume", "/interactions/", "/webhooks/"))
        public = public or path == "/gateway"
        if not public and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        for index, (prefix, retry_after, is_global) in enumerate(self.rate_limits):
            if path.startswith(prefix):
                del self.rate_limits[index]
                return _too_many(retry_after, is_global)
        response: web.StreamResponse = await handler(request)
        return response

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _me(self, request: web.Request) -> web.Response:
        return _json(p.bot_user())

    async def _app_info(self, request: web.Request) -> web.Response:
        return _json(p.app_info())

    async def _get_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild", "global")
        if scope not in ("global", str(p.GUILD_ID)):
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        return _json(self.commands.get(scope, []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild", "global")
        if scope not in ("global", str(p.GUILD_ID)):
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        stored = []
        for command in await request.json():
            item = {"id": self.new_id(), "application_id": str(p.APP_ID), "version": "1", **command}
            if scope != "global":
                item["guild_id"] = scope
            stored.append(item)
        self.commands[scope] = stored
        return _json(stored)

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        if channel in self.channel_errors:
            return _json({"message": "Missing Access"}, status=self.channel_errors[channel])
        return _json(p.text_channel(int(channel)))

    async def _post_message(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        if channel in self.channel_errors:
            status = self.channel_errors[channel]
            code = 50001 if status == 403 else 10003
            return _json({"message": "Missing Access", "code": code}, status=status)
        body = await request.json()
        if channel in {self.dm_channels.get(user) for user in self.closed_dms}:
            error = {"message": "Cannot send messages to this user", "code": 50007}
            return _json(error, status=403)
        if self.drop_before_post > 0:
            self.drop_before_post -= 1
            return _drop(request)
        history = self.messages.setdefault(channel, [])
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            for old in history:
                if old.get("nonce") == nonce:
                    return _json(old)
        message = p.message(
            self.new_id(),
            channel,
            content=body.get("content") or "",
            embeds=body.get("embeds", []),
            components=body.get("components", []),
            nonce=nonce,
            allowed_mentions=body.get("allowed_mentions"),
        )
        history.append(message)
        if self.drop_after_post > 0:
            # The ambiguous send: the message exists, the answer never arrives.
            self.drop_after_post -= 1
            return _drop(request)
        return _json(message)

    async def _edit_message(self, request: web.Request) -> web.Response:
        """PATCH of one of the bot's messages (PartialMessage.edit): its embeds, content
        and components are replaced by those sent."""
        channel, message_id = request.match_info["channel"], request.match_info["message"]
        found = [m for m in self.messages.get(channel, []) if m["id"] == message_id]
        if not found:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        body, _files = await read_body(request)
        for key in ("content", "embeds", "components"):
            if key in body:
                found[0][key] = body[key] if body[key] is not None else ""
        self.message_edits.append((channel, message_id))
        return _json(found[0])

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel = request.match_info["channel"]
        if channel in self.channel_errors:
            return _json({"message": "Missing Access"}, status=self.channel_errors[channel])
        limit = int(request.query.get("limit", "50"))
        recent = list(reversed(self.messages.get(channel, [])))[:limit]
        if not self.history_nonces:
            recent = [{**m, "nonce": None} for m in recent]
        return _json(recent)

    async def _thread(self, request: web.Request) -> web.Response:
        channel, message = request.match_info["channel"], request.match_info["message"]
        if message in self.threads:
            error = {
                "message": "A thread has already been created for this message",
                "code": 160004,
            }
            return _json(error, status=400)
        body = await request.json()
        thread = {
            "id": message,
            "type": 11,
            "guild_id": str(p.GUILD_ID),
            "parent_id": channel,
            "name": body["name"],
            "owner_id": str(p.BOT_ID),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": "2026-11-23T09:00:00+00:00",
                "locked": False,
            },
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
        }
        self.threads[message] = thread
        return _json(thread)

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = str((await request.json())["recipient_id"])
        channel = self.dm_channels.setdefault(recipient, self.new_id())
        return _json({"id": channel, "type": 1, "recipients": [p.user(int(recipient), "reader")]})

    async def _callback(self, request: web.Request) -> web.Response:
        body, files = await read_body(request)
        interaction_id = request.match_info["id"]
        token = request.match_info["token"]
        await self.callbacks.put(Callback(interaction_id, token, body, files))
        return _json({"interaction": {"id": interaction_id, "type": 2}})

    async def _edit_original(self, request: web.Request) -> web.Response:
        body, files = await read_body(request)
        self.webhook_files.extend(files)
        await self.edits.put(body)
        return _json(self._webhook_message(body))

    async def _delete(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _followup(self, request: web.Request) -> web.Response:
        body, files = await read_body(request)
        self.webhook_files.extend(files)
        await self.followups.put(body)
        return _json(self._webhook_message(body))

    def _webhook_message(self, body: dict[str, Any]) -> dict[str, Any]:
        return p.message(
            self.new_id(),
            str(p.CHANNEL_ID),
            content=body.get("content") or "",
            embeds=body.get("embeds", []),
            flags=body.get("flags", 0),
        )

    # -- gateway ----------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.connections.append(request.path)
        self._sockets.append(socket)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for frame in socket:
                if frame.type != WSMsgType.TEXT:
                    break
                await self._on_frame(socket, frame.json())
        finally:
            self._sockets.remove(socket)
        return socket

    async def _on_frame(self, socket: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        op = frame.get("op")
        if op == 1:
            self.heartbeats += 1
            await socket.send_json({"op": 11})
        elif op == 2:
            self.identifies.append(frame["d"])
            if self.identify_close_code is not None:
                await socket.close(code=self.identify_close_code)
                return
            ready = {
                "v": 10,
                "user": p.bot_user(),
                "guilds": [{"id": str(p.GUILD_ID), "unavailable": True}],
                "session_id": "fake-session",
                "resume_gateway_url": self.resume_url,
                "application": {"id": str(p.APP_ID), "flags": 0},
                "shard": frame["d"].get("shard", [0, 1]),
            }
            await self.dispatch("READY", ready, socket)
            await self.dispatch("GUILD_CREATE", p.guild(), socket)
        elif op == 6:
            await self.resumes.put(frame["d"])
            await self.dispatch("RESUMED", {}, socket)


def _drop(request: web.Request) -> web.Response:
    """Reset the connection under `request`: the client gets no answer at all."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response()


def _too_many(retry_after: float, is_global: bool) -> web.Response:
    headers = {
        "Retry-After": str(max(1, round(retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": str(retry_after),
        "X-RateLimit-Bucket": "fake-bucket",
        "X-RateLimit-Scope": "global" if is_global else "user",
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    return _json(body, status=429, headers=headers)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the exact content type discord.py checks (`application/json`)."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )
