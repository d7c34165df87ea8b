"""The gateway through the real discord.py: HELLO, IDENTIFY, READY, heartbeats, resume, shards."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from adapters.discord import DiscordAdapter, DiscordConnectError
from tests.discord import payloads as p
from tests.discord.conftest import RecordingHandler
from tests.discord.fake import FakeDiscord


async def test_start_identifies_heartbeats_and_is_connected_until_stop(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    assert not adapter.is_connected
    await adapter.start(handler)
    assert adapter.is_connected
    (identify,) = fake.identifies
    assert identify["token"] == fake.token
    assert fake.heartbeats >= 1, "discord.py beats once right after HELLO"
    await adapter.stop()
    assert not adapter.is_connected


async def test_a_dropped_connection_resumes_at_the_resume_url_and_keeps_answering(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    await adapter.start(handler)
    await fake.drop(code=4000)
    async with asyncio.timeout(5):
        resume = await fake.resumes.get()
    assert resume["session_id"] == "fake-session"
    assert fake.connections == ["/gateway", "/gateway-resume"]
    assert len(fake.identifies) == 1, "resumed, not identified again"
    await fake.dispatch("INTERACTION_CREATE", p.interaction(5, "token-5", "help"))
    callback = await fake.next_callback()
    assert callback.body["type"] == 4
    assert handler.invocations[-1].command == "help"


async def test_configured_shards_identify_each_shard(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(shards=2)
    try:
        await adapter.start(handler)
        assert adapter.is_connected
    finally:
        await adapter.stop()
    assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]


async def test_a_gateway_that_refuses_identify_fails_start_with_a_clear_error(
    fake: FakeDiscord, adapter: DiscordAdapter, handler: RecordingHandler
) -> None:
    fake.identify_close_code = 4004
    with pytest.raises(DiscordConnectError, match="4004"):
        await adapter.start(handler)
    assert not adapter.is_connected
