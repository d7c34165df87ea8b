"""A fake of the Slack Web API for many workspaces on 127.0.0.1 (port 0): the OAuth token
exchange, auth.test, users.info and chat.postMessage, each answering only with the token
of the workspace a user or channel belongs to, and a response_url endpoint."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

# code -> (team id, the bot token Slack would issue for it)
WORKSPACES = {"code-one": ("T0001", "xoxb-one-0001"), "code-two": ("T0002", "xoxb-two-0002")}
USERS = {"U0ADMIN1": ("T0001", True), "U0ADMIN2": ("T0002", True), "U0READER": ("T0001", False)}
CHANNELS = {"C0001": "T0001", "C0002": "T0002"}


class FakeOAuth:
    def __init__(self) -> None:
        self.exchanges: list[dict[str, str]] = []  # oauth.v2.access forms
        self.tokens_seen: list[str] = []  # the token of each auth.test
        self.posts: list[tuple[str, str, str]] = []  # chat.postMessage: token, channel, text
        self.responses: list[tuple[str, dict[str, Any]]] = []  # response_url: id, body
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, rid: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{rid}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/oauth.v2.access", self._access)
        app.router.add_route("*", "/api/auth.test", self._auth_test)
        app.router.add_route("*", "/api/users.info", self._users_info)
        app.router.add_post("/api/chat.postMessage", self._post_message)
        app.router.add_post("/respond/{rid}", self._respond)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _args(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post() if request.method == "POST" else {}
        return {**request.query, **{k: str(v) for k, v in form.items()}}

    @staticmethod
    def _team_of_token(request: web.Request, args: dict[str, Any]) -> str | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        token = token or str(args.get("token", ""))
        return next((team for team, issued in WORKSPACES.values() if issued == token), None)

    async def _access(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.exchanges.append(form)
        found = WORKSPACES.get(form.get("code", ""))
        if found is None:
            return web.json_response({"ok": False, "error": "invalid_code"})
        team, token = found
        body: dict[str, Any] = {
            "ok": True, "app_id": "A0001", "authed_user": {"id": "U0INSTALLER"},
            "scope": "commands,chat:write", "token_type": "bot", "access_token": token,
            "bot_user_id": f"UB{team}", "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None, "is_enterprise_install": False,
        }  # fmt: skip
        return web.json_response(body)

    async def _auth_test(self, request: web.Request) -> web.Response:
        args = await self._args(request)
        team = self._team_of_token(request, args)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.tokens_seen.append(token or str(args.get("token", "")))
        if team is None:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        body = {"ok": True, "team_id": team, "user_id": f"UB{team}", "bot_id": f"B{team}"}
        return web.json_response(body)

    async def _users_info(self, request: web.Request) -> web.Response:
        args = await self._args(request)
        team = self._team_of_token(request, args)
        found = USERS.get(str(args.get("user", "")))
        if team is None or found is None or found[0] != team:
            return web.json_response({"ok": False, "error": "user_not_found"})
        user = {"id": args["user"], "is_admin": found[1], "is_owner": False, "tz": "UTC"}
        return web.json_response({"ok": True, "user": user})

    async def _post_message(self, request: web.Request) -> web.Response:
        args = await self._args(request)
        team = self._team_of_token(request, args)
        channel = str(args.get("channel", ""))
        if team is None or CHANNELS.get(channel) != team:
            return web.json_response({"ok": False, "error": "channel_not_found"})
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.posts.append((token, channel, str(args.get("text", ""))))
        ts = f"1700000000.{len(self.posts):06d}"
        return web.json_response({"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts}})

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append((request.match_info["rid"], json.loads(await request.text())))
        return web.json_response({"ok": True})
