"""A message mentioning the bot: a question about a paper (`/paper ask`), answered in the
thread it was asked in.

In the thread of a post the paper is implied: the core finds it by the thread's root (the
post's ts), handed in as the `thread` option, and the answer is posted in the thread.
Outside a thread the text must start with the paper's id and the answer, like a refusal
(no paper, a daily limit), goes only to the asker. Bolt acknowledges events itself.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.commands import Invocations, run_handler, unescape
from adapters.slack.errors import FAILURES, send_error
from adapters.slack.render import render_message
from bot.ports import CommandHandler

log = logging.getLogger(__name__)
ASK = "ask"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def question_of(text: str) -> str:
    """The message's text without the mentions of the bot, as typed."""
    return " ".join(unescape(_MENTION.sub(" ", text)).split())


class Mentions:
    def __init__(
        self, handler: CommandHandler, client: AsyncWebClient, invocations: Invocations
    ) -> None:
        self._handler = handler
        self._client = client
        self._invocations = invocations

    def register(self, app: AsyncApp) -> None:
        app.event("app_mention")(self.on_mention)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        user, channel = event.get("user"), event.get("channel")
        if event.get("bot_id") or not isinstance(user, str) or not isinstance(channel, str):
            return  # a bot's message (ours included) or a malformed event: nothing to answer
        thread = event.get("thread_ts")
        thread = thread if isinstance(thread, str) and thread else None
        invocation = await self._invocations.build(
            team=str(body.get("team_id") or event.get("team") or ""),
            channel=channel,
            user=user,
            command=ASK,
            arguments=question_of(str(event.get("text") or "")),
        )
        if thread is not None:
            invocation = replace(invocation, options=(("thread", thread),))
        reply = await run_handler(self._handler, invocation)
        payload = render_message(reply.message).payload()
        try:
            if reply.ephemeral:
                await self._client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread, **payload
                )
            else:
                await self._client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread,
                    unfurl_links=False,
                    unfurl_media=False,
                    **payload,
                )
        except FAILURES as exc:
            reason = send_error(exc, "chat.postMessage").reason
            log.warning("answer to a mention failed", extra={"reason": reason})


__all__ = ["Mentions", "question_of"]
