"""Commands: a chat user's `/paper ...` as every adapter hands it to the core, and the reply."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.messages import OutboundMessage
from bot.model.subscriptions import Owner


@dataclass(frozen=True)
class CommandInvocation:
    """A chat user's `/paper <command> <arguments>`, as every adapter hands it to the core."""

    platform: str
    workspace: str
    channel: str
    user: str
    is_admin: bool
    command: str  # the subcommand: search, subscribe, ...; "" for bare `/paper`
    arguments: str = ""  # the rest of the line, raw
    options: tuple[tuple[str, str], ...] = ()  # typed options (e.g. ("mode", "instant"))
    user_timezone: str | None = None  # when the platform tells it
    user_name: str | None = None

    @property
    def owner(self) -> Owner:
        return Owner(self.platform, self.workspace, self.user)

    def option(self, name: str) -> str | None:
        for key, value in self.options:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class CommandReply:
    message: OutboundMessage
    ephemeral: bool = True
    # The post the command came from, shown again (a vote: with the channel's counts);
    # an adapter that can edit its messages replaces that post with it.
    updated_post: OutboundMessage | None = None


__all__ = ["CommandInvocation", "CommandReply"]
