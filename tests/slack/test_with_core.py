"""The Slack adapter in front of the real core: Dispatcher over a real SQLite store.

`/paper subscribe`, the Home tab and its Remove buttons all change the same data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.commands import Dispatcher
from bot.commands.deps import CommandDeps
from bot.config import Config
from bot.model import Owner
from storage.base import Store
from tests.slack.conftest import TinyCore
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import button_click, home_opened
from tests.slack.test_http_mode import Server

ALICE = Owner("slack", TEAM, "U0ALICE")


@pytest.fixture
async def server(
    fake: FakeSlack,
    make_adapter: Callable[..., SlackAdapter],
    sqlite_store: Store,
    clock: FrozenClock,
) -> AsyncIterator[Server]:
    fake.add_user("U0ALICE", tz="Europe/Berlin")
    dispatcher = Dispatcher(CommandDeps(store=sqlite_store, clock=clock, config=Config()))
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    await adapter.start(dispatcher)
    try:
        yield Server(adapter, fake, TinyCore())
    finally:
        await adapter.stop()


async def _reply(server: Server, text: str, rid: str) -> dict[str, Any]:
    before = len(server.fake.responses)
    status, _ = await server.command(text, rid=rid)
    assert status == 200
    return (await server.responses(before + 1))[-1]


async def test_subscribe_list_and_remove_from_home(server: Server, sqlite_store: Store) -> None:
    subscribed = await _reply(server, 'subscribe cat:cs.LG "state space"', "r1")
    assert "state space" in subscribed["text"]
    (held,) = await sqlite_store.list_subscriptions(ALICE)

    listed = await _reply(server, "subscriptions", "r2")
    assert "state space" in listed["text"]
    assert listed["response_type"] == "ephemeral"

    await server.event(home_opened())
    await server.fake.wait_for(lambda: bool(server.fake.calls_to("views.publish")))
    view = server.fake.calls_to("views.publish")[0].params["view"]
    rows = [b for b in view["blocks"] if b.get("accessory", {}).get("value") == str(held.id)]
    assert len(rows) == 1
    assert "state space" in rows[0]["text"]["text"]

    await server.interact(button_click(rows[0]["accessory"]["action_id"], str(held.id), home=True))
    await server.fake.wait_for(lambda: len(server.fake.calls_to("views.publish")) == 2)
    assert await sqlite_store.list_subscriptions(ALICE) == []
    refreshed = server.fake.calls_to("views.publish")[1].params["view"]
    assert not any("accessory" in b for b in refreshed["blocks"])


@pytest.mark.parametrize("text", ["help", "", "search nothing-matches-this", "status", "today"])
async def test_read_only_commands_answer_within_slack_limits(server: Server, text: str) -> None:
    from tests.slack.limits import block_problems

    reply = await _reply(server, text, "r1")

    assert reply["text"]
    assert block_problems(reply.get("blocks", [])) == []


async def test_settings_is_refused_to_a_non_admin(server: Server) -> None:
    reply = await _reply(server, "settings time 08:30", "r1")

    assert "admin" in reply["text"].lower()
