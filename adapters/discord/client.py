"""The discord.py client the adapter runs on: its intents (nothing privileged), sharding
with a configurable IDENTIFY spacing, and a bounded HTTP connection pool."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import discord

from adapters.discord.settings import DiscordSettings

HTTP_CONNECTIONS = 32  # REST and interaction answers share this many connections
MAX_RATELIMIT_WAIT = 30.0  # longer 429 waits surface as SendError(retry_after=...)


class ShardedClient(discord.AutoShardedClient):
    """AutoShardedClient whose shards IDENTIFY `identify_delay` seconds apart (Discord
    allows one IDENTIFY per 5 s per max_concurrency bucket; discord.py hard-codes 5 s)."""

    def __init__(self, *, identify_delay: float, **options: Any) -> None:
        super().__init__(**options)
        self._identify_delay = identify_delay

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial and self._identify_delay:
            await asyncio.sleep(self._identify_delay)


def new_client(settings: DiscordSettings, http_trace: aiohttp.TraceConfig) -> discord.Client:
    """A client as `settings` ask: one connection, or `shards` of them."""
    intents = discord.Intents.none()
    intents.guilds = True  # guild and channel state for interactions; nothing privileged
    intents.guild_reactions = True  # 👍 / 👎 on posts are votes (not privileged)
    options: dict[str, Any] = {
        "intents": intents,
        "max_ratelimit_timeout": MAX_RATELIMIT_WAIT,
        "guild_ready_timeout": settings.guild_ready_timeout,
        "http_trace": http_trace,
        "connector": _connector(),
    }
    if settings.shards:  # 0 or unset: one connection
        return ShardedClient(
            identify_delay=settings.identify_delay, shard_count=settings.shards, **options
        )
    return discord.Client(**options)


def _connector() -> aiohttp.TCPConnector:
    """discord.py's default connector opens a connection per concurrent request (no
    limit): under a burst of interactions, 1,500 answers meant 1,500 new connections
    (TLS handshakes in production). A bounded pool queues them on kept-alive ones."""
    return aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
