"""👍 / 👎 reactions on the bot's posts: each is a vote (`/paper like` / `dislike`).

Slack names only the message reacted to (its channel and ts); the core finds the paper by
the post's message id (the `post` option) and answers a message it does not know (never a
post, or deleted since) plainly. The answer, with the channel's counts, is an ephemeral
message only the voter sees, and the post shows the channel's new counts (`chat.update`).
Removing a reaction (`reaction_removed`) removes the vote it gave (the `undo` option),
unless the reader has voted otherwise since. Bolt acknowledges events itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.commands import Invocations, run_handler
from adapters.slack.errors import FAILURES, send_error
from adapters.slack.render import render_message
from bot.commands.feedback import POST_OPTION, UNDO_OPTION
from bot.model import OutboundMessage
from bot.ports import CommandHandler

log = logging.getLogger(__name__)

# Slack's reaction names (a skin tone comes as "+1::skin-tone-2") -> the core's command
VOTES: Mapping[str, str] = MappingProxyType(
    {"+1": "like", "thumbsup": "like", "-1": "dislike", "thumbsdown": "dislike"}
)


class Reactions:
    def __init__(
        self, handler: CommandHandler, client: AsyncWebClient, invocations: Invocations
    ) -> None:
        self._handler = handler
        self._client = client
        self._invocations = invocations

    def register(self, app: AsyncApp) -> None:
        app.event("reaction_added")(self.on_reaction)
        app.event("reaction_removed")(self.on_reaction)

    async def on_reaction(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """`reaction_added` votes, `reaction_removed` takes that vote back."""
        command = VOTES.get(str(event.get("reaction") or "").split("::")[0])
        item = event.get("item") or {}
        user, channel, ts = event.get("user"), item.get("channel"), item.get("ts")
        if command is None or item.get("type") != "message":
            return  # another emoji, or a reaction on a file: not a vote
        if not all(isinstance(v, str) and v for v in (user, channel, ts)):
            return
        invocation = await self._invocations.build(
            team=str(body.get("team_id") or ""),
            channel=str(channel),
            user=str(user),
            command=command,
            arguments="",
        )
        options = [(POST_OPTION, str(ts))]
        if event.get("type") == "reaction_removed":
            options.append((UNDO_OPTION, "true"))
        invocation = replace(invocation, options=tuple(options))
        reply = await run_handler(self._handler, invocation)
        try:
            await self._client.chat_postEphemeral(
                channel=str(channel), user=str(user), **render_message(reply.message).payload()
            )
        except FAILURES as exc:
            reason = send_error(exc, "chat.postEphemeral").reason
            log.warning("answer to a reaction failed", extra={"reason": reason})
        if reply.updated_post is not None:
            await update_post(self._client, str(channel), str(ts), reply.updated_post)


async def update_post(
    client: AsyncWebClient, channel: str, ts: str, message: OutboundMessage
) -> None:
    """Show a post again in place (`chat.update`: a vote's counts). Best effort: the vote
    is kept and answered whether or not the post can be edited."""
    try:
        await client.chat_update(channel=channel, ts=ts, **render_message(message).payload())
    except FAILURES as exc:
        reason = send_error(exc, "chat.update").reason
        log.warning("the post voted on was not updated", extra={"reason": reason})


__all__ = ["VOTES", "Reactions", "update_post"]
