"""Votes from Slack's buttons: the real bolt app in HTTP mode, signed block_actions
payloads, the real dispatcher over a real SQLite store; answers through the fake
Slack's response_url."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.feedback.model import Vote, channel_key
from bot.model import Owner
from storage import SqlStore
from tests.commands.conftest import CORPUS, NOW
from tests.slack.conftest import TinyCore, clock, fake, make_adapter, sleeps  # noqa: F401
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import button_click
from tests.slack.test_http_mode import Server

ALICE = Owner("slack", TEAM, "U0ALICE")
GENERAL = channel_key("slack", TEAM, "C0GENERAL")


@pytest.fixture
async def server(
    fake: FakeSlack,  # noqa: F811
    make_adapter: Callable[..., SlackAdapter],  # noqa: F811
    sqlite_store: SqlStore,
    clock: FrozenClock,  # noqa: F811
) -> AsyncIterator[Server]:
    fake.add_user("U0ALICE", tz="Europe/Berlin")
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    deps = CommandDeps(store=sqlite_store, clock=clock, config=Config(), feedback=sqlite_store)
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(Dispatcher(deps))
    try:
        yield Server(adapter, fake, TinyCore())
    finally:
        await adapter.stop()


async def _click(server: Server, action: str, value: str, rid: str) -> dict[str, Any]:
    before = len(server.fake.responses)
    click = button_click(f"paperboy:{action}:3", value, response_url=server.fake.response_url(rid))
    status, _ = await server.interact(click)
    assert status == 200
    return (await server.responses(before + 1))[-1]


async def test_like_dislike_and_save_buttons(server: Server, sqlite_store: SqlStore) -> None:
    liked = await _click(server, "like", "2503.00001", "r1")
    assert "you like 2503.00001" in liked["text"]
    assert liked["response_type"] == "ephemeral"
    assert liked["replace_original"] is False  # the post clicked on stays as it was
    changed = await _click(server, "dislike", "2503.00001", "r2")
    assert "was 👍" in changed["text"]
    (vote,) = await sqlite_store.reader_votes(ALICE)
    assert (vote.channel, vote.paper_id, vote.vote) == (GENERAL, "2503.00001", Vote.DISLIKE)
    saved = await _click(server, "save", "2503.00002", "r3")
    assert "Saved 2503.00002" in saved["text"]
    assert await sqlite_store.saved_papers(ALICE) == ["2503.00002"]


async def test_a_button_for_a_paper_no_longer_stored_says_so(
    server: Server, sqlite_store: SqlStore
) -> None:
    answer = await _click(server, "like", "2401.99999", "r1")
    assert "2401.99999 is not stored here" in answer["text"]
    assert await sqlite_store.reader_votes(ALICE) == []
