"""Whether an interaction came from a thread: `/paper ask` there is about the thread's paper.

A thread started from a post has the post's message id as its own id, so the core finds
the paper from the `thread` option (bot.commands.ask) and the answer, not ephemeral,
appears in the thread where it was asked.
"""

from __future__ import annotations

import discord

THREAD_TYPES = frozenset(
    {
        discord.ChannelType.public_thread,
        discord.ChannelType.private_thread,
        discord.ChannelType.news_thread,
    }
)


def thread_options(interaction: discord.Interaction) -> tuple[tuple[str, str], ...]:
    """`(("thread", <thread id>),)` when the interaction was used inside a thread, else ()."""
    kind = getattr(interaction.channel, "type", None)
    if kind in THREAD_TYPES and interaction.channel_id is not None:
        return (("thread", str(interaction.channel_id)),)
    return ()


__all__ = ["thread_options"]
