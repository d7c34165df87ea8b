"""A channel set up from chat: one frozen record per (adapter, target)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class PostMode(StrEnum):
    """How a channel's daily post is laid out (ChannelConfig.mode)."""

    PER_PAPER = "per_paper"
    DIGEST = "digest"


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def channel_name(adapter: str, target: str) -> str:
    """The name a chat-made channel is known by (`paperboy post --channel NAME`, logs):
    the target itself on the console (where the user picked it), else adapter-target, in
    the characters a [[channels]] name allows (64 at most)."""
    raw = target if adapter == "console" else f"{adapter}-{target}"
    cleaned = _UNSAFE.sub("-", raw).strip("-._") or "channel"
    return cleaned[:64]


@dataclass(frozen=True)
class ChatChannel:
    """A daily post turned on from chat, or a TOML seed adjusted from chat.

    `removed` is set by `/paper setup remove` (the history stays; `setup` again revives
    it); `suspended` while its workspace or server has uninstalled or removed the bot."""

    name: str
    adapter: str  # the adapter that sends there (config name, e.g. "slack")
    workspace: str  # the server or workspace, for limits and suspension
    target: str  # the platform's channel id
    time: str = "09:00"
    timezone: str = "UTC"
    top: int = 5
    mode: PostMode = PostMode.PER_PAPER
    sources: tuple[str, ...] = ()  # empty: every source
    filter: str | None = None  # a topic filter in the search language
    paused: bool = False
    suspended: bool = False
    created_by: str = ""
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    removed: dt.datetime | None = None

    @property
    def active(self) -> bool:
        """Scheduled: neither removed, paused nor suspended."""
        return self.removed is None and not self.paused and not self.suspended


__all__ = ["ChatChannel", "PostMode", "channel_name"]
