"""A vote's counts on the post voted on: the post is edited in place (`PartialMessage.edit`).

A vote button names its post (the message clicked) and a reaction its message; the core
answers with the post shown again with the channel's counts (`CommandReply.updated_post`),
which `ShowingCounts` puts on the message before the answer goes out. The edit is best
effort: the vote is kept and answered whether or not the post can be edited.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from adapters.discord.reactions import VOTES
from adapters.discord.render import render
from adapters.discord.views import part_kwargs
from bot.commands.feedback import POST_OPTION
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.ports import CommandCompleter, CommandHandler

log = logging.getLogger(__name__)


def vote_options(interaction: discord.Interaction, action: str) -> tuple[tuple[str, str], ...]:
    """The `post` option of a vote button: the message clicked, to show the counts on."""
    message = interaction.message
    if action not in VOTES.values() or message is None:
        return ()
    return ((POST_OPTION, str(message.id)),)


async def edit_post(
    client: discord.Client, channel_id: int, message_id: int, message: OutboundMessage
) -> None:
    parts = render(message)
    if len(parts) != 1:
        return  # a post too long for one message: its parts are left as they are
    partial = client.get_partial_messageable(channel_id).get_partial_message(message_id)
    try:
        await partial.edit(**part_kwargs(parts[0]))  # type: ignore[arg-type]
    except (discord.HTTPException, ValueError) as exc:
        log.warning("the post voted on was not updated", extra={"reason": str(exc)[:200]})


class ShowingCounts:
    """A command handler that edits the post a vote came from (and completes as the one
    it wraps does, so Discord's autocomplete is unchanged)."""

    def __init__(self, handler: CommandHandler, client: discord.Client) -> None:
        self._handler = handler
        self._client = client

    async def __call__(self, invocation: CommandInvocation) -> CommandReply:
        reply = await self._handler(invocation)
        post = invocation.option(POST_OPTION)
        updated = reply.updated_post
        if updated is not None and post and post.isdigit() and invocation.channel.isdigit():
            await edit_post(self._client, int(invocation.channel), int(post), updated)
        return reply

    async def complete(
        self, invocation: CommandInvocation, option: str, partial: str
    ) -> Sequence[tuple[str, str]]:
        if isinstance(self._handler, CommandCompleter):
            return await self._handler.complete(invocation, option, partial)
        return []


__all__ = ["ShowingCounts", "edit_post", "vote_options"]
