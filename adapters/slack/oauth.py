"""Slack in many workspaces: installs and uninstalls.

- `Uninstalls`: `app_uninstalled` (the app removed) and `tokens_revoked` (its bot token
  revoked) pause that workspace's channels through the core's workspace listener
  (bot.channels.workspaces), never another workspace's. Only the bot token matters: a
  revoked user token (an installer's OAuth grant) leaves the bot working.
- `EncryptedInstallationStore` and `SqlStateStore`: slack_sdk's async installation and
  OAuth state stores over the bot's own database (bot.channels.ports.InstallationRecords,
  storage/installations.py), for bolt's `AsyncOAuthSettings`. Each installation is kept
  as Fernet ciphertext (key from PAPERBOY_TOKEN_KEY; `cipher_from_env` refuses to go on
  without a valid one), so the database never holds a token in clear. Hand-written
  because slack_sdk's SQLAlchemy store is synchronous and stores tokens in clear.
  Saving an installation tells the listener the workspace is back (channels resume).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.channels.ports import InstallationRecords, WorkspaceListener
from bot.clock import Clock

KEY_ENV = "PAPERBOY_TOKEN_KEY"
PLATFORM = "slack"

log = logging.getLogger(__name__)


# The workspace the code running now acts for: set per request (a bolt middleware) and
# per send, read by TeamRoutingClient, so every Web API call carries that team's token.
CURRENT_TEAM: ContextVar[str | None] = ContextVar("paperboy_slack_team", default=None)


class TeamRoutingClient(AsyncWebClient):
    """The one Web API client of a many-workspace install: no token of its own; each call
    made for a team (CURRENT_TEAM) goes with that team's bot token from `tokens`."""

    tokens: Callable[[str], Awaitable[str | None]] | None = None

    async def api_call(  # type: ignore[override]
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> AsyncSlackResponse:
        team = CURRENT_TEAM.get()
        if team and auth is None and not (headers or {}).get("Authorization") and self.tokens:
            token = await self.tokens(team)
            if token:
                headers = {**(headers or {}), "Authorization": f"Bearer {token}"}
        return await super().api_call(
            api_method, http_verb=http_verb, files=files, data=data, params=params,
            json=json, headers=headers, auth=auth,
        )  # fmt: skip


class Uninstalls:
    def __init__(
        self,
        name: str,
        listener: Callable[[], WorkspaceListener | None],
        *,
        forget: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        self._name = name
        self._listener = listener  # read at each event: the App hands it in after building
        self._forget = forget  # many-workspace mode: drop the stored installation

    def register(self, app: AsyncApp) -> None:
        """Call before the fallbacks (they answer every event nobody else took)."""
        app.event("app_uninstalled")(self.on_uninstalled)
        app.event("tokens_revoked")(self.on_tokens_revoked)

    async def on_uninstalled(self, body: dict[str, Any]) -> None:
        await self._gone(body, "app_uninstalled")

    async def on_tokens_revoked(self, body: dict[str, Any]) -> None:
        tokens = (body.get("event") or {}).get("tokens") or {}
        if tokens.get("bot"):
            await self._gone(body, "tokens_revoked")

    async def _gone(self, body: dict[str, Any], why: str) -> None:
        team = str(body.get("team_id") or "")
        listener = self._listener()
        log.warning("slack workspace gone", extra={"team": team, "event": why})
        if team and self._forget is not None:
            await self._forget(team)
        if team and listener is not None:
            await listener(self._name, team, False)


class InstallsConfigError(ValueError):
    """Installs are enabled but the encryption key is missing or invalid."""


def cipher_from_env(environ: Mapping[str, str]) -> Fernet:
    """The Fernet cipher for tokens at rest, from PAPERBOY_TOKEN_KEY. Make a key with
    `python3 -c 'from cryptography.fernet import Fernet as F; print(F.generate_key())'`."""
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        raise InstallsConfigError(
            f"{KEY_ENV} is not set: workspace installs keep their tokens encrypted and need "
            "a Fernet key (32 url-safe base64 bytes)"
        )
    try:
        return Fernet(key.encode())
    except ValueError:
        raise InstallsConfigError(
            f"{KEY_ENV} is not a Fernet key (32 url-safe base64-encoded bytes)"
        ) from None


def workspace_of(enterprise_id: str | None, team_id: str | None) -> str:
    """The key of an installation: its team, or its enterprise for an org-wide install."""
    return team_id or enterprise_id or ""


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


class EncryptedInstallationStore(AsyncInstallationStore):
    """One installation per workspace (the latest), its fields encrypted as one JSON."""

    def __init__(
        self,
        records: InstallationRecords,
        cipher: Fernet,
        clock: Clock,
        *,
        on_installed: Callable[[], WorkspaceListener | None] = lambda: None,
        name: str = PLATFORM,
    ) -> None:
        self._records = records
        self._cipher = cipher
        self._clock = clock
        self._on_installed = on_installed
        self._name = name
        self.on_saved: list[Callable[[str], None]] = []  # e.g. a token cache to refresh

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        fields = json.dumps(installation.to_dict(), default=_json_value)
        secret = self._cipher.encrypt(fields.encode()).decode()
        workspace = workspace_of(installation.enterprise_id, installation.team_id)
        await self._records.save_installation(PLATFORM, workspace, secret, self._clock.now())
        log.info("slack workspace installed", extra={"team": workspace})
        for forget in self.on_saved:
            forget(workspace)
        listener = self._on_installed()
        if listener is not None:  # a reinstall resumes the workspace's channels
            await listener(self._name, workspace, True)

    async def async_save_bot(self, bot: Bot) -> None:
        return None  # async_save keeps the whole installation, the bot's part included

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        secret = await self._records.get_installation(
            PLATFORM, workspace_of(enterprise_id, team_id)
        )
        if secret is None:
            return None
        try:
            fields = json.loads(self._cipher.decrypt(secret.encode()))
        except InvalidToken:  # another key: say so, never show the ciphertext
            log.error("slack installation not readable with this %s", KEY_ENV,
                      extra={"team": team_id})  # fmt: skip
            return None
        return Installation(**fields)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self.async_find_installation(enterprise_id=enterprise_id, team_id=team_id)
        return found.to_bot() if found is not None and found.bot_token else None

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._records.delete_installation(PLATFORM, workspace_of(enterprise_id, team_id))

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)


class TeamTokens:
    """team -> bot token, read from the installation store once and kept (a token changes
    only by a reinstall, which `forget`s it, as an uninstall does)."""

    def __init__(self, store: EncryptedInstallationStore) -> None:
        self._store = store
        self._known: dict[str, str] = {}
        store.on_saved.append(self._refresh)

    def _refresh(self, team: str) -> None:
        self._known.pop(team, None)  # a reinstall brings a new token

    async def token(self, team: str) -> str | None:
        if team not in self._known:
            bot = await self._store.async_find_bot(enterprise_id=None, team_id=team)
            if bot is None:
                return None
            self._known[team] = bot.bot_token
        return self._known[team]

    async def forget(self, team: str) -> None:
        self._known.pop(team, None)
        await self._store.async_delete_installation(enterprise_id=None, team_id=team)


class SqlStateStore(AsyncOAuthStateStore):
    """One-time install states in the database, so any worker can finish a flow."""

    def __init__(self, records: InstallationRecords, clock: Clock, expiration: int = 600) -> None:
        self._records = records
        self._clock = clock
        self._expiration = dt.timedelta(seconds=expiration)

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self._records.issue_state(state, self._clock.now() + self._expiration)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._records.consume_state(state, self._clock.now())


__all__ = [
    "CURRENT_TEAM",
    "KEY_ENV",
    "EncryptedInstallationStore",
    "InstallsConfigError",
    "SqlStateStore",
    "TeamRoutingClient",
    "TeamTokens",
    "Uninstalls",
    "cipher_from_env",
]
