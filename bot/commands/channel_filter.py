"""A channel's topic filter (`/paper settings filter QUERY`, `/paper setup ... filter
QUERY`): a query in the search language that a paper must match to be in the daily post.
Kept in the channel's chat record (bot.channels); a TOML channel gets one on its first
filter, seeded from its configured settings."""

from __future__ import annotations

import dataclasses

from bot.channels.model import ChatChannel, PostMode
from bot.commands.common import Context, UsageError, reply
from bot.config import ChannelConfig
from bot.model import CommandReply
from bot.query import QueryError, parse_query

FILTER_EXAMPLE = '/paper settings filter cat:cs.LG "diffusion" -medical'
CLEARED = ("none", "off", "all", "-")  # `filter none`: no topic filter


def checked_filter(ctx: Context, text: str) -> str | None:
    """A topic filter in the search language, validated; None for `none`/`off`."""
    if text.strip().lower() in CLEARED:
        return None
    limit = ctx.deps.config.limits.max_topic_chars
    if len(text) > limit:
        raise UsageError(f"a filter is at most {limit} characters", FILTER_EXAMPLE)
    try:
        parse_query(text, max_chars=limit, analyzer=ctx.analyzer)
    except QueryError as exc:  # its example is a search's; a filter's example keeps `filter`
        raise UsageError(exc.problem, FILTER_EXAMPLE) from None
    return " ".join(text.split())


def record_from(config: ChannelConfig, workspace: str, user: str) -> ChatChannel:
    """A chat record holding a channel's current settings (a TOML seed's, at first)."""
    return ChatChannel(
        name=config.name,
        adapter=config.adapter,
        workspace=workspace,
        target=config.target,
        time=config.time,
        timezone=config.timezone,
        top=config.top,
        mode=PostMode(config.mode),
        sources=tuple(config.sources),
        created_by=user,  # paused stays in the channel state (/paper settings pause)
    )


async def set_filter(ctx: Context, channel: ChannelConfig, text: str) -> CommandReply:
    """`/paper settings filter QUERY` (or `none`) in a channel with a daily post."""
    registry = ctx.deps.channels
    if registry is None:
        return reply("Topic filters need the channels kept in the database; this bot has none.")
    if not text.strip():
        raise UsageError("filter needs a query in the search language, or none", FILTER_EXAMPLE)
    wanted = checked_filter(ctx, text)
    record = await registry.directory.get_chat_channel(channel.name)
    if record is None:
        record = record_from(channel, ctx.invocation.workspace, ctx.invocation.user)
    saved = await registry.directory.save_chat_channel(
        dataclasses.replace(record, filter=wanted), ctx.now
    )
    if ctx.deps.on_settings_changed is not None:
        await ctx.deps.on_settings_changed(saved.name)
    if saved.filter is None:
        return reply(f"Saved. #{saved.name} has no topic filter now.", ephemeral=False)
    return reply(
        f"Saved. #{saved.name} posts only papers matching: {saved.filter}", ephemeral=False
    )


__all__ = ["CLEARED", "FILTER_EXAMPLE", "checked_filter", "record_from", "set_filter"]
