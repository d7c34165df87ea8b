"""A Slack workspace uninstalling the app (or revoking its bot token) pauses that
workspace's channels, set up from chat through signed slash commands in HTTP mode, and
not another workspace's; a revoked user token pauses nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from adapters.slack import SlackAdapter
from bot.app import App
from bot.clock import FrozenClock
from bot.config import Config, SourceConfig
from bot.model import CommandInvocation
from storage import SqlStore
from tests.slack.conftest import SIGNING_SECRET
from tests.slack.conftest import clock as clock
from tests.slack.conftest import fake as fake
from tests.slack.conftest import make_adapter as make_adapter
from tests.slack.conftest import sleeps as sleeps
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.payloads import form_body, signed, slash_command

HERE = "slack-C0GENERAL"  # the channel the fake's slash commands come from, in TEAM
ELSEWHERE = "slack-C0OTHER"  # a channel of another workspace (T0002)


@pytest.fixture
async def app(
    sqlite_store: SqlStore, make_adapter: Callable[..., SlackAdapter], clock: FrozenClock
) -> AsyncIterator[App]:
    config = Config(sources=(SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG"),))
    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    built = await App.build(config, store=sqlite_store, clock=clock, adapters={"slack": adapter})
    await built.start_adapters()
    await built.scheduler.start(paused=True, catch_up=False)
    yield built
    built.scheduler.shutdown()
    await adapter.stop()


async def _post(app: App, body: str, headers: dict[str, str]) -> int:
    adapter = app.adapters["slack"]
    assert isinstance(adapter, SlackAdapter)
    url = f"http://127.0.0.1:{adapter.http_port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        return r.status


async def _event(app: App, team: str, event: dict[str, Any], event_id: str) -> None:
    payload = {
        "token": "legacy-unused", "team_id": team, "api_app_id": "A0001", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": 1_700_000_000,
    }  # fmt: skip
    body = json.dumps(payload)
    assert (
        await _post(app, body, signed(body, SIGNING_SECRET, content_type="application/json")) == 200
    )


async def _suspended(app: App, name: str) -> bool:
    assert app.channels is not None
    record = await app.channels.directory.get_chat_channel(name)
    assert record is not None
    return record.suspended


async def _until_suspended(app: App, name: str) -> None:
    async with asyncio.timeout(5):  # bolt runs the listener after the ack
        while True:
            if await _suspended(app, name) and app.scheduler.job(f"post:{name}") is None:
                return
            await asyncio.sleep(0.01)


async def test_uninstall_pauses_that_workspace_only(fake: FakeSlack, app: App) -> None:
    fake.add_user("U0ALICE")
    fake.add_user("U0ADMIN", admin=True)
    for user, rid in (("U0ALICE", "r1"), ("U0ADMIN", "r2")):
        body = form_body(
            slash_command("setup confirm time 08:00", fake.response_url(rid), user=user)
        )
        assert await _post(app, body, signed(body, SIGNING_SECRET)) == 200
    await fake.wait_for(lambda: len(fake.responses) >= 2)
    answers = {rid: body["text"] for rid, body in fake.responses}
    assert "Only channel admins" in answers["r1"]
    assert f"Set up. #{HERE}: a daily post at 08:00 UTC" in answers["r2"]
    other = CommandInvocation("slack", "T0002", "C0OTHER", "U9", True, "setup", "confirm")
    assert "Set up." in (await app.dispatcher(other)).message.fallback

    await _event(app, "T0002", {"type": "tokens_revoked", "tokens": {"oauth": ["U9"]}}, "Ev1")
    await _event(app, TEAM, {"type": "app_uninstalled"}, "Ev2")
    await _until_suspended(app, HERE)
    assert not await _suspended(app, ELSEWHERE)  # a user token revoked: the bot still works
    assert app.scheduler.job(f"post:{ELSEWHERE}") is not None

    await _event(app, "T0002", {"type": "tokens_revoked", "tokens": {"bot": ["B9"]}}, "Ev3")
    await _until_suspended(app, ELSEWHERE)


async def test_a_restart_with_a_working_token_resumes_the_workspace(
    fake: FakeSlack,
    app: App,
    sqlite_store: SqlStore,
    make_adapter: Callable[..., SlackAdapter],
    clock: FrozenClock,
) -> None:
    """Reinstalled while down, restarted with the new token: auth.test names the team."""
    other = CommandInvocation("slack", TEAM, "C0GENERAL", "U9", True, "setup", "confirm")
    assert "Set up." in (await app.dispatcher(other)).message.fallback
    await _event(app, TEAM, {"type": "app_uninstalled"}, "Ev9")
    await _until_suspended(app, HERE)
    await app.stop()

    adapter = make_adapter(mode="http", host="127.0.0.1", port=0)
    again = await App.build(
        app.config, store=sqlite_store, clock=clock, adapters={"slack": adapter}
    )
    try:
        await again.start_adapters()
        assert not await _suspended(again, HERE)
    finally:
        await adapter.stop()
