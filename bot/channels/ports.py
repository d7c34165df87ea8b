"""What the core asks of the store for chat-made channels (storage/channels.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from bot.channels.model import ChatChannel


class ChannelDirectory(Protocol):
    """The channel records set up from chat, removed ones included."""

    async def get_chat_channel(self, name: str) -> ChatChannel | None: ...

    async def chat_channel_at(self, adapter: str, target: str) -> ChatChannel | None: ...

    async def list_chat_channels(self) -> list[ChatChannel]:
        """Every record, removed and suspended ones included, by name."""
        ...

    async def save_chat_channel(self, channel: ChatChannel, now: dt.datetime) -> ChatChannel:
        """Insert or replace the record of `channel.name` (updated = now); returns it."""
        ...

    async def count_chat_channels(self, adapter: str, workspace: str) -> int:
        """Records not removed in one workspace or server."""
        ...

    async def suspend_workspace(
        self, adapter: str, workspace: str, suspended: bool, now: dt.datetime
    ) -> int:
        """Suspend (or resume) every channel of a workspace; how many changed."""
        ...

    async def suspended_workspaces(self) -> set[tuple[str, str]]:
        """(adapter, workspace) of every server or workspace the bot is out of now."""
        ...

    async def chat_channels_version(self) -> str:
        """Changes whenever a record or a channel's `/paper settings` change: workers
        compare it to re-derive their jobs."""
        ...


class InstallationRecords(Protocol):
    """A platform's installations (one opaque, already encrypted secret per workspace) and
    the one-time states of its install flow (storage/installations.py)."""

    async def save_installation(
        self, platform: str, workspace: str, secret: str, now: dt.datetime
    ) -> None: ...

    async def get_installation(self, platform: str, workspace: str) -> str | None: ...

    async def delete_installation(self, platform: str, workspace: str) -> bool: ...

    async def issue_state(self, state: str, expires: dt.datetime) -> None: ...

    async def consume_state(self, state: str, now: dt.datetime) -> bool:
        """True once for a state issued and not expired; it is gone afterwards."""
        ...


# (adapter name, workspace or server id, present): an adapter tells the core the bot was
# removed from a server or uninstalled from a workspace (False), or is back (True).
WorkspaceListener = Callable[[str, str, bool], Awaitable[None]]


@runtime_checkable
class WorkspaceAware(Protocol):
    """An adapter that reports servers or workspaces leaving and coming back (optional,
    beside bot.ports.ChatAdapter: the App hands it the listener when it has this)."""

    def on_workspace(self, listener: WorkspaceListener) -> None: ...


@runtime_checkable
class InstallAware(Protocol):
    """An adapter that keeps installs in many workspaces (Slack with installs = true): the
    App hands it the records and, for a channel id, the workspace it was set up in."""

    def use_installations(
        self, records: InstallationRecords, workspace_of: Callable[[str], Awaitable[str | None]]
    ) -> None: ...


__all__ = [
    "ChannelDirectory",
    "InstallAware",
    "InstallationRecords",
    "WorkspaceAware",
    "WorkspaceListener",
]
