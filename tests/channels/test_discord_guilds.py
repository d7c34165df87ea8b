"""Discord in many servers: a channel set up from chat in each; the bot removed from one
server (GUILD_DELETE through the fake gateway) pauses that server's channel only, in the
schedule and in a post planned anyway; invited back (GUILD_CREATE), it resumes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Config, SourceConfig
from bot.delivery.daily import PostStatus
from bot.model import CommandInvocation
from storage import SqlStore
from tests.discord import payloads as p
from tests.discord.conftest import _restore_discord_endpoints as _restore_discord_endpoints
from tests.discord.conftest import clock as clock
from tests.discord.conftest import fake as fake
from tests.discord.conftest import make_adapter as make_adapter
from tests.discord.fake import FakeDiscord

HERE = f"discord-{p.CHANNEL_ID}"  # the fake's server and channel
ELSEWHERE = "discord-921"  # a channel in another server, set up through the core


@pytest.fixture
async def app(
    sqlite_store: SqlStore, make_adapter: Callable[..., DiscordAdapter], clock: object
) -> AsyncIterator[App]:
    config = Config(sources=(SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG"),))
    adapter = make_adapter()
    built = await App.build(
        config,
        store=sqlite_store,
        clock=clock,
        adapters={"discord": adapter},  # type: ignore[arg-type]
    )
    await built.start_adapters()
    await built.scheduler.start(paused=True, catch_up=False)
    yield built
    built.scheduler.shutdown()
    await adapter.stop()


async def _answer(fake: FakeDiscord) -> str:
    """The command's answer: at once (type 4), or after a deferral (type 5, then an edit of
    the original), which the adapter chooses when the loop is slow."""
    callback = await fake.next_callback()
    if callback.body["type"] == 4:
        return str(callback.body["data"])
    return str(await fake.next_edit())


async def _settled(app: App, name: str, suspended: bool) -> None:
    """Wait until the gateway event was handled (in its own task): the channel's record
    says so and the scheduler re-derived its jobs."""
    assert app.channels is not None
    async with asyncio.timeout(5):
        while True:
            record = await app.channels.directory.get_chat_channel(name)
            scheduled = app.scheduler.job(f"post:{name}") is not None
            if record is not None and record.suspended is suspended and scheduled != suspended:
                return
            await asyncio.sleep(0.01)


async def test_removed_from_one_server_pauses_its_channel_and_not_the_other(
    fake: FakeDiscord, app: App
) -> None:
    refused = p.interaction(1, "token-1", "setup", {"confirm": True}, admin=False)
    await fake.dispatch("INTERACTION_CREATE", refused)
    assert "Manage Channels permission" in await _answer(fake)
    setup = p.interaction(2, "token-2", "setup", {"confirm": True, "time": "07:00"}, admin=True)
    await fake.dispatch("INTERACTION_CREATE", setup)
    assert f"Set up. #{HERE}: a daily post at 07:00 UTC" in await _answer(fake)
    other = CommandInvocation("discord", "911", "921", "U2", True, "setup", "confirm")
    assert "Set up." in (await app.dispatcher(other)).message.fallback
    assert app.scheduler.job(f"post:{HERE}") is not None

    await fake.dispatch("GUILD_DELETE", {"id": str(p.GUILD_ID)})
    await _settled(app, HERE, suspended=True)
    assert app.scheduler.job(f"post:{ELSEWHERE}") is not None
    [paused, posted] = await app.post([HERE, ELSEWHERE])
    assert paused.status is PostStatus.PAUSED
    assert posted.status is not PostStatus.PAUSED
    assert (await app.channels.directory.get_chat_channel(ELSEWHERE)).suspended is False  # type: ignore[union-attr]

    # Invited back: a join's GUILD_CREATE has no `unavailable` (one that has it is a
    # server coming back from an outage, which never paused anything).
    joined = {key: value for key, value in p.guild().items() if key != "unavailable"}
    await fake.dispatch("GUILD_CREATE", joined)
    await _settled(app, HERE, suspended=False)


async def test_a_server_listed_at_start_resumes_its_channel(
    fake: FakeDiscord,
    app: App,
    sqlite_store: SqlStore,
    make_adapter: Callable[..., DiscordAdapter],
    clock: object,
) -> None:
    """Invited back while the bot was down: no join event, but the gateway lists it."""
    setup = p.interaction(3, "token-3", "setup", {"confirm": True}, admin=True)
    await fake.dispatch("INTERACTION_CREATE", setup)
    assert "Set up." in await _answer(fake)  # confirm alone
    await fake.dispatch("GUILD_DELETE", {"id": str(p.GUILD_ID)})
    await _settled(app, HERE, suspended=True)
    await app.stop()  # the bot goes down; the server invites it back meanwhile

    adapter = make_adapter()
    again = await App.build(
        app.config,
        store=sqlite_store,
        clock=clock,
        adapters={"discord": adapter},  # type: ignore[arg-type]
    )
    try:
        await again.start_adapters()
        await again.scheduler.start(paused=True, catch_up=False)
        await _settled(again, HERE, suspended=False)
    finally:
        again.scheduler.shutdown()
        await adapter.stop()
