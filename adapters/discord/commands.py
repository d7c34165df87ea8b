"""`/paper` as an app_commands Group: one typed subcommand per core command.

Each subcommand only collects its options and hands them to the router, which builds the
neutral `CommandInvocation`; the core does the work. `settings` is for members with Manage
Channels: Discord applies `default_member_permissions` only to top-level commands, so the
subcommand is guarded by a check here (and the core refuses non-admins as well).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.interactions import InteractionRouter

Completion = Callable[
    [discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]
NOT_ADMIN = "Only members with the Manage Channels permission can change this channel's settings."


def _completion(router: InteractionRouter, command: str, option: str) -> Completion:
    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await router.complete(interaction, command, option, current)

    return complete


def _pairs(**values: object) -> tuple[tuple[str, str], ...]:
    return tuple(
        (key, str(value).lower() if isinstance(value, bool) else str(value))
        for key, value in values.items()
        if value is not None
    )


def _settings_text(pairs: tuple[tuple[str, str], ...]) -> str:
    """The core's settings line: `time 08:30 categories cs.LG,cs.CL top 3 pause`."""
    words = []
    for key, value in pairs:
        if key == "paused":
            words.append("pause" if value == "true" else "resume")
        else:
            words.append(f"{key} {''.join(value.split())}")
    return " ".join(words)


def build_group(router: InteractionRouter) -> app_commands.Group:
    """The `/paper` command tree, wired to `router`."""
    group = app_commands.Group(
        name="paper",
        description="Daily research-paper reviews: search, subscribe, today's picks",
        guild_only=True,
        # Explicit, so the registered definition reads back the same (see sync.py).
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )

    @group.command(name="search", description="Search every stored paper")
    @app_commands.describe(query='Words and filters: cat:cs.LG au:"Name" since:2025-01-01 -word')
    async def search(
        interaction: discord.Interaction, query: app_commands.Range[str, 1, 300]
    ) -> None:
        await router.run(interaction, "search", query)

    @group.command(name="subscribe", description="Get new papers on a topic")
    @app_commands.describe(
        topic='A topic in the search language, e.g. cat:cs.LG "state space"',
        mode="daily: one digest a day (default); instant: as papers arrive",
        time="Digest time of day, HH:MM (default 09:00)",
    )
    async def subscribe(
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 200],
        mode: Literal["daily", "instant"] | None = None,
        time: app_commands.Range[str, 4, 5] | None = None,
    ) -> None:
        options = _pairs(mode=mode, time=time)
        await router.run(interaction, "subscribe", topic, options)

    @group.command(name="unsubscribe", description="Stop one of your topics")
    @app_commands.describe(topic="The topic or its id (see /paper subscriptions)")
    @app_commands.autocomplete(topic=_completion(router, "unsubscribe", "topic"))
    async def unsubscribe(
        interaction: discord.Interaction, topic: app_commands.Range[str, 1, 200]
    ) -> None:
        await router.run(interaction, "unsubscribe", topic)

    @group.command(name="subscriptions", description="List your topics with ids and matches")
    async def subscriptions(interaction: discord.Interaction) -> None:
        await router.run(interaction, "subscriptions")

    @group.command(name="today", description="Today's papers for this channel")
    async def today(interaction: discord.Interaction) -> None:
        await router.run(interaction, "today")

    @group.command(name="show", description="The full review of one paper")
    @app_commands.describe(paper="An arXiv id or URL, e.g. 2403.17887")
    async def show(
        interaction: discord.Interaction, paper: app_commands.Range[str, 1, 200]
    ) -> None:
        await router.run(interaction, "show", paper)

    @group.command(name="status", description="Sources' health and this channel's next post")
    async def status(interaction: discord.Interaction) -> None:
        await router.run(interaction, "status")

    @group.command(name="settings", description="This channel's daily post (Manage Channels)")
    @app_commands.describe(
        time="Daily post time, HH:MM",
        timezone="IANA time zone, e.g. Europe/Berlin",
        sources="Comma-separated source names",
        categories="Comma-separated arXiv categories, e.g. cs.LG,cs.CL",
        top="Papers per day",
        paused="Pause (true) or resume (false) the daily post",
    )
    @app_commands.autocomplete(categories=_completion(router, "settings", "categories"))
    @app_commands.checks.has_permissions(manage_channels=True)
    async def settings(
        interaction: discord.Interaction,
        time: app_commands.Range[str, 4, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        sources: app_commands.Range[str, 1, 200] | None = None,
        categories: app_commands.Range[str, 1, 200] | None = None,
        top: app_commands.Range[int, 1, 50] | None = None,
        paused: bool | None = None,
    ) -> None:
        options = _pairs(
            time=time,
            timezone=timezone,
            sources=sources,
            categories=categories,
            top=top,
            paused=paused,
        )
        await router.run(interaction, "settings", _settings_text(options), options)

    @group.command(name="help", description="Every subcommand with an example")
    async def help_(interaction: discord.Interaction) -> None:
        await router.run(interaction, "help")

    @group.error
    async def on_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            await interaction.response.send_message(
                NOT_ADMIN, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        raise error

    return group
