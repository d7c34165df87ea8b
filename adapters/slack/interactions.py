"""Bolt listeners: `/paper`, message buttons, the App Home tab and its modals.

Every listener acks first (Slack's deadline is 3 seconds) and does the work after the ack:
the app runs with `process_before_response=False`, so bolt answers Slack as soon as
`ack()` is called and the rest of the listener runs on.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.commands import COMMAND, Invocations, Responder, run_handler, split_command
from adapters.slack.errors import FAILURES, send_error
from adapters.slack.gate import MAX_COMMAND_TEXT, TOO_LONG
from adapters.slack.home import (
    ADD_TOPIC_ACTION,
    ADD_TOPIC_CALLBACK,
    REMOVE_TOPIC_ACTION,
    REMOVE_TOPIC_CALLBACK,
    TOPIC_BLOCK,
    home_view,
    submitted_topic,
    topic_modal,
)
from adapters.slack.reactions import VOTES, update_post
from adapters.slack.render import ACTION_PREFIX, LINK_ACTION
from bot.commands.feedback import POST_OPTION
from bot.model import CommandInvocation, CommandReply
from bot.ports import CommandHandler, SendError

_LINK_BUTTON = re.compile(rf"^{re.escape(ACTION_PREFIX + LINK_ACTION)}:")
_CORE_BUTTON = re.compile(rf"^{re.escape(ACTION_PREFIX)}(?!{LINK_ACTION}:)([a-z0-9_-]+):\d+$")


log = logging.getLogger(__name__)

CORE_CONCURRENCY = 6  # commands in the core at once (the store pools 15 connections)
MAX_CONCURRENT_COMMANDS = 1_000  # commands between ack and reply; more are told to retry
BUSY = "The bot is answering many commands right now; please try again in a few seconds."
NO_USER = "This command came without a user id, so it cannot be answered. Please try again."


class InFlight:
    """Counts listeners still working after their ack, so `stop` can let them finish, and
    bounds how many commands run at once (`limit`): past it a command is answered at once
    with "busy, try again" instead of queueing without bound."""

    def __init__(self, limit: int = MAX_CONCURRENT_COMMANDS) -> None:
        self._count = 0
        self.limit = limit
        self.peak = 0
        self.refused = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def full(self) -> bool:
        return self._count >= self.limit

    @property
    def count(self) -> int:
        return self._count

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        self._count += 1
        self.peak = max(self.peak, self._count)
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if not self._count:
                self._idle.set()

    async def drain(self, limit: float) -> bool:
        """Wait up to `limit` seconds for the work in flight; False if some is left."""
        try:
            await asyncio.wait_for(self._idle.wait(), limit)
        except TimeoutError:
            log.warning("stopping with commands still running", extra={"count": self._count})
            return False
        return True


class Interactions:
    """Routes Slack interactions to the core's command handler."""

    def __init__(
        self,
        handler: CommandHandler,
        client: AsyncWebClient,
        invocations: Invocations,
        responder: Responder,
    ) -> None:
        self._handler = handler
        self._client = client
        self._invocations = invocations
        self._responder = responder
        self.in_flight = InFlight()
        self._core = asyncio.Semaphore(CORE_CONCURRENCY)

    def register(self, app: AsyncApp) -> None:
        app.command(COMMAND)(self.on_command)
        app.action(_LINK_BUTTON)(self.on_link_button)
        app.action(_CORE_BUTTON)(self.on_button)
        app.action(ADD_TOPIC_ACTION)(self.on_open_modal)
        app.action(REMOVE_TOPIC_ACTION)(self.on_open_modal)
        app.view(ADD_TOPIC_CALLBACK)(self.on_topic_submitted)
        app.view(REMOVE_TOPIC_CALLBACK)(self.on_topic_submitted)
        app.event("app_home_opened")(self.on_home_opened)

    # -- /paper ------------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        user = body.get("user_id")
        if not isinstance(user, str) or not user:
            log.warning("slash command without user_id", extra={"team": body.get("team_id")})
            await ack(text=NO_USER)
            return
        text = str(body.get("text") or "")
        if len(text) > MAX_COMMAND_TEXT:  # HTTP mode's gate answers this before bolt
            await ack(text=TOO_LONG.format(length=len(text)))
            return
        if self.in_flight.full:
            self.in_flight.refused += 1
            log.warning("too many commands at once", extra={"limit": self.in_flight.limit})
            await ack(text=BUSY)
            return
        async with self.in_flight.track():
            await ack()
            command, arguments = split_command(text)
            response_url = body.get("response_url")
            invocation = await self._invocations.build(
                team=str(body.get("team_id") or ""),
                channel=str(body.get("channel_id") or ""),
                user=user,
                user_name=body.get("user_name"),
                command=command,
                arguments=arguments,
                response_url=response_url,
            )
            await self._answer(invocation, response_url if isinstance(response_url, str) else None)

    # -- buttons -----------------------------------------------------------------------

    async def on_link_button(self, ack: AsyncAck) -> None:
        await ack()  # the browser opens the URL; Slack still wants the click acknowledged

    async def on_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A core action button (`paperboy:<command>:<n>`): run that command with its value,
        e.g. "Subscribe to this topic" on a review, or "Remove" on the Home tab."""
        async with self.in_flight.track():
            await ack()
            action = body["actions"][0]
            match = _CORE_BUTTON.match(str(action.get("action_id", "")))
            if match is None:
                return
            from_home = (body.get("view") or {}).get("type") == "home"
            response_url = None if from_home else body.get("response_url")
            invocation = await self._invocations.build(
                team=_team(body),
                channel=str((body.get("channel") or {}).get("id") or ""),
                user=str(body["user"]["id"]),
                user_name=body["user"].get("username"),
                command=match.group(1),
                arguments=str(action.get("value") or ""),
                response_url=response_url,
            )
            post = (body.get("container") or {}).get("message_ts")
            if match.group(1) in VOTES.values() and isinstance(post, str):  # counts on it
                invocation = replace(invocation, options=((POST_OPTION, post),))
            if from_home:
                reply = await self._run(invocation)
                await self.publish_home(
                    invocation.workspace, invocation.user, reply.message.fallback
                )
            else:
                await self._answer(invocation, response_url)

    # -- App Home ----------------------------------------------------------------------

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        async with self.in_flight.track():
            await self.publish_home(str(body.get("team_id") or ""), str(event["user"]))

    async def on_open_modal(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        action_id = body["actions"][0]["action_id"]
        callback = ADD_TOPIC_CALLBACK if action_id == ADD_TOPIC_ACTION else REMOVE_TOPIC_CALLBACK
        try:
            await self._client.views_open(trigger_id=body["trigger_id"], view=topic_modal(callback))
        except FAILURES as exc:
            log.warning("views.open failed", extra={"reason": send_error(exc, "views.open").reason})

    async def on_topic_submitted(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body["view"]
        topic = submitted_topic(view)
        if not topic:
            await ack(response_action="errors", errors={TOPIC_BLOCK: "Type a topic first."})
            return
        async with self.in_flight.track():
            await ack()
            adding = view.get("callback_id") == ADD_TOPIC_CALLBACK
            invocation = await self._invocations.build(
                team=_team(body),
                channel="",
                user=str(body["user"]["id"]),
                user_name=body["user"].get("username"),
                command="subscribe" if adding else "unsubscribe",
                arguments=topic,
            )
            reply = await self._run(invocation)
            await self.publish_home(invocation.workspace, invocation.user, reply.message.fallback)

    async def publish_home(self, team: str, user: str, notice: str | None = None) -> None:
        """Ask the core for the user's subscriptions and show them on the Home tab."""
        invocation = await self._invocations.build(
            team=team, channel="", user=user, command="subscriptions", arguments=""
        )
        reply = await self._run(invocation)
        try:
            await self._client.views_publish(user_id=user, view=home_view(reply.message, notice))
        except FAILURES as exc:
            reason = send_error(exc, "views.publish").reason
            log.warning("views.publish failed", extra={"reason": reason})

    # -- replies -----------------------------------------------------------------------

    async def _run(self, invocation: CommandInvocation) -> CommandReply:
        """The core, at most `CORE_CONCURRENCY` commands at a time: the others wait here
        (their response_url lasts 30 minutes) rather than for a database connection,
        which gives up after 30 s (measured: 13 of 1,000 burst commands at 100k papers)."""
        async with self._core:
            return await run_handler(self._handler, invocation)

    async def _answer(self, invocation: CommandInvocation, response_url: str | None) -> None:
        reply = await self._run(invocation)
        try:
            await self._responder.reply(
                invocation, reply.message, ephemeral=reply.ephemeral, response_url=response_url
            )
        except SendError as exc:
            log.warning("reply failed", extra={"command": invocation.command, "reason": exc.reason})
        post = invocation.option(POST_OPTION)
        if reply.updated_post is not None and post:  # a vote button: the post shows counts
            await update_post(self._client, invocation.channel, post, reply.updated_post)


def _team(body: dict[str, Any]) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or body.get("user", {}).get("team_id") or "")
