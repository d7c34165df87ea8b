"""Posting through the Web API: channels, threads, DMs; errors mapped to `SendError`.

Idempotency: the delivery's key rides in the message metadata (event type
`paperboy_delivery`), so after a crash between the send and its confirmation `find_sent`
finds the message in the channel's recent history instead of posting it twice. The same
lookup settles an ambiguous send (the connection dropped after Slack may have posted):
found, it is the send's result; not found, the message is posted once more.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import FAILURES, send_error
from adapters.slack.render import render_message
from bot.model import OutboundMessage
from bot.ports import MessageRef, SendError, Target

EVENT_TYPE = "paperboy_delivery"
# Failures after which Slack may have posted the message: the connection dropped or timed
# out after the request went out.
AMBIGUOUS = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, TimeoutError)

log = logging.getLogger(__name__)


class SlackDelivery:
    """Sends and finds messages for one adapter instance."""

    def __init__(self, adapter: str, client: AsyncWebClient, history_limit: int) -> None:
        self._adapter = adapter
        self._client = client
        self._history_limit = history_limit

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        channel = await self.channel_of(target)
        rendered = render_message(message)
        kwargs: dict[str, Any] = {
            "channel": channel,
            **rendered.payload(),
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if target.thread:
            kwargs["thread_ts"] = target.thread
        if idempotency_key:
            kwargs["metadata"] = {
                "event_type": EVENT_TYPE,
                "event_payload": {"key": idempotency_key},
            }
        for attempt in range(2):
            try:
                response = await self._client.chat_postMessage(**kwargs)
            except FAILURES as exc:
                error = send_error(exc, "chat.postMessage")
                reason = error.reason
                log.warning("slack send failed", extra={"target": target.key, "reason": reason})
                if not (idempotency_key and attempt == 0 and isinstance(exc, AMBIGUOUS)):
                    raise error from None
                # The answer was lost, not necessarily the message: look before resending.
                found = await self.find_sent(target, idempotency_key)
                if found is not None:
                    log.info("slack send had gone through", extra={"target": target.key})
                    return found
                continue
            return MessageRef(self._adapter, str(response["channel"]), str(response["ts"]))
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        """The message posted with this key among the channel's (or thread's) recent ones."""
        channel = await self.channel_of(target)
        method = "conversations.replies" if target.thread else "conversations.history"
        try:
            if target.thread:
                response = await self._client.conversations_replies(
                    channel=channel,
                    ts=target.thread,
                    limit=self._history_limit,
                    include_all_metadata=True,
                )
            else:
                response = await self._client.conversations_history(
                    channel=channel, limit=self._history_limit, include_all_metadata=True
                )
        except FAILURES as exc:
            raise send_error(exc, method) from None
        for item in response.get("messages") or []:
            if _delivery_key(item) == idempotency_key:
                return MessageRef(self._adapter, channel, str(item["ts"]))
        return None

    async def channel_of(self, target: Target) -> str:
        """The channel id to post to: the target's, or the DM channel opened with its user."""
        if not target.is_direct:
            if not target.channel:
                raise SendError("no channel in target", permanent=True)
            return target.channel
        try:
            response = await self._client.conversations_open(users=target.user)
        except FAILURES as exc:
            raise send_error(exc, "conversations.open") from None
        return str(response["channel"]["id"])


def _delivery_key(message: Mapping[str, Any]) -> str | None:
    metadata = message.get("metadata")
    if not isinstance(metadata, Mapping) or metadata.get("event_type") != EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    key = payload.get("key") if isinstance(payload, Mapping) else None
    return key if isinstance(key, str) else None
