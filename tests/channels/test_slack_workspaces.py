"""Two Slack workspaces through the real adapter in HTTP mode with `installs = true`:
each installed through /slack/install and /slack/oauth_redirect against a fake
oauth.v2.access on 127.0.0.1, each with a channel set up from chat by signed slash
commands; each post goes out with its own workspace's token (the fake refuses a token
of another workspace) and an uninstall stops one, not the other."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from cryptography.fernet import Fernet

from adapters.slack import SlackAdapter
from adapters.slack.settings import SlackConfigError
from bot.app import App
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Config, Secrets, SourceConfig
from storage import SqlStore
from storage.installations import installation_records
from tests.channels.fake_oauth import FakeOAuth
from tests.commands.conftest import CORPUS, NOW
from tests.slack.payloads import form_body, signed

pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def _secrets(**extra: str) -> Secrets:
    base = {
        "slack_signing_secret": SIGNING_SECRET, "slack_client_id": "111.222",
        "slack_client_secret": "not-a-real-secret",
        "slack_token_key": Fernet.generate_key().decode(),
    }  # fmt: skip
    return Secrets.model_validate({**base, **extra})


def _settings(fake: FakeOAuth) -> AdapterConfig:
    return AdapterConfig.model_validate(
        {"api_url": fake.api_url, "mode": "http", "host": "127.0.0.1", "port": 0, "installs": True}
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeOAuth]:
    server = FakeOAuth()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def app(sqlite_store: SqlStore, fake: FakeOAuth) -> AsyncIterator[App]:
    clock = FrozenClock(NOW)
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    config = Config(sources=(SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG"),))
    adapter = SlackAdapter("slack", _settings(fake), _secrets(), clock=clock)
    built = await App.build(config, store=sqlite_store, clock=clock, adapters={"slack": adapter})
    await built.start_adapters()
    yield built
    await adapter.stop()


def _base(app: App) -> str:
    adapter = app.adapters["slack"]
    assert isinstance(adapter, SlackAdapter)
    return f"http://127.0.0.1:{adapter.http_port}"


async def _install(app: App, code: str) -> int:
    """A browser: /slack/install sends it to Slack, Slack sends it back with a code."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(_base(app) + "/slack/install", allow_redirects=False) as start:
            assert start.status == 302
            state = parse_qs(urlparse(start.headers["Location"]).query)["state"][0]
            cookie = start.headers["Set-Cookie"].split(";")[0]
        url = f"{_base(app)}/slack/oauth_redirect?code={code}&state={state}"
        async with browser.get(url, headers={"Cookie": cookie}) as back:
            return back.status


async def _command(
    app: App, fake: FakeOAuth, team: str, channel: str, user: str, text: str
) -> None:
    payload = {
        "token": "legacy-unused", "team_id": team, "team_domain": team.lower(),
        "channel_id": channel, "channel_name": channel.lower(), "user_id": user,
        "user_name": user.lower(), "command": "/paper", "text": text, "api_app_id": "A0001",
        "response_url": fake.response_url(f"{team}-{len(fake.responses)}"),
        "trigger_id": "1337.42.abcd",
    }  # fmt: skip
    body = form_body(payload)
    async with aiohttp.ClientSession() as session:
        url = _base(app) + "/slack/events"
        async with session.post(url, data=body, headers=signed(body, SIGNING_SECRET)) as r:
            assert r.status == 200


async def _uninstall(app: App, team: str) -> None:
    payload = {
        "token": "legacy-unused", "team_id": team, "api_app_id": "A0001",
        "event": {"type": "app_uninstalled"}, "type": "event_callback", "event_id": "Ev1",
        "event_time": 1_700_000_000,
    }  # fmt: skip
    body = json.dumps(payload)
    headers = signed(body, SIGNING_SECRET, content_type="application/json")
    url = _base(app) + "/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        assert r.status == 200


async def test_each_workspace_posts_with_its_own_token_and_uninstall_stops_one(
    app: App, fake: FakeOAuth, sqlite_store: SqlStore
) -> None:
    assert await _install(app, "code-one") == 200
    assert await _install(app, "code-two") == 200
    await _command(app, fake, "T0001", "C0001", "U0READER", "setup confirm")
    await _command(app, fake, "T0001", "C0001", "U0ADMIN1", "setup confirm top 2")
    await _command(app, fake, "T0002", "C0002", "U0ADMIN2", "setup confirm top 3")
    async with asyncio.timeout(10):
        while True:
            if len(fake.responses) >= 3:
                break
            await asyncio.sleep(0.01)
    answers = [body.get("text", "") for _, body in fake.responses]
    assert any("Only channel admins" in text for text in answers)  # users.info, T0001's token
    assert any("Set up. #slack-C0001" in text for text in answers)
    assert any("Set up. #slack-C0002" in text for text in answers)

    await app.post()
    await app.deliver(max_wait=0)
    sent = {(token, channel) for token, channel, _ in fake.posts}
    assert sent == {("xoxb-one-0001", "C0001"), ("xoxb-two-0002", "C0002")}
    assert [c for _, c, _ in fake.posts].count("C0001") == 2
    assert [c for _, c, _ in fake.posts].count("C0002") == 3

    await _uninstall(app, "T0001")
    assert app.channels is not None
    async with asyncio.timeout(10):
        while True:
            record = await app.channels.directory.get_chat_channel("slack-C0001")
            if record is not None and record.suspended:
                break
            await asyncio.sleep(0.01)
    records = installation_records(sqlite_store.engine)
    assert await records.get_installation("slack", "T0001") is None  # its token is gone
    assert await records.get_installation("slack", "T0002") is not None
    other = await app.channels.directory.get_chat_channel("slack-C0002")
    assert other is not None
    assert not other.suspended
    assert await _install(app, "code-two") == 200  # the other workspace is unaffected


def test_installs_refuse_to_start_without_a_key_or_http(fake: FakeOAuth) -> None:
    with pytest.raises(SlackConfigError, match="PAPERBOY_TOKEN_KEY is not set"):
        SlackAdapter("slack", _settings(fake), _secrets(slack_token_key=""))
    socket = AdapterConfig.model_validate({"api_url": fake.api_url, "installs": True})
    with pytest.raises(SlackConfigError, match='needs mode = "http"'):
        SlackAdapter("slack", socket, _secrets())
