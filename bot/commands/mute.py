"""`mute` and `unmute`: authors, categories and words a reader never wants to see."""

from __future__ import annotations

from bot.commands.common import Context, UsageError, reply
from bot.commands.feedback import feedback_store
from bot.feedback.mutes import MuteSyntaxError, parse_mute
from bot.model import CommandReply

MUTE_EXAMPLE = '/paper mute author:"Jane Doe"'
UNMUTE_EXAMPLE = "/paper unmute cat:cs.CV"


async def mute(ctx: Context, arguments: str) -> CommandReply:
    """Never show you papers by an author, in a category or with a word."""
    store = feedback_store(ctx)
    if not arguments.strip():
        rules = await store.mutes(ctx.invocation.owner)
        listed = ", ".join(r.describe() for r in rules) or "none"
        return reply(f"Your mutes: {listed}. Add one: `{MUTE_EXAMPLE}`.")
    try:
        rule = parse_mute(arguments)
    except MuteSyntaxError as exc:
        raise UsageError(str(exc), MUTE_EXAMPLE) from None
    added = await store.add_mute(ctx.invocation.owner, rule, ctx.now)
    state = "Muted" if added else "Already muted"
    return reply(f"{state}: {rule.describe()}. `/paper unmute` lifts every mute.")


async def unmute(ctx: Context, arguments: str) -> CommandReply:
    """Lift one mute (`unmute cat:cs.CV`) or all of them (`unmute`)."""
    store = feedback_store(ctx)
    if not arguments.strip():
        count = await store.remove_mutes(ctx.invocation.owner)
        return reply(f"Lifted {count} mute(s).")
    try:
        rule = parse_mute(arguments)
    except MuteSyntaxError as exc:
        raise UsageError(str(exc), UNMUTE_EXAMPLE) from None
    count = await store.remove_mutes(ctx.invocation.owner, [rule])
    if not count:
        return reply(f"You had no mute {rule.describe()}. `/paper mute` lists yours.")
    return reply(f"Lifted the mute {rule.describe()}.")


__all__ = ["mute", "unmute"]
