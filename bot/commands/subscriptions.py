"""`subscribe`, `unsubscribe` and `subscriptions`: a user's topics, in the search language."""

from __future__ import annotations

import datetime as dt
import re

from bot.commands.common import Context, UsageError, reply, safe_echo
from bot.commands.render import paper_fallback
from bot.commands.search import SEARCH_WINDOW
from bot.model import CommandReply, DeliveryMode
from bot.query import MentionInQuery, format_query, parse_query
from storage.base import DuplicateSubscription

EXAMPLE = '/paper subscribe cat:cs.LG "state space" mode:daily time:08:30'
UNSUB_EXAMPLE = "/paper unsubscribe 3"
_MODE = re.compile(r"(?:^|\s)mode:(\S*)")
_TIME = re.compile(r"(?:^|\s)time:(\S*)")
_REVISIONS = re.compile(r"(?:^|\s)revisions:(\S*)")
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def _take(pattern: re.Pattern[str], text: str) -> tuple[str, str | None]:
    match = pattern.search(text)
    if match is None:
        return text, None
    return text[: match.start()] + " " + text[match.end() :], match.group(1)


def parse_options(ctx: Context, arguments: str) -> tuple[str, DeliveryMode, dt.time]:
    """Strip `mode:` and `time:` from the topic; options given by the platform also count."""
    text, mode_text = _take(_MODE, arguments)
    text, time_text = _take(_TIME, text)
    mode_text = (mode_text or ctx.invocation.option("mode") or "daily").lower()
    try:
        mode = DeliveryMode(mode_text)
    except ValueError:
        raise UsageError("mode: is `instant` or `daily`", EXAMPLE) from None
    time_text = time_text or ctx.invocation.option("time") or "09:00"
    clock = _CLOCK.fullmatch(time_text)
    if clock is None:
        raise UsageError("time: is a time of day as HH:MM, e.g. 08:30", EXAMPLE)
    return text.strip(), mode, dt.time(int(clock.group(1)), int(clock.group(2)))


def _revisions(ctx: Context, arguments: str) -> tuple[str, bool]:
    """`revisions:on`: also a DM when a paper matching the topic has a new version."""
    text, value = _take(_REVISIONS, arguments)
    value = (value or ctx.invocation.option("revisions") or "off").lower()
    if value not in ("on", "off"):
        raise UsageError("revisions: is `on` or `off`", EXAMPLE)
    return text, value == "on"


async def subscribe(ctx: Context, arguments: str) -> CommandReply:
    """Follow a topic (same language as search); mode:instant or mode:daily (default) time:HH:MM."""
    arguments, revisions = _revisions(ctx, arguments)
    text, mode, at = parse_options(ctx, arguments)
    if not text:
        raise UsageError("subscribe needs a topic", EXAMPLE)
    limits = ctx.deps.config.limits
    if len(text) > limits.max_topic_chars:
        raise UsageError(
            f"a topic may be at most {limits.max_topic_chars} characters (this one has "
            f"{len(text)})",
            EXAMPLE,
        )
    try:
        query = parse_query(text, max_chars=limits.max_topic_chars, analyzer=ctx.analyzer)
    except MentionInQuery:
        raise UsageError(
            "mentions (of everyone, a channel or a person) cannot be a topic", EXAMPLE
        ) from None
    topic = format_query(query)
    store = ctx.deps.store
    owner = ctx.invocation.owner
    held = await store.list_subscriptions(owner)
    if len(held) >= limits.max_subscriptions:
        return reply(
            f"You already follow {len(held)} topics, the most allowed. Remove one first: "
            f"`{UNSUB_EXAMPLE}` (see `/paper subscriptions`)."
        )
    zone = ctx.user_zone().key
    try:
        subscription = await store.add_subscription(
            owner, topic, mode, ctx.now, digest_time=at, timezone=zone
        )
    except DuplicateSubscription:
        existing = next((s for s in held if s.query == topic), None)
        number = f" (id {existing.id})" if existing else ""
        if existing is not None and revisions:
            await store.set_topic_revisions(existing.id, True, ctx.now)
            return reply(
                f"You already follow `{safe_echo(topic, 120)}`{number}; new versions of its "
                "papers now come by DM too."
            )
        return reply(f"You already follow `{safe_echo(topic, 120)}`{number}.")
    if revisions:
        await store.set_topic_revisions(subscription.id, True, ctx.now)
    if ctx.deps.on_subscribed is not None:
        await ctx.deps.on_subscribed(subscription)
    when = (
        "as soon as they arrive"
        if mode is DeliveryMode.INSTANT
        else (f"in a daily digest at {at.strftime('%H:%M')} {zone}")
    )
    lines = [f"Subscribed (id {subscription.id}) to `{safe_echo(topic, 200)}`: matching papers "
             f"come {when}."]  # fmt: skip
    if revisions:
        lines.append("New versions of the papers it matches come by DM too.")
    examples = await store.search(
        parse_query(topic, max_chars=10_000, window=SEARCH_WINDOW, analyzer=ctx.analyzer), limit=3
    )
    if examples:
        lines.append("Recent papers it would have matched:")
        lines += [paper_fallback(i, hit.paper) for i, hit in enumerate(examples, 1)]
    else:
        lines.append("No stored paper matches it yet; new ones will.")
    return reply("\n".join(lines))


async def unsubscribe(ctx: Context, arguments: str) -> CommandReply:
    """Stop following a topic, by its id (see subscriptions) or its text."""
    text = arguments.strip().removeprefix("#")
    if not text:
        raise UsageError("unsubscribe needs a subscription id or the topic", UNSUB_EXAMPLE)
    store = ctx.deps.store
    owner = ctx.invocation.owner
    held = await store.list_subscriptions(owner)
    if text.isdigit() and len(text) < 12:
        target = next((s for s in held if s.id == int(text)), None)
    else:
        topic = format_query(parse_query(text, max_chars=10_000, analyzer=ctx.analyzer))
        target = next((s for s in held if s.query == topic), None)
    if target is None or not await store.remove_subscription(owner, target.id):
        ids = ", ".join(str(s.id) for s in held) or "none"
        raise UsageError(f"you have no subscription {safe_echo(text)!r} (your ids: {ids})",
                         UNSUB_EXAMPLE)  # fmt: skip
    return reply(f"Unsubscribed from `{safe_echo(target.query, 200)}` (id {target.id}).")


async def subscriptions(ctx: Context, arguments: str) -> CommandReply:
    """List your topics with their ids, delivery mode and matches so far."""
    held = await ctx.deps.store.list_subscriptions(ctx.invocation.owner)
    if not held:
        return reply(f"You follow no topics yet. Try `{EXAMPLE}`.")
    lines = [f"Your topics ({len(held)} of {ctx.deps.config.limits.max_subscriptions}):"]
    for s in held:
        when = (
            "instant"
            if s.mode is DeliveryMode.INSTANT
            else (f"daily at {s.digest_time.strftime('%H:%M')} {s.timezone}")
        )
        lines.append(f"  {s.id}. {s.query} · {when} · {s.matches} matches so far")
    return reply("\n".join(lines))
