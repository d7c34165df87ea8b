"""Many Slack workspaces: bolt's own OAuth v2 flow (AsyncOAuthSettings, AsyncOAuthFlow)
over the installation and state stores in the bot's database, against a fake
oauth.v2.access on 127.0.0.1. Each workspace keeps its own token, encrypted at rest;
states are one-time; a reinstall resumes the workspace's paused channels; no key, no
installs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.fernet import Fernet
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text

from adapters.slack.oauth import (
    KEY_ENV,
    EncryptedInstallationStore,
    InstallsConfigError,
    SqlStateStore,
    cipher_from_env,
)
from bot.channels.model import ChatChannel
from bot.channels.workspaces import Workspaces
from bot.clock import FrozenClock
from storage import SqlStore
from storage.channels import channel_directory
from storage.installations import installation_records
from tests.channels.fake_oauth import FakeOAuth

# slack_sdk's oauth.v2.access passes the client id and secret as aiohttp.BasicAuth, which
# aiohttp 3.13 deprecates; the SDK's warning, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
KEY = Fernet.generate_key().decode()


@pytest.fixture
async def oauth() -> AsyncIterator[FakeOAuth]:
    server = FakeOAuth()
    await server.start()
    yield server
    await server.stop()


@dataclasses.dataclass
class Installs:
    flow: AsyncOAuthFlow
    store: EncryptedInstallationStore
    clock: FrozenClock

    async def install(self, code: str) -> int:
        """A browser: open /slack/install, follow Slack back to /slack/oauth_redirect."""
        start = await self.flow.handle_installation(AsyncBoltRequest(body="", query=""))
        assert start.status == 302
        state = parse_qs(urlparse(start.headers["location"][0]).query)["state"][0]
        cookie = start.headers["set-cookie"][0].split(";")[0]
        back = AsyncBoltRequest(
            body="", query=f"code={code}&state={state}", headers={"cookie": cookie}
        )
        return (await self.flow.handle_callback(back)).status


@pytest.fixture
async def installs(sqlite_store: SqlStore, oauth: FakeOAuth) -> Installs:
    clock = FrozenClock(NOW)
    records = installation_records(sqlite_store.engine)
    directory = channel_directory(sqlite_store.engine)
    listener = Workspaces(directory, clock)
    store = EncryptedInstallationStore(
        records, cipher_from_env({KEY_ENV: KEY}), clock, on_installed=lambda: listener
    )
    settings = AsyncOAuthSettings(
        client_id="111.222", client_secret="not-a-real-secret",
        scopes=["commands", "chat:write"], installation_store=store,
        state_store=SqlStateStore(records, clock), install_page_rendering_enabled=False,
    )  # fmt: skip
    flow = AsyncOAuthFlow(client=AsyncWebClient(base_url=oauth.api_url), settings=settings)
    return Installs(flow, store, clock)


async def test_two_workspaces_keep_their_own_tokens_encrypted_at_rest(
    installs: Installs, oauth: FakeOAuth, sqlite_store: SqlStore
) -> None:
    assert await installs.install("code-one") == 200
    assert await installs.install("code-two") == 200
    one = await installs.store.async_find_bot(enterprise_id=None, team_id="T0001")
    two = await installs.store.async_find_bot(enterprise_id=None, team_id="T0002")
    assert one is not None
    assert two is not None
    assert (one.bot_token, one.bot_id) == ("xoxb-one-0001", "BT0001")
    assert (two.bot_token, two.bot_id) == ("xoxb-two-0002", "BT0002")
    assert oauth.tokens_seen == ["xoxb-one-0001", "xoxb-two-0002"]  # each its own token
    async with sqlite_store.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT workspace, secret FROM installations"))).all()
    assert sorted(w for w, _ in rows) == ["T0001", "T0002"]
    assert all("xoxb" not in secret and "T000" not in secret for _, secret in rows)

    await installs.store.async_delete_installation(enterprise_id=None, team_id="T0001")
    assert await installs.store.async_find_bot(enterprise_id=None, team_id="T0001") is None
    assert await installs.store.async_find_bot(enterprise_id=None, team_id="T0002") is not None


async def test_a_state_works_once_and_not_after_it_expires(
    installs: Installs, oauth: FakeOAuth
) -> None:
    async def begin() -> tuple[str, dict[str, str]]:
        start = await installs.flow.handle_installation(AsyncBoltRequest(body="", query=""))
        state = parse_qs(urlparse(start.headers["location"][0]).query)["state"][0]
        return state, {"cookie": start.headers["set-cookie"][0].split(";")[0]}

    async def finish(state: str, cookie: dict[str, str]) -> int:
        query = f"code=code-one&state={state}"
        request = AsyncBoltRequest(body="", query=query, headers=cookie)
        return (await installs.flow.handle_callback(request)).status

    stale, stale_cookie = await begin()
    installs.clock.advance(minutes=11)  # states live 10 minutes
    assert await finish(stale, stale_cookie) == 401  # bolt: invalid_state
    assert oauth.exchanges == []  # no code was exchanged for a token
    fresh, fresh_cookie = await begin()
    assert await finish(fresh, fresh_cookie) == 200
    assert await finish(fresh, fresh_cookie) == 401  # one time only
    assert len(oauth.exchanges) == 1


async def test_a_reinstall_resumes_the_workspace_channels(
    installs: Installs, sqlite_store: SqlStore
) -> None:
    directory = channel_directory(sqlite_store.engine)
    for name, team in (("slack-C1", "T0001"), ("slack-C2", "T0002")):
        record = ChatChannel(name=name, adapter="slack", workspace=team, target=name[-2:])
        await directory.save_chat_channel(dataclasses.replace(record, suspended=True), NOW)
    assert await installs.install("code-one") == 200
    one, two = (
        await directory.get_chat_channel("slack-C1"),
        await directory.get_chat_channel("slack-C2"),
    )
    assert one is not None
    assert two is not None
    assert not one.suspended
    assert two.suspended  # another workspace: still uninstalled


def test_installs_refuse_to_start_without_a_valid_key() -> None:
    with pytest.raises(InstallsConfigError, match=f"{KEY_ENV} is not set"):
        cipher_from_env({})
    with pytest.raises(InstallsConfigError, match="not a Fernet key"):
        cipher_from_env({KEY_ENV: "short"})


async def test_another_key_reads_nothing_and_shows_no_secret(
    installs: Installs, sqlite_store: SqlStore, caplog: pytest.LogCaptureFixture
) -> None:
    assert await installs.install("code-one") == 200
    other = EncryptedInstallationStore(
        installation_records(sqlite_store.engine),
        Fernet(Fernet.generate_key()),
        installs.clock,
    )
    assert await other.async_find_bot(enterprise_id=None, team_id="T0001") is None
    assert "not readable" in caplog.text
    assert "xoxb" not in caplog.text
