"""Slack requests -> `CommandInvocation`s, and replies back through `response_url`.

`/paper search diffusion` becomes command "search", arguments "diffusion". The user's
admin status and time zone come from `users.info` (workspace admins and owners are
admins, as are the ids listed in `admins`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.errors import FAILURES, send_error
from adapters.slack.files import send_file
from adapters.slack.render import render_message
from bot.clock import Clock
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.ports import CommandHandler, SendError

PLATFORM = "slack"
COMMAND = "/paper"
_MAX_USERS = 10_000  # users' facts kept (each for USER_TTL)
USER_TTL = dt.timedelta(minutes=5)
RESPONSE_URL_TTL = dt.timedelta(minutes=30)  # Slack accepts a response_url for 30 minutes

log = logging.getLogger(__name__)


def unescape(text: str) -> str:
    """Slack sends `&`, `<`, `>` in typed text as entities; give the core what was typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def split_command(text: str) -> tuple[str, str]:
    """`"subscribe  cat:cs.LG x"` -> `("subscribe", "cat:cs.LG x")`; `""` -> `("", "")`."""
    words = unescape(text).strip().split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower(), words[1].strip() if len(words) > 1 else ""


class Invocations:
    """Builds invocations, looking the user up, and remembers each one's response_url.

    What `users.info` says (admin, time zone) is kept for `USER_TTL`, so a burst of clicks
    or Home tab refreshes costs one lookup; concurrent first commands from one user share
    the one lookup in flight. A command's own reply goes to its own request's
    `response_url` (passed along, never looked up); the URLs kept here serve later
    follow-ups (`adapter.respond`) and are kept for as long as Slack accepts them
    (`RESPONSE_URL_TTL`), not for a fixed count.
    """

    def __init__(self, client: AsyncWebClient, admins: tuple[str, ...], clock: Clock) -> None:
        self._client = client
        self._admins = frozenset(admins)
        self._clock = clock
        self._response_urls: OrderedDict[CommandInvocation, tuple[dt.datetime, str]] = OrderedDict()
        self._users: OrderedDict[str, tuple[dt.datetime, bool, str | None]] = OrderedDict()
        self._lookups: dict[str, asyncio.Future[tuple[bool, str | None]]] = {}

    async def build(
        self,
        *,
        team: str,
        channel: str,
        user: str,
        command: str,
        arguments: str,
        user_name: str | None = None,
        response_url: str | None = None,
    ) -> CommandInvocation:
        is_admin, timezone = await self._user_facts(user)
        invocation = CommandInvocation(
            platform=PLATFORM,
            workspace=team,
            channel=channel,
            user=user,
            is_admin=is_admin or user in self._admins,
            command=command,
            arguments=arguments,
            user_timezone=timezone,
            user_name=user_name,
        )
        if response_url:
            now = self._clock.now()
            self._forget_expired(now)
            self._response_urls[invocation] = (now, response_url)
            self._response_urls.move_to_end(invocation)
        return invocation

    def response_url(self, invocation: CommandInvocation) -> str | None:
        found = self._response_urls.get(invocation)
        if found is None or self._clock.now() - found[0] >= RESPONSE_URL_TTL:
            return None
        return found[1]

    @property
    def pending(self) -> int:
        """response_urls remembered (each for at most RESPONSE_URL_TTL)."""
        return len(self._response_urls)

    def _forget_expired(self, now: dt.datetime) -> None:
        while self._response_urls:
            created, _ = next(iter(self._response_urls.values()))
            if now - created < RESPONSE_URL_TTL:
                break
            self._response_urls.popitem(last=False)

    async def _user_facts(self, user: str) -> tuple[bool, str | None]:
        now = self._clock.now()
        known = self._users.get(user)
        if known is not None and now - known[0] < USER_TTL:
            return known[1], known[2]
        running = self._lookups.get(user)
        if running is None:
            running = asyncio.ensure_future(self._look_up(user, now))
            self._lookups[user] = running
            running.add_done_callback(lambda _: self._lookups.pop(user, None))
        return await asyncio.shield(running)

    async def _look_up(self, user: str, now: dt.datetime) -> tuple[bool, str | None]:
        try:
            response = await self._client.users_info(user=user)
        except FAILURES as exc:
            # Without users:read (or on an outage) only the configured admins are admins.
            reason = send_error(exc, "users.info").reason
            log.warning("users.info failed", extra={"user": user, "reason": reason})
            return False, None
        info: dict[str, Any] = response.get("user") or {}
        is_admin = any(info.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner"))
        tz = info.get("tz")
        timezone = tz if isinstance(tz, str) and tz else None
        self._users[user] = (now, is_admin, timezone)
        self._users.move_to_end(user)
        while len(self._users) > _MAX_USERS:
            self._users.popitem(last=False)
        return is_admin, timezone


async def run_handler(handler: CommandHandler, invocation: CommandInvocation) -> CommandReply:
    """Call the core. This is the command loop's edge: any failure becomes a short reply."""
    try:
        return await handler(invocation)
    except Exception:
        log.exception(
            "command failed", extra={"command": invocation.command, "user": invocation.user}
        )
        return CommandReply(OutboundMessage.text("Sorry, that command failed. Try again later."))


class Responder:
    """Replies to an invocation: through its response_url while Slack accepts it, else
    through the Web API (an ephemeral message, or a normal one)."""

    def __init__(self, client: AsyncWebClient, invocations: Invocations, timeout: float) -> None:
        self._client = client
        self._invocations = invocations
        self._timeout = timeout

    async def reply(
        self,
        invocation: CommandInvocation,
        message: OutboundMessage,
        *,
        ephemeral: bool = True,
        response_url: str | None = None,
    ) -> None:
        """`response_url`: the request's own (a command's first reply); else the one
        remembered for an invocation like this one, while Slack still accepts it."""
        payload = render_message(message).payload()
        url = response_url or self._invocations.response_url(invocation)
        if url is None or not await self._via_response_url(url, payload, ephemeral):
            await self._via_web_api(invocation, payload, ephemeral)
        attached = message.attachment
        if attached is None:
            return
        try:  # an export: the file, in the reader's DM
            await send_file(self._client, invocation.user, attached)
        except SendError as exc:  # say so, where the reply went (it has no attachment)
            note = f"The file {attached.filename} could not be sent ({exc.reason})."
            await self.reply(invocation, OutboundMessage.text(note), ephemeral=ephemeral)

    async def _via_web_api(
        self, invocation: CommandInvocation, payload: dict[str, Any], ephemeral: bool
    ) -> None:
        try:
            if ephemeral and invocation.channel:
                await self._client.chat_postEphemeral(
                    channel=invocation.channel, user=invocation.user, **payload
                )
            else:
                channel = invocation.channel
                if not channel:
                    opened = await self._client.conversations_open(users=invocation.user)
                    channel = str(opened["channel"]["id"])
                await self._client.chat_postMessage(
                    channel=channel, unfurl_links=False, unfurl_media=False, **payload
                )
        except FAILURES as exc:
            method = "chat.postEphemeral" if ephemeral else "chat.postMessage"
            raise send_error(exc, method) from None

    async def _via_response_url(self, url: str, payload: dict[str, Any], ephemeral: bool) -> bool:
        webhook = AsyncWebhookClient(url, timeout=int(self._timeout))
        try:
            response = await webhook.send(
                **payload,
                response_type="ephemeral" if ephemeral else "in_channel",
                # A button's response_url would otherwise replace the message clicked
                # (the daily post itself): always add a reply instead.
                replace_original=False,
                unfurl_links=False,
                unfurl_media=False,
            )
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("response_url failed", extra={"reason": type(exc).__name__})
            return False
        if response.status_code != 200:
            # Expired (30 minutes) or used up (5 replies): fall back to the Web API.
            log.info("response_url refused", extra={"status": response.status_code})
            return False
        return True


__all__ = [
    "COMMAND",
    "PLATFORM",
    "Invocations",
    "Responder",
    "run_handler",
    "split_command",
    "unescape",
]
