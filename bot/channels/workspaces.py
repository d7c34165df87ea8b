"""A server or workspace leaving (bot removed from a Discord server, app uninstalled or
its tokens revoked in Slack) suspends its channels; coming back resumes them.

Suspension is a flag on each chat-made channel of that workspace (its settings and
history stay), so the scheduler drops its post jobs (through the channel version, in
every worker) and a post planned anyway says the channel is paused.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.channels.ports import ChannelDirectory
from bot.clock import Clock

log = logging.getLogger(__name__)


class Workspaces:
    """The bot.channels.ports.WorkspaceListener the App hands to adapters."""

    def __init__(
        self,
        directory: ChannelDirectory,
        clock: Clock,
        *,
        on_changed: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._directory = directory
        self._clock = clock
        self._on_changed = on_changed

    async def __call__(self, adapter: str, workspace: str, present: bool) -> None:
        changed = await self._directory.suspend_workspace(
            adapter, workspace, not present, self._clock.now()
        )
        log.info(
            "workspace back: channels resumed" if present else "workspace gone: channels paused",
            extra={"adapter": adapter, "workspace": workspace, "channels": changed},
        )
        if changed and self._on_changed is not None:
            await self._on_changed()


__all__ = ["Workspaces"]
