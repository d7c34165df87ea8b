"""The assembled bot in one process: commands reach the scheduler, a poll's matches reach
the subscriber, `post` goes through the outbox."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Config
from bot.model import CommandInvocation
from bot.plugins import adapter_factory
from storage.base import Store
from tests.e2e.fakeplatform import FakePlatform

NOW = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
async def app(sqlite_store: Store) -> AsyncIterator[tuple[App, io.StringIO, FakePlatform]]:
    platform = FakePlatform()
    await platform.start()
    config = Config.model_validate(
        {
            "channels": [
                {"name": "general", "adapter": "console", "target": "general", "time": "09:00"},
                {"name": "lab", "adapter": "fake", "target": "LAB", "top": 2},
            ],
            "adapters": {
                "fake": {
                    "kind": "tests.e2e.fakeplatform:FakePlatformAdapter",
                    "api_url": platform.url,
                }
            },
            "review": {"producer": "extractive"},
        }
    )
    out = io.StringIO()
    console_cls = adapter_factory("console")
    console = console_cls(
        "console", AdapterConfig(), config.secrets, stdin=io.StringIO(""), stdout=out
    )
    fake = adapter_factory("tests.e2e.fakeplatform:FakePlatformAdapter")(
        "fake", config.adapter("fake"), config.secrets
    )
    built = await App.build(
        config,
        adapter_factory=adapter_factory,
        clock=FrozenClock(NOW),
        store=sqlite_store,
        adapters={"console": console, "fake": fake},
    )
    try:
        yield built, out, platform
    finally:
        await built.stop()
        await platform.stop()


def admin(command: str, arguments: str) -> CommandInvocation:
    return CommandInvocation("console", "local", "general", "root", True, command, arguments)


async def test_settings_changed_by_a_command_move_the_daily_job(
    app: tuple[App, io.StringIO, FakePlatform],
) -> None:
    bot, _, _ = app
    await bot.scheduler.start(paused=True, catch_up=False)
    before = bot.scheduler.next_post("general")
    assert before is not None
    assert before.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    reply = await bot.dispatcher(admin("settings", "time 18:30 timezone Asia/Tokyo"))
    assert "18:30" in reply.message.fallback
    after = bot.scheduler.next_post("general")
    assert after is not None
    assert after.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    status = await bot.dispatcher(admin("status", ""))
    assert "next" in status.message.fallback


async def test_post_through_every_adapter_over_the_outbox(
    app: tuple[App, io.StringIO, FakePlatform], sqlite_store: Store
) -> None:
    bot, out, platform = app
    from bot.samples import load_samples

    await load_samples(sqlite_store, NOW)
    outcomes = await bot.post()
    assert [o.status for o in outcomes] == ["planned", "planned"]
    assert await bot.deliver(max_wait=2) == 5 + 2
    assert out.getvalue().count("── to #general ──") == 5
    assert len(platform.in_channel("LAB")) == 2
    again = await bot.post()
    assert [o.status for o in again] == ["already", "already"]
    assert await bot.deliver(max_wait=2) == 0
