"""The adapter seam: the one Protocol every chat platform implements.

It lives in the core so that `bot/` can type against it without importing any adapter;
`adapters/base.py` re-exports it for adapter authors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.model import CommandInvocation, CommandReply, OutboundMessage, Paper, Review


@dataclass(frozen=True)
class Target:
    """Where a message goes.

    `channel` is the platform's channel id; for a direct message `user` is set and
    `channel` is empty (the adapter opens the DM channel). `thread` is the platform id of
    a message to reply under (Slack thread_ts; Discord: the message to start a thread from).
    """

    adapter: str
    channel: str = ""
    user: str | None = None
    thread: str | None = None
    workspace: str | None = None

    @property
    def is_direct(self) -> bool:
        return self.user is not None

    @property
    def key(self) -> str:
        """A stable text key for ledgers: `slack:C123`, `discord:dm:42`."""
        if self.user is not None:
            return f"{self.adapter}:dm:{self.user}"
        return f"{self.adapter}:{self.channel}"


@dataclass(frozen=True)
class MessageRef:
    """The platform's id of a sent message, recorded in the outbox after the send."""

    adapter: str
    channel: str
    message_id: str


class SendError(Exception):
    """A send failed. Adapters raise this (never their SDK's errors) from `send`.

    `permanent` failures (channel not found, not in channel, DMs closed, 401/403/404) are
    not retried and pause the target; others are retried with backoff, waiting at least
    `retry_after` seconds when the platform said so. `global_limit` says the limit hit was
    the bot's global one (Discord `X-RateLimit-Global`, a workspace-wide Slack limit), so
    the sender pauses every target of the adapter, not just this one.
    """

    def __init__(
        self,
        reason: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        global_limit: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
        self.global_limit = global_limit


CommandHandler = Callable[[CommandInvocation], Awaitable[CommandReply]]


@runtime_checkable
class CommandCompleter(Protocol):
    """Optional, beside `CommandHandler`: a handler that also suggests option values while
    the user types (Discord autocomplete). Adapters check `isinstance(handler, CommandCompleter)`.

    `invocation` is the command being typed (its `arguments` hold the partial text),
    `option` the option being completed (`topic` of unsubscribe, `query`, `categories`).
    Returns at most 25 (label, value) pairs, best first; never raises.
    """

    async def complete(
        self, invocation: CommandInvocation, option: str, partial: str
    ) -> Sequence[tuple[str, str]]: ...


@runtime_checkable
class ChatAdapter(Protocol):
    """A chat platform. See DESIGN.md, "The adapter seam"."""

    name: str

    async def start(self, on_command: CommandHandler) -> None:
        """Connect and route `/paper` commands to `on_command`. Returns once connected."""

    async def stop(self) -> None:
        """Disconnect, finishing what is in flight."""

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        """Post `message` to `target`. `idempotency_key` is stable across retries of
        the same delivery, so a platform that supports it (Discord nonce, Slack metadata)
        can refuse a duplicate. Raises `SendError`."""
        ...

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        """After a crash between send and confirmation: the message already sent with this
        key, when the platform can tell (recent history); else None."""
        ...

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        """Reply to a command, outside the normal `on_command` return path (follow-ups)."""


class ReviewService(Protocol):
    """Writes the house-style review of a paper (bot.review.Reviewer; the daily post, the
    `/paper show` command and `paperboy review` all ask for it through this one seam)."""

    async def review(
        self, paper: Paper, *, producer: str | None = None, number: int | None = None
    ) -> Review:
        """The review of `paper` (cached by the store). `producer` forces one (extractive,
        article, llm) when it can; `number` is the running review number of a post."""
        ...


@runtime_checkable
class ReportsConnection(Protocol):
    """Optional, beside `ChatAdapter`: an adapter that can tell whether it is connected
    (gateway / Socket Mode up). `/healthz` answers 503 while it is False."""

    @property
    def is_connected(self) -> bool: ...


@runtime_checkable
class ExplainsConnection(Protocol):
    """Optional, beside `ReportsConnection`: why the adapter is not connected (e.g.
    "reconnecting: gateway closed with 4000"), shown by /readyz."""

    @property
    def connection_reason(self) -> str | None: ...
