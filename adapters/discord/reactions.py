"""👍 / 👎 reactions on the bot's posts: each is a vote (`/paper like` / `dislike`).

Discord sends a reaction with the message's id and author only (`on_raw_reaction_add`,
the non-privileged GUILD_MESSAGE_REACTIONS intent); the core finds the paper by the post's
message id. A reaction has no interaction to answer, so the vote is kept silently (the
voter sees their reaction; `/paper like ID` answers with the counts); reactions on other
people's messages, the bot's own and other emoji are ignored. Removing a thumb
(`on_raw_reaction_remove`) removes the vote it gave, unless the reader has voted otherwise
since. Discord does not name the message's author on a removal, so a removal on any
message is looked up, and one on a message that is no post changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from types import MappingProxyType

import discord

from bot.commands.feedback import POST_OPTION, UNDO_OPTION
from bot.model import CommandInvocation
from bot.ports import CommandHandler

log = logging.getLogger(__name__)

VOTES: Mapping[str, str] = MappingProxyType({"👍": "like", "👎": "dislike"})


def vote_of(emoji: str) -> str | None:
    """The command of a thumb, whatever its skin tone (a modifier after the thumb)."""
    return VOTES.get(emoji[:1])


class Reactions:
    def __init__(self, handler: CommandHandler, bot_id: Callable[[], int | None]) -> None:
        self._handler = handler
        self._bot_id = bot_id

    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        command = vote_of(event.emoji.name or "")
        me = self._bot_id()
        if command is None or event.guild_id is None or me is None:
            return  # another emoji, or a DM (no post of a channel)
        if event.message_author_id != me or event.user_id == me:
            return  # not on one of our messages, or our own reaction
        await self._vote(event, command, undo=False)

    async def on_raw_reaction_remove(self, event: discord.RawReactionActionEvent) -> None:
        command = vote_of(event.emoji.name or "")
        me = self._bot_id()
        if command is None or event.guild_id is None or me is None or event.user_id == me:
            return
        await self._vote(event, command, undo=True)

    async def _vote(
        self, event: discord.RawReactionActionEvent, command: str, *, undo: bool
    ) -> None:
        undone = ((UNDO_OPTION, "true"),) if undo else ()
        options = ((POST_OPTION, str(event.message_id)), *undone)
        invocation = CommandInvocation(
            platform="discord",
            workspace=str(event.guild_id),
            channel=str(event.channel_id),
            user=str(event.user_id),
            is_admin=False,
            command=command,
            options=options,
        )
        try:
            reply = await self._handler(invocation)
        except Exception:  # the gateway's event loop: log with context and keep going
            log.exception("a reaction vote failed", extra={"message": event.message_id})
            return
        answer = reply.message.fallback[:120]
        log.info("reaction vote", extra={"command": command, "answer": answer})


__all__ = ["VOTES", "Reactions", "vote_of"]
