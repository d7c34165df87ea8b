"""`settings`: a channel admin changes this channel's daily post at run time."""

from __future__ import annotations

import dataclasses
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.categories import canonical_category
from bot.commands.channel_filter import set_filter
from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.config import ChannelConfig
from bot.model import CommandReply
from storage.base import ChannelState

EXAMPLE = "/paper settings time 08:30 timezone Europe/Berlin top 3 categories cs.LG,cs.CL"
KEYS = ("time", "timezone", "sources", "categories", "top")
FLAGS = ("pause", "resume", "reset")
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def _pairs(arguments: str) -> list[tuple[str, str | None]]:
    """`time 08:30 pause top=3` -> [("time", "08:30"), ("pause", None), ("top", "3")]."""
    words = arguments.replace("=", " ").split()
    pairs: list[tuple[str, str | None]] = []
    i = 0
    while i < len(words):
        key = words[i].lower()
        if key in FLAGS:
            pairs.append((key, None))
            i += 1
        elif key in KEYS:
            if i + 1 >= len(words):
                raise UsageError(f"{key} needs a value", EXAMPLE)
            pairs.append((key, words[i + 1]))
            i += 2
        else:
            raise UsageError(
                f"unknown setting {safe_echo(words[i], 20)!r}; the settings are "
                + ", ".join(KEYS + FLAGS),
                EXAMPLE,
            )
    return pairs


def apply_setting(ctx: Context, state: ChannelState, key: str, value: str | None) -> ChannelState:
    if key == "pause":
        return dataclasses.replace(state, paused=True)
    if key == "resume":
        return dataclasses.replace(state, paused=False)
    if key == "reset":
        return dataclasses.replace(
            state, time=None, timezone=None, sources=None, categories=None, top=None, paused=False
        )
    assert value is not None
    if key == "time":
        match = _CLOCK.fullmatch(value)
        if match is None:
            raise UsageError("time is HH:MM, from 00:00 to 23:59", "/paper settings time 08:30")
        return dataclasses.replace(state, time=f"{int(match.group(1)):02d}:{match.group(2)}")
    if key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"unknown time zone {safe_echo(value, 40)!r}",
                             "/paper settings timezone Europe/Berlin") from None  # fmt: skip
        return dataclasses.replace(state, timezone=value)
    if key == "top":
        if not value.isdigit() or not 1 <= int(value) <= 50:
            raise UsageError("top is a number of papers from 1 to 50", "/paper settings top 5")
        return dataclasses.replace(state, top=int(value))
    names = [v for v in value.split(",") if v]
    if key == "sources":
        known = [s.name for s in ctx.deps.config.sources]
        if value.lower() == "all":
            return dataclasses.replace(state, sources=None)
        unknown = [n for n in names if n not in known]
        if unknown or not names:
            raise UsageError(
                f"unknown source {safe_echo(','.join(unknown), 40)!r}; known: "
                + (", ".join(known) or "none"),
                "/paper settings sources " + (",".join(known[:2]) or "arxiv"),
            )
        return dataclasses.replace(state, sources=tuple(names))
    if value.lower() == "all":
        return dataclasses.replace(state, categories=None)
    categories = [canonical_category(n) for n in names]
    if not names or None in categories:
        raise UsageError("categories are arXiv categories separated by commas",
                         "/paper settings categories cs.LG,stat.ML")  # fmt: skip
    return dataclasses.replace(state, categories=tuple(c for c in categories if c))


def describe(channel: ChannelConfig, state: ChannelState) -> str:
    sources = state.sources if state.sources is not None else channel.sources
    categories = state.categories if state.categories is not None else channel.categories
    return (
        f"#{channel.name}: daily post at {state.time or channel.time} "
        f"{state.timezone or channel.timezone}, top {state.top or channel.top}, "
        f"sources {', '.join(sources) or 'all'}, categories {', '.join(categories) or 'all'}"
        + (", paused" if state.paused else "")
    )


async def here(ctx: Context) -> ChannelConfig | None:
    """The channel this command was typed in: a chat-made one or a TOML one."""
    if ctx.deps.channels is not None:
        return await ctx.deps.channels.at(ctx.invocation.platform, ctx.invocation.channel)
    return ctx.channel()


async def settings(ctx: Context, arguments: str) -> CommandReply:
    """Channel admins: set the daily post's time, timezone, sources, categories, top, filter;
    pause."""
    channel = await here(ctx)
    if channel is None:
        return reply(
            "This channel has no daily post configured, so it has no settings."
            + (" Channel admins can turn one on with `/paper setup`." if ctx.deps.channels else "")
        )
    first, _, rest = arguments.strip().partition(" ")
    if first.lower().rstrip("=") == "filter" or first.lower().startswith("filter="):
        text = rest if first.lower().rstrip("=") == "filter" else arguments.split("=", 1)[1]
        return await set_filter(ctx, channel, text)
    store = ctx.deps.store
    state = await store.get_channel_state(channel.name) or ChannelState(
        name=channel.name, paused=channel.paused
    )
    pairs = _pairs(arguments)
    if not pairs:
        record = (
            await ctx.deps.channels.directory.get_chat_channel(channel.name)
            if ctx.deps.channels is not None
            else None
        )
        topic = f", filter {record.filter}" if record is not None and record.filter else ""
        return reply(
            f"{describe(channel, state)}{topic}.\nChange with `{EXAMPLE}`, or pause / resume; "
            "`/paper settings filter QUERY` keeps only papers matching QUERY."
        )
    updated = state
    for key, value in pairs:
        updated = apply_setting(ctx, updated, key, value)
    if updated == state:
        return reply(f"Nothing changed. {describe(channel, state)}.")
    await store.save_channel_state(updated)
    if ctx.deps.on_settings_changed is not None:
        await ctx.deps.on_settings_changed(channel.name)
    return reply(f"Saved. {describe(channel, updated)}.", ephemeral=False)
