"""Every Slack interaction is answered, even one no listener knows or one that failed.

Bolt answers a request no listener matches with a 404 (Slack then shows the user an error
or a spinning modal), and a listener that raises before its ack with a 500. That happens
for real: a button or shortcut of an older version still in a channel, a modal opened
before a deploy, a malformed body. Registered after the real listeners (bolt runs the
first that matches), these catch the rest: an unknown button is acknowledged and told so
through its `response_url` (or `chat.postEphemeral`), a shortcut opens a small modal
saying so, an unknown form is replaced by a notice, select menus get no options. The
error handler logs the failure once and answers the interaction with a short apology.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.errors import FAILURES, send_error

log = logging.getLogger(__name__)

ANY = re.compile(".*", re.DOTALL)
UNKNOWN = "This button or shortcut is no longer part of paperboy. `/paper help` lists what it does."
CHANGED_FORM = "This form changed with an update of the bot: close it and open it again."
FAILED = "Sorry, that did not work on our side. It was logged; please try again in a minute."


def notice_view(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "paperboy"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "plain_text", "text": text}}],
    }


class Fallbacks:
    """The catch-all listeners and the error handler for one bolt app."""

    def __init__(self, client: AsyncWebClient, timeout: float) -> None:
        self._client = client
        self._timeout = timeout

    def register(self, app: AsyncApp) -> None:
        """Call after every real listener is registered."""
        app.action(ANY)(self.on_unknown_action)
        app.shortcut(ANY)(self.on_unknown_shortcut)
        app.view_submission(ANY)(self.on_unknown_view)
        app.view_closed(ANY)(self.on_closed)
        app.options(ANY)(self.on_options)
        app.error(self.on_error)

    async def on_unknown_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        actions = body.get("actions") or [{}]
        log.info("unknown action", extra={"action_id": str(actions[0].get("action_id"))[:100]})
        await self.tell(body, UNKNOWN)

    async def on_unknown_shortcut(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        log.info("unknown shortcut", extra={"callback_id": str(body.get("callback_id"))[:100]})
        await self.tell(body, UNKNOWN)

    async def on_unknown_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        callback = str((body.get("view") or {}).get("callback_id"))[:100]
        log.info("unknown form submitted", extra={"callback_id": callback})
        await ack(
            response_action="update",
            view=notice_view(CHANGED_FORM),
        )

    async def on_closed(self, ack: AsyncAck) -> None:
        await ack()

    async def on_options(self, ack: AsyncAck) -> None:
        await ack(options=[])

    async def on_error(
        self, error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        """A listener raised: one log line with the traceback, and an answer for the user.

        Before the ack (`response` is bolt's pending 500), this answers 200 instead (a form
        gets the notice) so Slack shows no error of its own; either way the user is told.
        """
        kind = str(body.get("type") or body.get("command") or "request")
        log.error("slack %s failed: %s", kind, type(error).__name__, exc_info=error)
        if response is not None and kind == "view_submission":
            view = notice_view(FAILED)
            return BoltResponse(status=200, body={"response_action": "update", "view": view})
        await self.tell(body, FAILED)
        return None if response is None else BoltResponse(status=200, body="")

    async def tell(self, body: dict[str, Any], text: str) -> None:
        """Say `text` privately to whoever sent `body`, by whatever way it offers."""
        url = body.get("response_url")
        user = body.get("user_id") or (body.get("user") or {}).get("id")
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        try:
            if isinstance(url, str) and url:
                webhook = AsyncWebhookClient(url, timeout=int(self._timeout))
                await webhook.send(text=text, response_type="ephemeral", replace_original=False)
            elif isinstance(user, str) and isinstance(channel, str) and channel:
                await self._client.chat_postEphemeral(channel=channel, user=user, text=text)
            elif isinstance(body.get("trigger_id"), str):
                await self._client.views_open(trigger_id=body["trigger_id"], view=notice_view(text))
        except FAILURES as exc:
            log.warning("could not answer: %s", send_error(exc, "answer").reason)
        except (OSError, TimeoutError) as exc:
            log.warning("could not answer: %s", type(exc).__name__)
