"""`setup`: a channel admin turns on (or off) a daily post in this channel from chat.

`/paper setup [time HH:MM] [timezone Zone] [top N] [mode per_paper|digest]
[sources a,b] [filter QUERY]` shows what it would do; the same line with `confirm` after
`setup` does it; `/paper setup remove` turns it off (the channel's history stays, and
`setup confirm` revives it). `filter` takes the rest of the line, in the search language.
The record lives in the database (bot.channels); a TOML channel set up again from chat
keeps its name, so chat adjusts the seed.
"""

from __future__ import annotations

import dataclasses
import enum
import re

from bot.channels.model import ChatChannel, PostMode
from bot.channels.registry import ChannelRegistry
from bot.commands.channel_filter import checked_filter, record_from
from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.commands.settings import apply_setting
from bot.model import CommandReply
from storage.base import ChannelState

EXAMPLE = (
    '/paper setup time 08:30 timezone Europe/Berlin top 3 mode digest filter cat:cs.LG "diffusion"'
)
KEYS = ("time", "timezone", "top", "mode", "sources", "filter")
ACTIONS = ("confirm", "remove")
_WORD = re.compile(r"\S+")
_FALSE = ("false", "no", "0")
_BOOLEANS = ("true", "yes", "1", *_FALSE)


class SetupAction(enum.Enum):
    """What a `/paper setup` line asks: `remove` and `confirm` are two independent flags."""

    PREVIEW = "preview"
    CONFIRM = "confirm"
    REMOVE_PREVIEW = "remove_preview"
    REMOVE = "remove"


def parse_setup(
    arguments: str, options: tuple[tuple[str, str], ...]
) -> tuple[SetupAction, dict[str, str]]:
    """`confirm time 08:30 filter cat:cs.LG "x"` -> (CONFIRM, {"time": ..., "filter": ...}).
    PREVIEW when no flag is given; `remove` previews removal, `remove confirm` (in either
    order) removes; typed options join the pairs."""
    words = [(m.group(0), m.end()) for m in _WORD.finditer(arguments.replace("=", " "))]
    flags: set[str] = set()
    pairs: dict[str, str] = {}
    while words:
        word, end = words.pop(0)
        key = word.lower()
        if key in ACTIONS:  # `confirm true`, as a platform's typed flag arrives in text
            flag = words[0][0].lower() if words else "true"
            if flag in _BOOLEANS:
                words = words[1:]
            if flag not in _FALSE:
                flags.add(key)
            continue
        if key not in KEYS:
            raise UsageError(
                f"unknown setup option {safe_echo(word, 20)!r}; the options are " + ", ".join(KEYS),
                EXAMPLE,
            )
        if key == "filter":  # the rest of the line, quotes and all
            rest = arguments[end:].lstrip(" =").strip()
            if not rest:
                raise UsageError("filter needs a query (or none)", EXAMPLE)
            pairs[key] = rest
            break
        if not words:
            raise UsageError(f"{key} needs a value", EXAMPLE)
        pairs[key] = words.pop(0)[0]
    for key, value in options:
        if key in KEYS:
            pairs[key] = value
        elif key in ACTIONS and value.lower() in ("true", "yes", "1"):
            flags.add(key)
    confirmed = "confirm" in flags
    if "remove" in flags:
        return (SetupAction.REMOVE if confirmed else SetupAction.REMOVE_PREVIEW), pairs
    return (SetupAction.CONFIRM if confirmed else SetupAction.PREVIEW), pairs


def _proposed(ctx: Context, current: ChatChannel, pairs: dict[str, str]) -> ChatChannel:
    state = ChannelState(name=current.name)
    for key in ("time", "timezone", "top", "sources"):
        if key in pairs:
            state = apply_setting(ctx, state, key, pairs[key])
    mode = current.mode
    if "mode" in pairs:
        try:
            mode = PostMode(pairs["mode"].lower())
        except ValueError:
            raise UsageError("mode is per_paper (one message a paper) or digest (one message)",
                             "/paper setup mode digest") from None  # fmt: skip
    return dataclasses.replace(
        current,
        time=state.time or current.time,
        timezone=state.timezone or current.timezone,
        top=state.top or current.top,
        sources=state.sources if state.sources is not None else current.sources,
        mode=mode,
        filter=checked_filter(ctx, pairs["filter"]) if "filter" in pairs else current.filter,
        paused=False,
        removed=None,
    )


def describe_record(record: ChatChannel) -> str:
    layout = "one message per paper" if record.mode is PostMode.PER_PAPER else "one digest"
    sources = ", ".join(record.sources) or "every source"
    topic = f"filter {record.filter}" if record.filter else "no topic filter"
    return (
        f"#{record.name}: a daily post at {record.time} {record.timezone}, top {record.top}, "
        f"{layout}, from {sources}, {topic}"
    )


def _confirm_line(pairs: dict[str, str]) -> str:
    words = [f"{k} {v}" for k, v in pairs.items() if k != "filter"]
    if "filter" in pairs:
        words.append(f"filter {pairs['filter']}")
    return " ".join(["/paper setup confirm", *words])


async def setup(ctx: Context, arguments: str) -> CommandReply:
    """Channel admins: turn on a daily post here (time, timezone, top, mode, sources, filter)."""
    registry = ctx.deps.channels
    if registry is None:
        return reply("This bot's channels are set in its configuration file, not from chat.")
    invocation = ctx.invocation
    action, pairs = parse_setup(arguments, invocation.options)
    record = await registry.record_at(invocation.platform, invocation.channel)
    if action in (SetupAction.REMOVE, SetupAction.REMOVE_PREVIEW):
        return await _remove(ctx, registry, record, confirmed=action is SetupAction.REMOVE)
    current = record or _fresh(ctx, registry)
    proposed = _proposed(ctx, current, pairs)
    if action is SetupAction.PREVIEW:
        verb = "change" if record is not None and record.removed is None else "turn on"
        return reply(
            f"This would {verb} {describe_record(proposed)}.\n"
            f"To do it: `{safe_echo(_confirm_line(pairs), 400)}`"
        )
    if record is None or record.removed is not None:
        limits = ctx.deps.config.limits
        held = await registry.directory.count_chat_channels(proposed.adapter, proposed.workspace)
        if held >= limits.channels_per_workspace:
            return reply(
                f"This server already has {held} channels with a daily post, the most "
                f"allowed ({limits.channels_per_workspace}). Remove one first with "
                "`/paper setup remove` in that channel."
            )
    saved = await registry.directory.save_chat_channel(proposed, ctx.now)
    # The settings chosen here replace earlier `/paper settings` overrides (not the
    # channel's history: its review number and last post stay).
    state = await ctx.deps.store.get_channel_state(saved.name)
    if state is not None:
        await ctx.deps.store.save_channel_state(
            dataclasses.replace(
                state, time=None, timezone=None, sources=None, top=None, paused=False
            )
        )
    if ctx.deps.on_settings_changed is not None:
        await ctx.deps.on_settings_changed(saved.name)
    return reply(f"Set up. {describe_record(saved)}.", ephemeral=False)


def _fresh(ctx: Context, registry: ChannelRegistry) -> ChatChannel:
    invocation = ctx.invocation
    seed = registry.seed_at(invocation.platform, invocation.channel)
    if seed is not None:
        return record_from(seed, invocation.workspace, invocation.user)
    return ChatChannel(
        name=registry.new_name(invocation.platform, invocation.channel),
        adapter=registry.adapter_for(invocation.platform),
        workspace=invocation.workspace,
        target=invocation.channel,
        timezone=ctx.invocation.user_timezone or "UTC",
        created_by=invocation.user,
    )


async def _remove(
    ctx: Context, registry: ChannelRegistry, record: ChatChannel | None, *, confirmed: bool
) -> CommandReply:
    invocation = ctx.invocation
    if record is None:
        seed = registry.seed_at(invocation.platform, invocation.channel)
        if seed is None:
            return reply("This channel has no daily post to remove.")
        record = record_from(seed, invocation.workspace, invocation.user)
    elif record.removed is not None:
        return reply("This channel's daily post is already off. `/paper setup` turns it on.")
    if not confirmed:
        return reply(
            f"This would turn off the daily post in #{record.name}; its history stays.\n"
            "To do it: `/paper setup remove confirm`"
        )
    saved = await registry.directory.save_chat_channel(
        dataclasses.replace(record, removed=ctx.now), ctx.now
    )
    if ctx.deps.on_settings_changed is not None:
        await ctx.deps.on_settings_changed(saved.name)
    return reply(
        f"Removed: #{saved.name} gets no daily post from now on. Its history stays; "
        "`/paper setup confirm` turns it on again.",
        ephemeral=False,
    )


__all__ = ["EXAMPLE", "SetupAction", "describe_record", "parse_setup", "setup"]
