"""Fixtures: the fake Slack, adapters pointed at it, a small in-memory core."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Secrets
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

SIGNING_SECRET = "test-signing-secret-0123456789"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def sleeps(clock: FrozenClock) -> list[float]:
    """Every wait the adapter asked for; the sleep moves the clock instead of waiting."""
    return []


@pytest.fixture
def make_adapter(
    fake: FakeSlack, clock: FrozenClock, sleeps: list[float]
) -> Callable[..., SlackAdapter]:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds=seconds)

    def build(secrets: Secrets | None = None, **extra: Any) -> SlackAdapter:
        settings = AdapterConfig.model_validate({"api_url": fake.api_url, **extra})
        return SlackAdapter("slack", settings, secrets or secrets_all(), clock=clock, sleep=sleep)

    return build


def secrets_all() -> Secrets:
    return Secrets.model_validate(
        {
            "slack_bot_token": BOT_TOKEN,
            "slack_app_token": APP_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
        }
    )


class TinyCore:
    """A stand-in for the core's command handler: subscriptions in memory, in the shape
    `/paper subscriptions` lists them; every other command echoes what it received."""

    def __init__(self) -> None:
        self.seen: list[CommandInvocation] = []
        self.replies: list[CommandReply] = []
        self.topics: dict[int, str] = {}
        self._next = 1

    async def __call__(self, invocation: CommandInvocation) -> CommandReply:
        self.seen.append(invocation)
        reply = self._answer(invocation)
        self.replies.append(reply)
        return reply

    def _answer(self, invocation: CommandInvocation) -> CommandReply:
        command, args = invocation.command, invocation.arguments
        if command == "subscribe":
            self.topics[self._next] = args
            self._next += 1
            return CommandReply(OutboundMessage.text(f"Subscribed to `{args}`."))
        if command == "unsubscribe":
            key = (
                int(args)
                if args.isdigit()
                else next((k for k, v in self.topics.items() if v == args), -1)
            )
            removed = self.topics.pop(key, None)
            text = f"Unsubscribed from `{removed}`." if removed else f"No subscription {args!r}."
            return CommandReply(OutboundMessage.text(text))
        if command == "subscriptions":
            if not self.topics:
                return CommandReply(OutboundMessage.text("You follow no topics yet."))
            lines = [f"Your topics ({len(self.topics)} of 25):"]
            lines += [f"  {k}. {v} · instant · 0 matches so far" for k, v in self.topics.items()]
            return CommandReply(OutboundMessage.text("\n".join(lines)))
        if command == "boom":
            raise RuntimeError("the core broke")
        public = command == "today"
        text = f"{command or 'help'}: {args}"
        return CommandReply(OutboundMessage.text(text), ephemeral=not public)


@pytest.fixture
def core() -> TinyCore:
    return TinyCore()


Handler = Callable[[CommandInvocation], Awaitable[CommandReply]]
