"""A Slack workspace's installation ending: `app_uninstalled` (the app removed) and
`tokens_revoked` (its bot token revoked) pause that workspace's channels through the
core's workspace listener (bot.channels.workspaces), never another workspace's.

Only the bot token matters: a revoked user token (an installer's OAuth grant) leaves
the bot working, so it pauses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp

from bot.channels.ports import WorkspaceListener

log = logging.getLogger(__name__)


class Uninstalls:
    def __init__(self, name: str, listener: Callable[[], WorkspaceListener | None]) -> None:
        self._name = name
        self._listener = listener  # read at each event: the App hands it in after building

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
        if team and listener is not None:
            await listener(self._name, team, False)


__all__ = ["Uninstalls"]
