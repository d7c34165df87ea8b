"""`DiscordAdapter`: the ChatAdapter for Discord, built on discord.py.

Sending uses REST only (a logged-in HTTP client, no gateway), so `paperboy post` works
without `run`. `start` also syncs `/paper` (when changed) and connects the gateway for
interactions, returning once READY.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from asyncio import FIRST_COMPLETED
from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord

from adapters.discord.client import new_client
from adapters.discord.commands import build_group
from adapters.discord.counts import ShowingCounts
from adapters.discord.delivery import DiscordDelivery
from adapters.discord.endpoints import use_api, use_gateway_of
from adapters.discord.faults import RESYNC_EVERY, AnsweringTree, Resyncer, quiet_group_errors
from adapters.discord.guilds import watch_guilds
from adapters.discord.interactions import InteractionRouter
from adapters.discord.lag import DeferPolicy, LoopLag
from adapters.discord.notices import ClosedDms
from adapters.discord.ratelimits import GlobalLimitWatch
from adapters.discord.reactions import Reactions
from adapters.discord.render import render
from adapters.discord.settings import SPEC as DISCORD_SPEC
from adapters.discord.settings import DiscordSettings, load_settings, token_of
from adapters.discord.sync import sync_if_changed
from bot.channels.ports import WorkspaceListener
from bot.clock import Clock, SystemClock
from bot.config import AdapterConfig, Secrets
from bot.model import CommandInvocation, Header, OutboundMessage
from bot.ports import CommandHandler, MessageRef, SendError, Target

log = logging.getLogger(__name__)
T = TypeVar("T")

_GATEWAY_ERRORS = (
    asyncio.CancelledError,
    TimeoutError,
    OSError,
    aiohttp.ClientError,
    discord.DiscordException,
)


class DiscordConnectError(Exception):
    """Login or the gateway connection failed; the message says why (never the token)."""


class DiscordAdapter:
    spec = DISCORD_SPEC  # its config table and secrets (bot.config.AdapterSpec)

    def __init__(
        self,
        name: str,
        settings: AdapterConfig,
        secrets: Secrets,
        *,
        clock: Clock | None = None,
        defer_policy: DeferPolicy | None = None,
    ) -> None:
        self.name = name
        self._defer_policy = defer_policy
        self.settings: DiscordSettings = load_settings(name, settings)
        self._token = token_of(name, secrets)
        self._clock = clock or SystemClock()
        self._client: discord.Client | None = None
        self._login = asyncio.Lock()
        self._gateway: asyncio.Task[None] | None = None
        self._router: InteractionRouter | None = None
        self._resyncer: Resyncer | None = None
        self._lag = LoopLag()
        self._global_limits = GlobalLimitWatch(self._clock)
        self._closed_dms = ClosedDms()
        self._delivery = DiscordDelivery(
            name,
            self._logged_in_client,
            archive_minutes=self.settings.thread_archive_minutes,
            global_limits=self._global_limits,
            closed_dms=self._closed_dms,
        )
        self.synced: list[str] = []  # command scopes synced by the last start
        self._workspaces: WorkspaceListener | None = None

    def on_workspace(self, listener: WorkspaceListener) -> None:
        """bot.channels.ports.WorkspaceAware: told when the bot leaves or joins a server."""
        self._workspaces = listener

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self, on_command: CommandHandler) -> None:
        try:
            await self._connect(on_command)
        except (DiscordConnectError, SendError) as exc:
            await self.stop()
            if isinstance(exc, SendError):
                raise DiscordConnectError(exc.reason) from None
            raise

    async def _connect(self, on_command: CommandHandler) -> None:
        client = await self._logged_in_client()
        on_command = ShowingCounts(on_command, client)  # a vote's counts on its post
        self._lag.start()
        self._router = InteractionRouter(
            on_command,
            self._clock,
            defer_after=self.settings.defer_after,
            closed_dms=self._closed_dms,
            lag=self._lag,
            policy=self._defer_policy,
        )
        guild_ids = self.settings.guild_ids

        async def resync() -> list[str]:
            return await sync_if_changed(client, tree, guild_ids)

        self._resyncer = Resyncer(
            resync if self.settings.sync_commands else None, self._clock, RESYNC_EVERY
        )
        tree = AnsweringTree(client, self._resyncer)
        group = build_group(self._router)
        quiet_group_errors(group)
        tree.add_command(group)
        router = self._router

        async def on_interaction(interaction: discord.Interaction) -> None:
            await router.on_component(interaction)

        client.event(on_interaction)
        reactions = Reactions(on_command, lambda: client.user.id if client.user else None)
        client.event(reactions.on_raw_reaction_add)  # 👍 / 👎 on a post: a vote
        client.event(reactions.on_raw_reaction_remove)  # ... taken back
        watch_guilds(client, self._report_guild)
        if self.settings.sync_commands:
            self.synced = await self._call(
                "sync the /paper commands",
                sync_if_changed(client, tree, self.settings.guild_ids),
                hint="invite the bot with the applications.commands scope to every guild "
                "in [adapters.discord] guild_ids",
            )
        await self._call("get the gateway URL", use_gateway_of(client.http))
        gateway = asyncio.create_task(client.connect(reconnect=True))
        gateway.add_done_callback(self._gateway_ended)
        self._gateway = gateway
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {gateway, ready}, timeout=self.settings.ready_timeout, return_when=FIRST_COMPLETED
        )
        if ready in done:
            log.info("discord connected", extra={"adapter": self.name, "synced": self.synced})
            return
        ready.cancel()
        error = gateway.exception() if gateway in done else None
        if error is not None:
            raise DiscordConnectError(f"Discord gateway failed: {type(error).__name__}: {error}")
        raise DiscordConnectError(
            f"Discord gateway not ready after {self.settings.ready_timeout:.0f}s"
        )

    async def _report_guild(self, guild_id: int, present: bool) -> None:
        if self._workspaces is not None:
            await self._workspaces(self.name, str(guild_id), present)

    def _gateway_ended(self, task: asyncio.Task[None]) -> None:
        """The gateway loop ended: log why (discord.py reconnects by itself until then)."""
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error(
                "discord gateway stopped: %s: %s",
                type(error).__name__,
                error,
                extra={"adapter": self.name},
            )

    async def stop(self) -> None:
        await self._lag.stop()
        if self._resyncer is not None:
            await self._resyncer.wait()
        client, self._client = self._client, None
        if client is not None:
            await client.close()
        gateway, self._gateway = self._gateway, None
        if gateway is not None:
            # Its failure, if any, was reported by start or logged by _gateway_ended.
            with contextlib.suppress(*_GATEWAY_ERRORS):
                await asyncio.wait_for(gateway, timeout=10)

    @property
    def is_connected(self) -> bool:
        client = self._client
        gateway = self._gateway
        return (
            client is not None
            and client.is_ready()
            and not client.is_closed()
            and gateway is not None
            and not gateway.done()
        )

    # -- ChatAdapter ------------------------------------------------------------------------

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        return await self._delivery.send(
            target, render(message), idempotency_key, self._thread_name(message)
        )

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        return await self._delivery.find_sent(target, idempotency_key)

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        if self._router is None:
            raise SendError("the Discord adapter is not started: no interaction to answer")
        await self._router.respond(invocation, message, ephemeral=ephemeral)

    # -- internals --------------------------------------------------------------------------

    def _thread_name(self, message: OutboundMessage) -> str:
        post = message.post
        if post is not None:
            series, date = post.header.series, post.header.date.isoformat()
        else:
            headers = [b.text for b in message.blocks if isinstance(b, Header)]
            series, date = (headers[0] if headers else message.fallback.split("\n")[0]), ""
        name = self.settings.thread_name.format(series=series, date=date)
        return name.strip(" ·-") or "Reviews"

    async def _logged_in_client(self) -> discord.Client:
        """The discord.py client, logged in (REST only until `start` connects the gateway)."""
        async with self._login:
            if self._client is None:
                use_api(self.settings.api_url)
                client = new_client(self.settings, self._global_limits.trace())
                try:
                    await client.login(self._token)
                except discord.LoginFailure:
                    await client.close()
                    raise SendError(
                        "Discord rejected the bot token (401): check DISCORD_TOKEN", permanent=True
                    ) from None
                except (discord.HTTPException, OSError) as exc:
                    await client.close()
                    raise SendError(f"cannot reach Discord to log in: {exc}") from None
                self._client = client
            return self._client

    async def _call(self, what: str, call: Awaitable[T], *, hint: str = "") -> T:
        try:
            return await call
        except discord.HTTPException as exc:
            advice = f" ({hint})" if hint and exc.status in (403, 404) else ""
            raise DiscordConnectError(
                f"Discord refused to {what}: {exc.status} {exc.text}{advice}"
            ) from None
        except (discord.GatewayNotFound, OSError) as exc:
            raise DiscordConnectError(f"cannot {what}: {exc}") from None
