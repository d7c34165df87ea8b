"""`SlackAdapter`: the ChatAdapter for Slack, assembled from the modules beside it."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.app.async_app import AsyncApp

from adapters.slack.client import Sleep, make_web_client
from adapters.slack.commands import Invocations, Responder
from adapters.slack.delivery import SlackDelivery
from adapters.slack.errors import FAILURES, SlackConnectionError, startup_error
from adapters.slack.fallbacks import Fallbacks
from adapters.slack.gate import Gate
from adapters.slack.installs import WorkspaceInstalls, WorkspaceOf, set_team
from adapters.slack.interactions import InFlight, Interactions
from adapters.slack.mentions import Mentions
from adapters.slack.oauth import CURRENT_TEAM, TeamRoutingClient, Uninstalls
from adapters.slack.reactions import Reactions
from adapters.slack.settings import SPEC as SLACK_SPEC
from adapters.slack.settings import (
    SlackConfigError,
    api_base_url,
    parse_settings,
    require_secret,
    send_limits,
)
from adapters.slack.transport import HttpTransport, SocketModeTransport, Transport
from bot.channels.ports import InstallationRecords, WorkspaceListener
from bot.clock import Clock, SystemClock
from bot.config import AdapterConfig, Secrets
from bot.delivery.ratelimit import Limits
from bot.model import CommandInvocation, OutboundMessage
from bot.ports import CommandHandler, MessageRef, Target

log = logging.getLogger(__name__)


class SlackAdapter:
    """Slack through slack-bolt (commands, App Home) and the Web API (sending).

    Sending needs only SLACK_BOT_TOKEN, so `paperboy post` works without a socket; `start`
    also needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).
    `clock` and `sleep` wait out rate limits (the outbox sender paces the posts, at
    `send_limits`); tests pass a FrozenClock and a sleep that moves it.
    """

    spec = SLACK_SPEC  # its config table and secrets (bot.config.AdapterSpec)

    def __init__(
        self,
        name: str,
        settings: AdapterConfig,
        secrets: Secrets,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.name = name
        self.settings = parse_settings(name, settings)
        self._secrets = secrets
        wait = sleep or asyncio.sleep
        clock = clock or SystemClock()
        self._installs: WorkspaceInstalls | None = None
        if self.settings.installs:  # many workspaces: each call with its team's token
            self._installs = WorkspaceInstalls(name, self.settings, secrets, clock)
            self._client = make_web_client(
                "", api_base_url(settings), self.settings, wait, TeamRoutingClient
            )
        else:
            token = require_secret(
                secrets, "slack_bot_token", "SLACK_BOT_TOKEN", "to call the Web API"
            )
            self._client = make_web_client(token, api_base_url(settings), self.settings, wait)
        self._delivery = SlackDelivery(name, self._client, self.settings.history_limit)
        self._invocations = Invocations(self._client, self.settings.admins, clock)
        self._responder = Responder(self._client, self._invocations, self.settings.timeout)
        self._transport: Transport | None = None
        self._in_flight: InFlight | None = None
        self._workspaces: WorkspaceListener | None = None

    def on_workspace(self, listener: WorkspaceListener) -> None:
        """bot.channels.ports.WorkspaceAware: told when the app is uninstalled."""
        self._workspaces = listener

    def use_installations(self, records: InstallationRecords, workspace_of: WorkspaceOf) -> None:
        """bot.channels.ports.InstallAware: where installs are kept (installs = true)."""
        if self._installs is not None:
            self._installs.use_installations(records, workspace_of)

    @property
    def send_limits(self) -> Limits:
        """Slack's pace for the outbox sender (the one pacing layer): `min_interval`
        between posts to a channel, and the workspace-wide pace of its kind."""
        return send_limits(self.settings)

    async def start(self, on_command: CommandHandler) -> None:
        if self._transport is not None:
            raise RuntimeError(f"adapter {self.name!r} is already started")
        http = self.settings.mode == "http"
        signing_secret = (
            require_secret(
                self._secrets,
                "slack_signing_secret",
                "SLACK_SIGNING_SECRET",
                "to verify requests in HTTP mode",
            )
            if http
            else ""
        )
        app_token = (
            ""
            if http
            else require_secret(
                self._secrets,
                "slack_app_token",
                "SLACK_APP_TOKEN",
                'for Socket Mode (or set mode = "http")',
            )
        )
        app = await self._bolt_app(signing_secret, http)
        interactions = Interactions(on_command, self._client, self._invocations, self._responder)
        interactions.register(app)
        Mentions(on_command, self._client, self._invocations).register(app)  # /paper ask
        Reactions(on_command, self._client, self._invocations).register(app)  # 👍 / 👎 votes
        tokens = self._installs.tokens if self._installs is not None else None
        forget = tokens.forget if tokens is not None else None
        Uninstalls(self.name, lambda: self._workspaces, forget=forget).register(app)
        Fallbacks(self._client, self.settings.timeout).register(app)  # after the real ones
        self._in_flight = interactions.in_flight
        transport: Transport
        if http:
            transport = HttpTransport(
                app,
                self.settings.host,
                self.settings.port,
                self.settings.path,
                Gate(signing_secret),
            )
        else:
            transport = SocketModeTransport(app, app_token)
        await transport.start()
        self._transport = transport
        log.info("slack adapter started", extra={"adapter": self.name, "mode": self.settings.mode})

    async def _bolt_app(self, signing_secret: str, http: bool) -> AsyncApp:
        logger = logging.getLogger("slack_bolt.paperboy")
        if self._installs is not None:
            assert isinstance(self._client, TeamRoutingClient)  # made so in __init__
            settings = self._installs.oauth_settings(self._client, lambda: self._workspaces)
            app = AsyncApp(
                client=self._client,
                signing_secret=signing_secret,
                oauth_settings=settings,
                process_before_response=False,
                logger=logger,
            )
            app.middleware(set_team)
            return app
        try:
            identity = await self._client.auth_test()
        except FAILURES as exc:
            raise startup_error(exc, "auth.test", "SLACK_BOT_TOKEN") from None
        team = str(identity.get("team_id") or "")
        if team and self._workspaces is not None:
            # The token works, so the app is installed there: channels an uninstall paused
            # (before a reinstall and restart with its new token) resume.
            await self._workspaces(self.name, team, True)
        return AsyncApp(
            client=self._client,
            signing_secret=signing_secret,
            request_verification_enabled=http,
            process_before_response=False,
            logger=logger,
        )

    async def stop(self) -> None:
        """Stop taking requests, then let acked commands finish (up to `timeout` seconds)."""
        transport, self._transport = self._transport, None
        if transport is not None:
            await transport.stop()
        if self._in_flight is not None:
            await self._in_flight.drain(self.settings.timeout)
            self._in_flight = None

    @property
    def is_connected(self) -> bool:
        """bot.ports.ReportsConnection (/healthz): Socket Mode's websocket is up, or the
        HTTP endpoint is serving. False before `start` and after `stop`."""
        return self._transport is not None and self._transport.connected

    @property
    def http_port(self) -> int | None:
        """In HTTP mode once started: the port actually bound (0 in config: the OS picks)."""
        return self._transport.port if isinstance(self._transport, HttpTransport) else None

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        team = CURRENT_TEAM.set(await self._team_of(target))
        try:
            return await self._delivery.send(target, message, idempotency_key=idempotency_key)
        finally:
            CURRENT_TEAM.reset(team)

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        team = CURRENT_TEAM.set(await self._team_of(target))
        try:
            return await self._delivery.find_sent(target, idempotency_key)
        finally:
            CURRENT_TEAM.reset(team)

    async def _team_of(self, target: Target) -> str | None:
        return await self._installs.team_of(target) if self._installs is not None else None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        await self._responder.reply(invocation, message, ephemeral=ephemeral)


__all__ = ["SlackAdapter", "SlackConfigError", "SlackConnectionError"]
