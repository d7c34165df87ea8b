"""The Slack adapter in many workspaces (`installs = true`, HTTP mode): bolt's OAuth v2
flow over the bot's database, and the team each Web API call is made for.

Inbound, a bolt middleware sets CURRENT_TEAM from the request's team, so the adapter's
one TeamRoutingClient answers with that workspace's token; outbound, a send sets it from
the target's workspace (a DM's) or the workspace of the channel it was set up in (the
lookup the App hands in with the installation records).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.oauth import (
    CURRENT_TEAM,
    KEY_ENV,
    EncryptedInstallationStore,
    SqlStateStore,
    TeamRoutingClient,
    TeamTokens,
    cipher_from_env,
)
from adapters.slack.settings import SlackConfigError, SlackSettings, require_secret
from bot.channels.ports import InstallationRecords, WorkspaceListener
from bot.clock import Clock
from bot.config import Secrets
from bot.ports import Target

WorkspaceOf = Callable[[str], Awaitable[str | None]]  # channel id -> its workspace


class WorkspaceInstalls:
    def __init__(self, name: str, settings: SlackSettings, secrets: Secrets, clock: Clock) -> None:
        why = "for workspace installs (installs = true)"
        self._name = name
        self._settings = settings
        self._clock = clock
        self._client_id = require_secret(secrets, "slack_client_id", "SLACK_CLIENT_ID", why)
        self._client_secret = require_secret(
            secrets, "slack_client_secret", "SLACK_CLIENT_SECRET", why
        )
        key = secrets.get("slack_token_key")
        try:  # refuse to start without a key: tokens are never stored in clear
            self._cipher = cipher_from_env({KEY_ENV: key.get_secret_value() if key else ""})
        except ValueError as exc:
            raise SlackConfigError(str(exc)) from None
        if settings.mode != "http":
            raise SlackConfigError('installs = true needs mode = "http" (the OAuth redirect)')
        self._records: InstallationRecords | None = None
        self._workspace_of: WorkspaceOf | None = None
        self.tokens: TeamTokens | None = None

    def use_installations(self, records: InstallationRecords, workspace_of: WorkspaceOf) -> None:
        self._records = records
        self._workspace_of = workspace_of

    def oauth_settings(
        self, client: TeamRoutingClient, listener: Callable[[], WorkspaceListener | None]
    ) -> AsyncOAuthSettings:
        if self._records is None:
            raise SlackConfigError("installs = true needs the bot's database (run it via App)")
        store = EncryptedInstallationStore(
            self._records, self._cipher, self._clock, on_installed=listener, name=self._name
        )
        self.tokens = TeamTokens(store)
        client.tokens = self.tokens.token
        return AsyncOAuthSettings(
            client_id=self._client_id,
            client_secret=self._client_secret,
            scopes=list(self._settings.scopes),
            installation_store=store,
            state_store=SqlStateStore(self._records, self._clock),
            install_path=self._settings.install_path,
            redirect_uri_path=self._settings.redirect_path,
            install_page_rendering_enabled=False,  # /slack/install goes straight to Slack
        )

    async def team_of(self, target: Target) -> str | None:
        if target.workspace:
            return target.workspace
        if self._workspace_of is not None and target.channel:
            return await self._workspace_of(target.channel)
        return None


async def set_team(context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]) -> None:
    """Bolt middleware: what runs for this request acts for its workspace."""
    CURRENT_TEAM.set(context.team_id or context.enterprise_id)
    await next()


__all__ = ["WorkspaceInstalls", "WorkspaceOf", "set_team"]
