"""What every command shares: its context, its errors, and small reply helpers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.commands.deps import CommandDeps
from bot.commands.options import Option
from bot.config import ChannelConfig
from bot.model import CommandInvocation, CommandReply, OutboundMessage
from bot.textindex import Analyzer

PREFIX = "/paper"


class UsageError(Exception):
    """The user's input is wrong: `problem` says what, `example` shows a correct command."""

    def __init__(self, problem: str, example: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.example = example

    def text(self) -> str:
        return f"{self.problem}. Example: `{self.example}`"


@dataclass(frozen=True)
class Context:
    deps: CommandDeps
    invocation: CommandInvocation
    analyzer: Analyzer

    @property
    def now(self) -> dt.datetime:
        return self.deps.clock.now()

    def channel(self) -> ChannelConfig | None:
        """The configured channel this command was typed in, matched by (adapter, target)."""
        config, invocation = self.deps.config, self.invocation
        for channel in config.channels:
            if channel.target != invocation.channel:
                continue
            kind = config.adapter(channel.adapter).kind or channel.adapter
            if invocation.platform in (channel.adapter, kind):  # adapter name or its kind
                return channel
        return None

    def user_zone(self) -> ZoneInfo:
        name = self.invocation.user_timezone
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
                pass
        return ZoneInfo("UTC")


Handler = Callable[[Context, str], Awaitable[CommandReply]]


@dataclass(frozen=True)
class CommandSpec:
    """One subcommand: its handler (whose docstring's first line is its help) and example."""

    name: str
    handler: Handler
    example: str
    admin_only: bool = False
    summary: str = ""  # one short line for a platform's command menu (Discord: <= 100)
    options: tuple[Option, ...] = ()  # typed options (bot.commands.options)
    group: str = ""  # commands of a group are one line in `help`, in full in `help <group>`

    @property
    def help(self) -> str:
        """The docstring's first paragraph on one line (a first line alone may stop mid-list)."""
        paragraph = (self.handler.__doc__ or "").strip().split("\n\n", 1)[0]
        return " ".join(paragraph.split())


_MENTION = re.compile(r"@(everyone|here|channel)|<[@#!]", re.IGNORECASE)


def safe_echo(text: str, limit: int = 40) -> str:
    """User text made safe to quote back: no control characters, no mentions, short."""
    cleaned = "".join(
        " " if unicodedata.category(c)[0] == "C" else c for c in text
    )  # Cc, Cf, Co, Cs, Cn
    cleaned = _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<", "‹"), cleaned)
    cleaned = " ".join(cleaned.split()).replace("`", "'")
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def reply(text: str, *, ephemeral: bool = True) -> CommandReply:
    return CommandReply(OutboundMessage.text(text), ephemeral=ephemeral)


def usage_reply(error: UsageError) -> CommandReply:
    return reply(error.text())


def fmt_time(when: dt.datetime | None, zone: ZoneInfo | None = None) -> str:
    """`Tue 8 Dec 08:30 CET`: the one format of `/paper status` and `paperboy status`."""
    if when is None:
        return "never"
    local = when.astimezone(zone or dt.UTC)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} {local.tzname() or 'UTC'}"


__all__ = [
    "PREFIX",
    "CommandSpec",
    "Context",
    "Handler",
    "UsageError",
    "fmt_time",
    "reply",
    "safe_echo",
    "usage_reply",
]
