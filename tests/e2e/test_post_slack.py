"""`paperboy post` through the real Slack adapter against the fake Slack of tests/slack:
it sends over the Web API only, opening no Socket Mode connection."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli.post import post
from bot.config import Config
from bot.plugins import adapter_factory
from bot.samples import load_samples
from storage import open_store
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

DAY = dt.date(2026, 3, 2)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def config(tmp_path: Path, fake: FakeSlack) -> Config:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    store = await open_store(url)
    await load_samples(store, dt.datetime.now(dt.UTC))
    await store.close()
    return Config.model_validate(
        {
            "storage": {"url": url},
            # Every secret `run` would need is there: `post` must still use only the bot token.
            "secrets": {
                "slack_bot_token": BOT_TOKEN,
                "slack_app_token": APP_TOKEN,
                "slack_signing_secret": "signing-secret-0123456789",
            },
            "adapters": {"slack": {"api_url": fake.api_url, "min_interval": 0}},
            "channels": [{"name": "lab", "adapter": "slack", "target": "C0GENERAL", "top": 3}],
            "review": {"producer": "extractive"},
        }
    )


async def test_post_sends_over_the_web_api_without_opening_a_socket(
    config: Config, fake: FakeSlack
) -> None:
    outcomes, failures = await post(config, adapter_factory, ("lab",), DAY)
    assert failures == []
    assert [o.describe() for o in outcomes] == ["lab: posted 3 paper(s) for 2026-03-02"]
    assert len([m for m in fake.messages if m.channel == "C0GENERAL"]) == 3
    assert fake.calls_to("apps.connections.open") == []  # no Socket Mode connection
    assert fake.calls_to("auth.test") == []  # nor the start-up check of `run`
    assert {call.token for call in fake.calls} == {BOT_TOKEN}

    again, failures = await post(config, adapter_factory, ("lab",), DAY)
    assert failures == []
    assert again[0].describe() == "lab: already posted for 2026-03-02 (3 sent); nothing new"
    assert len(fake.messages) == 3


async def test_post_for_a_missed_day_says_so_and_is_not_a_failure(
    config: Config, fake: FakeSlack
) -> None:
    from bot.app import App

    app = await App.build(config, adapter_factory=adapter_factory)
    try:
        due = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
        assert await app.poster.record_missed("lab", DAY - dt.timedelta(days=1), due)
    finally:
        await app.stop()
    outcomes, failures = await post(config, adapter_factory, ("lab",), DAY - dt.timedelta(days=1))
    assert failures == []
    assert outcomes[0].describe() == (
        "lab: the post for 2026-03-01 was missed (past the grace window)"
    )
    assert fake.messages == []
