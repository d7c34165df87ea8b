"""A fake of Slack's OAuth token exchange and auth.test on 127.0.0.1 (port 0): each
code is one workspace's install; each call records the token it came with."""

from __future__ import annotations

from typing import Any

from aiohttp import web

# code -> (team id, the bot token Slack would issue for it)
WORKSPACES = {"code-one": ("T0001", "xoxb-one-0001"), "code-two": ("T0002", "xoxb-two-0002")}


class FakeOAuth:
    def __init__(self) -> None:
        self.exchanges: list[dict[str, str]] = []  # oauth.v2.access forms
        self.tokens_seen: list[str] = []  # the bearer token of each auth.test
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/oauth.v2.access", self._access)
        app.router.add_post("/api/auth.test", self._auth_test)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

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
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.tokens_seen.append(token)
        for team, issued in WORKSPACES.values():
            if token == issued:
                return web.json_response(
                    {
                        "ok": True,
                        "team_id": team,
                        "user_id": f"UB{team}",
                        "bot_id": f"B{team}",
                        "url": "https://example.slack.com/",
                    }
                )
        return web.json_response({"ok": False, "error": "invalid_auth"})
