"""/healthz sees the Slack adapter's connection: Socket Mode's websocket, or the HTTP
endpoint serving (bot.ports.ReportsConnection), against the fake Slack of tests/slack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.slack import SlackAdapter
from bot.config import AdapterConfig, Secrets
from bot.health import Check, adapter_check
from bot.model import CommandInvocation, CommandReply
from bot.ports import ReportsConnection
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

SECRETS = Secrets.model_validate(
    {
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": "signing-secret-0123456789",
    }
)


async def ignore(invocation: CommandInvocation) -> CommandReply:
    raise AssertionError(f"no command expected, got {invocation.command}")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()  # again after a test stopped it early: harmless


async def becomes_disconnected(adapter: SlackAdapter) -> None:
    """The SDK notices the closed websocket on its own task: let it run (no fixed wait)."""
    for _ in range(500):
        if not adapter.is_connected:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the adapter still reports a connection")


async def test_socket_mode_reports_its_connection_and_a_drop(fake: FakeSlack) -> None:
    adapter = SlackAdapter("slack", AdapterConfig(api_url=fake.api_url), SECRETS)
    assert isinstance(adapter, ReportsConnection)
    check = adapter_check(adapter)
    assert not adapter.is_connected  # not started
    await adapter.start(ignore)
    try:
        assert adapter.is_connected
        assert (await check()).ok
        await fake.stop()  # Slack goes away: the socket closes, reconnecting fails
        await becomes_disconnected(adapter)
        assert await check() == Check(False, "disconnected")  # /healthz answers 503
    finally:
        await adapter.stop()
    assert not adapter.is_connected


async def test_http_mode_is_connected_while_serving(fake: FakeSlack) -> None:
    settings = AdapterConfig.model_validate(
        {"api_url": fake.api_url, "mode": "http", "host": "127.0.0.1", "port": 0}
    )
    adapter = SlackAdapter("slack", settings, SECRETS)
    try:
        assert not adapter.is_connected
        await adapter.start(ignore)
        assert adapter.is_connected
        assert (await adapter_check(adapter)()).ok
        await adapter.stop()
        assert not adapter.is_connected
        assert not (await adapter_check(adapter)()).ok
    finally:
        await adapter.stop()
