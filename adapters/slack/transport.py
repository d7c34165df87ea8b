"""How Slack's requests reach the bolt app: Socket Mode or an HTTP endpoint.

Socket Mode (the default) dials out over a websocket (`apps.connections.open` with the
app-level token), so no public URL is needed. HTTP mode serves `path` on `host:port`;
`gate.Gate` verifies every request's signature and timestamp over the raw bytes and its
shape before bolt parses it (401 / 400 and one log line), then bolt verifies it again.
"""

from __future__ import annotations

from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.errors import FAILURES, startup_error
from adapters.slack.gate import MAX_BODY, Gate, Verdict, log_refusal


class Transport(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    @property
    def connected(self) -> bool: ...


class SocketModeTransport:
    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self._app = app
        self._app_token = app_token
        self._handler = AsyncSocketModeHandler(app, app_token, web_client=app.client)

    async def start(self) -> None:
        """Open the first connection, failing fast when the app token is refused or Slack
        cannot be reached (the SDK itself would retry forever); later drops reconnect."""
        try:
            opened = await self._app.client.apps_connections_open(app_token=self._app_token)
        except FAILURES as exc:
            await self._handler.close_async()  # type: ignore[no-untyped-call]
            raise startup_error(exc, "apps.connections.open", "SLACK_APP_TOKEN") from None
        self._handler.client.wss_uri = str(opened["url"])
        await self._handler.connect_async()  # type: ignore[no-untyped-call]

    async def stop(self) -> None:
        await self._handler.close_async()  # type: ignore[no-untyped-call]

    @property
    def connected(self) -> bool:
        """The websocket is open and not stale (the SDK's own `is_connected` test, which is
        a coroutine, without its ping-pong age check); False while the SDK reconnects."""
        client = self._handler.client
        session = client.current_session
        return not (client.closed or client.stale or session is None or session.closed)


class HttpTransport:
    """An aiohttp server whose one route hands requests to bolt (slack_bolt's aiohttp
    adapter converts in and out)."""

    def __init__(self, app: AsyncApp, host: str, port: int, path: str, gate: Gate) -> None:
        """With bolt's OAuth flow on `app` (many workspaces), its install and redirect
        paths are served too (GET: a browser, not Slack; the flow checks its state)."""
        self._app = app
        self._gate = gate
        self._host = host
        self._port = port
        self._path = path
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        server = web.Application(client_max_size=MAX_BODY)
        server.router.add_post(self._path, self._handle)
        flow = self._app.oauth_flow
        if flow is not None:
            server.router.add_get(flow.install_path, self._install)
            server.router.add_get(flow.redirect_uri_path, self._redirect)
        runner = web.AppRunner(server, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, self._host, self._port).start()
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def connected(self) -> bool:
        """Serving: the site is bound and taking requests."""
        return self._runner is not None and bool(self._runner.addresses)

    @property
    def port(self) -> int | None:
        """The bound port (useful when configured as 0: the OS picks one)."""
        if self._runner is None or not self._runner.addresses:
            return None
        return int(self._runner.addresses[0][1])

    async def _install(self, request: web.Request) -> web.Response:
        assert self._app.oauth_flow is not None  # routed only with a flow
        response = await self._app.oauth_flow.handle_installation(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _redirect(self, request: web.Request) -> web.Response:
        assert self._app.oauth_flow is not None  # routed only with a flow
        response = await self._app.oauth_flow.handle_callback(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _handle(self, request: web.Request) -> web.Response:
        screened = self._gate.screen(await request.read(), request.headers)
        if screened.verdict is Verdict.ANSWER:
            log_refusal(screened, request.path)
            return web.json_response({"response_type": "ephemeral", "text": screened.text})
        if screened.verdict is not Verdict.PASS:
            log_refusal(screened, request.path)
            return web.Response(status=screened.status, text=screened.reason)
        bolt_request = AsyncBoltRequest(
            body=screened.text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        bolt_response = await self._app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)
