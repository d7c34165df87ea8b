"""Servers the bot leaves and joins, told to the core so a server's channels pause and
resume (bot.channels.workspaces)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import discord

GuildReport = Callable[[int, bool], Awaitable[None]]  # (guild id, present)


def watch_guilds(client: discord.Client, report: GuildReport) -> None:
    """Removed from a server (kicked, banned, the server deleted; not an outage, which
    is `on_guild_unavailable`): its channels pause; invited back, or listed when the
    gateway is ready: they resume."""
    # One event at a time, each reading the guild cache when it runs: a removal right
    # after the start's resume is never overtaken by it.
    turn = asyncio.Lock()

    async def on_guild_remove(guild: discord.Guild) -> None:
        async with turn:
            await report(guild.id, False)

    async def on_guild_join(guild: discord.Guild) -> None:
        async with turn:
            await report(guild.id, True)

    async def on_ready() -> None:
        # Invited back while the bot was down (no join event then): every server the
        # gateway lists is present, so its channels resume (a no-op when not paused).
        async with turn:
            for guild in list(client.guilds):
                if client.get_guild(guild.id) is not None:  # not removed meanwhile
                    await report(guild.id, True)

    client.event(on_guild_remove)
    client.event(on_guild_join)
    client.event(on_ready)
