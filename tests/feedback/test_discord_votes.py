"""Votes from Discord's buttons: discord.py against the fake gateway and REST server,
MESSAGE_COMPONENT interactions, the real dispatcher over a real SQLite store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.feedback.model import Vote, channel_key
from bot.model import Owner
from storage import SqlStore
from tests.commands.conftest import CORPUS, NOW
from tests.discord import payloads as p
from tests.discord.conftest import (  # noqa: F401  (fixtures)
    _restore_discord_endpoints,
    clock,
    fake,
    make_adapter,
)
from tests.discord.fake import FakeDiscord

READER = Owner("discord", str(p.GUILD_ID), str(p.USER_ID))
HERE = channel_key("discord", str(p.GUILD_ID), str(p.CHANNEL_ID))


@pytest.fixture
async def adapter(
    make_adapter: Callable[..., DiscordAdapter],  # noqa: F811
    sqlite_store: SqlStore,
    clock: FrozenClock,  # noqa: F811
) -> AsyncIterator[DiscordAdapter]:
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    deps = CommandDeps(store=sqlite_store, clock=clock, config=Config(), feedback=sqlite_store)
    started = make_adapter()
    await started.start(Dispatcher(deps))
    try:
        yield started
    finally:
        await started.stop()


async def _click(server: FakeDiscord, number: int, custom_id: str) -> str:
    await server.dispatch("INTERACTION_CREATE", p.component(number, f"token-{number}", custom_id))
    callback = await server.next_callback()
    assert callback.body["data"]["flags"] & 64  # ephemeral: only the voter sees it
    text: str = callback.body["data"]["embeds"][0]["description"]
    return text


async def test_vote_buttons_store_one_vote_per_reader(
    fake: FakeDiscord,  # noqa: F811
    adapter: DiscordAdapter,
    sqlite_store: SqlStore,
) -> None:
    assert "you like 2503.00002" in await _click(fake, 801, "paperboy:like:2503.00002")
    again = await _click(fake, 802, "paperboy:dislike:2503.00002")
    assert "was 👍" in again
    assert "0 👍 · 1 👎" in again
    (vote,) = await sqlite_store.reader_votes(READER)
    assert (vote.channel, vote.paper_id, vote.vote) == (HERE, "2503.00002", Vote.DISLIKE)
    assert "Saved 2503.00002" in await _click(fake, 803, "paperboy:save:2503.00002")
    assert await sqlite_store.saved_papers(READER) == ["2503.00002"]
    unknown = await _click(fake, 804, "paperboy:like:2401.99999")
    assert "2401.99999 is not stored here" in unknown
