"""One harness per chat adapter for the contract suite (test_contract.py): the real adapter,
pointed at its platform's fake (or, for the console, a terminal), and the means to read
back what a reader of that platform would see.

A new adapter gets the whole suite by adding one class here and one entry in HARNESSES.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import SecretStr

from adapters.console import ConsoleAdapter
from adapters.discord import DiscordAdapter
from adapters.slack import SlackAdapter
from bot.clock import FrozenClock
from bot.commands.dispatcher import COMMANDS
from bot.config import AdapterConfig, Secrets
from bot.ports import ChatAdapter, CommandHandler, MessageRef
from tests.discord import payloads as dp
from tests.discord.fake import FakeDiscord
from tests.discord.limits import check_payload
from tests.discord.limits import texts as embed_texts
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.slack.limits import LIMITS as SLACK_LIMITS
from tests.slack.limits import block_problems, mentions

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Shown:
    """One message as the platform holds it: what a reader sees, and the raw payload."""

    text: str
    payload: Any


@dataclass(frozen=True)
class Answer:
    """A command's reply as the user sees it; `private`: only they see it (ephemeral)."""

    text: str
    private: bool


class Harness(Protocol):
    name: str
    adapter: ChatAdapter
    channel: str  # a channel the bot posts in
    user: str  # a user who takes direct messages
    private_replies: bool  # the platform can show a reply to one user only

    def top_level(self) -> list[Shown]: ...
    def in_thread(self, parent: MessageRef) -> list[Shown]: ...
    def direct(self) -> list[Shown]: ...
    def problems(self, shown: Shown) -> list[str]: ...
    async def command(self, text: str, handler: CommandHandler) -> Answer: ...
    def restarted(self) -> ChatAdapter: ...
    async def close(self) -> None: ...


def _split(text: str) -> tuple[str, dict[str, str]]:
    """`search mamba` -> ("search", {"query": "mamba"}), by the command table."""
    name, _, rest = text.partition(" ")
    spec = next(s for s in COMMANDS if s.name == name)
    argument = next((o.name for o in spec.options if o.argument), None)
    return name, ({argument: rest} if argument and rest else {})


class SlackHarness:
    name, channel, user, private_replies = "slack", "C0GENERAL", "U0READER", True

    def __init__(self, fake: FakeSlack, tmp: Path) -> None:
        self.fake = fake
        fake.add_user(self.user)
        self.clock = FrozenClock(START)
        self.adapter: ChatAdapter = self.restarted()
        self._ids = itertools.count(1)
        self._started = False

    def restarted(self) -> SlackAdapter:
        async def sleep(seconds: float) -> None:
            self.clock.advance(seconds=seconds)

        secrets = Secrets.model_validate(
            {"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN}
        )
        table = AdapterConfig.model_validate({"api_url": self.fake.api_url})
        return SlackAdapter("slack", table, secrets, clock=self.clock, sleep=sleep)

    def _shown(self, channel: str, thread: str | None) -> list[Shown]:
        return [
            Shown(m.text + "\n" + json.dumps(m.blocks, ensure_ascii=False), m)
            for m in self.fake.messages
            if m.channel == channel and m.thread_ts == thread
        ]

    def top_level(self) -> list[Shown]:
        return self._shown(self.channel, None)

    def in_thread(self, parent: MessageRef) -> list[Shown]:
        return self._shown(parent.channel, parent.message_id)

    def direct(self) -> list[Shown]:
        return self._shown("D" + self.user, None)

    def problems(self, shown: Shown) -> list[str]:
        message = shown.payload
        found = block_problems(message.blocks)
        if len(message.text) > 40_000:
            found.append("text over 40,000 characters")
        texts = [message.text, *_strings(message.blocks)]
        found += [f"active mention {m}" for t in texts for m in mentions(t)]
        if len(message.blocks) > SLACK_LIMITS["blocks"]:
            found.append("too many blocks")
        return found

    async def command(self, text: str, handler: CommandHandler) -> Answer:
        from tests.slack.payloads import slash_command

        if not self._started:
            await self.adapter.start(handler)
            self._started = True
        rid = f"r{next(self._ids)}"
        before = len(self.fake.responses)
        envelope = {
            "envelope_id": f"env-{rid}",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": slash_command(text, self.fake.response_url(rid), user=self.user),
        }
        await self.fake.socket_send(envelope)
        await self.fake.wait_for(lambda: len(self.fake.responses) > before)
        body = self.fake.responses[before][1]
        shown = body.get("text", "") + "\n" + json.dumps(body.get("blocks", []))
        return Answer(shown, body.get("response_type") != "in_channel")

    async def close(self) -> None:
        await self.adapter.stop()


class DiscordHarness:
    name, private_replies = "discord", True
    channel, user = str(dp.CHANNEL_ID), str(dp.USER_ID)

    def __init__(self, fake: FakeDiscord, tmp: Path) -> None:
        self.fake = fake
        self.clock = FrozenClock(START)
        self.adapter: ChatAdapter = self.restarted()
        self._ids = itertools.count(5000)
        self._started = False

    def restarted(self) -> DiscordAdapter:
        table = AdapterConfig.model_validate(
            {"api_url": self.fake.api_url, "guild_ready_timeout": 0.05, "identify_delay": 0}
        )
        secrets = Secrets(discord_token=SecretStr(self.fake.token))
        return DiscordAdapter("discord", table, secrets, clock=self.clock)

    def _shown(self, channel: str | None) -> list[Shown]:
        return [Shown(_discord_text(m), m) for m in self.fake.messages.get(channel or "", [])]

    def top_level(self) -> list[Shown]:
        return self._shown(self.channel)

    def in_thread(self, parent: MessageRef) -> list[Shown]:
        return self._shown(parent.message_id)  # a thread's id is its parent message's

    def direct(self) -> list[Shown]:
        return self._shown(self.fake.dm_channels.get(self.user))

    def problems(self, shown: Shown) -> list[str]:
        message = shown.payload
        found = []
        if (message.get("allowed_mentions") or {}).get("parse") != []:
            found.append(f"mentions allowed: {message.get('allowed_mentions')}")
        try:
            check_payload(message.get("content") or None, message.get("embeds", []))
        except AssertionError as exc:
            found.append(f"limit or mention: {exc}")
        return found

    async def command(self, text: str, handler: CommandHandler) -> Answer:
        if not self._started:
            await self.adapter.start(handler)
            self._started = True
        number = next(self._ids)
        subcommand, options = _split(text)
        payload = dp.interaction(number, f"token-{number}", subcommand, options)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        callback = await self.fake.next_callback()
        data = callback.body.get("data", {})
        return Answer(_discord_text(data), bool(data.get("flags", 0) & 64))

    async def close(self) -> None:
        await self.adapter.stop()


def _discord_text(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [*embed_texts(embed), embed.get("url", "")]
    parts += _strings(message.get("components", []))
    return "\n".join(parts)


_HEADER = re.compile(r"^── to (.+?) ──$", re.MULTILINE)


class ConsoleHarness:
    name, channel, user, private_replies = "console", "general", "ada", False

    def __init__(self, tmp: Path) -> None:
        self.journal = tmp / "console-journal.jsonl"
        self.out = io.StringIO()
        self.adapter: ChatAdapter = self.restarted()

    def restarted(self) -> ConsoleAdapter:
        table = AdapterConfig.model_validate(
            {"channel": self.channel, "user": self.user, "journal": str(self.journal)}
        )
        return ConsoleAdapter(
            "console", table, Secrets(), stdin=io.StringIO(""), stdout=self.out, environ={}
        )

    def _printed(self) -> list[tuple[str, str]]:
        """(where, text) of each message printed, read back from the terminal."""
        parts = _HEADER.split(self.out.getvalue())
        return [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts) - 1, 2)]

    def top_level(self) -> list[Shown]:
        return [Shown(t, t) for w, t in self._printed() if w == f"#{self.channel}"]

    def in_thread(self, parent: MessageRef) -> list[Shown]:
        return [Shown(t, t) for w, t in self._printed() if w == f"#{self.channel} (thread)"]

    def direct(self) -> list[Shown]:
        return [Shown(t, t) for w, t in self._printed() if w == f"@{self.user}"]

    def problems(self, shown: Shown) -> list[str]:
        # A terminal's only hostile input: control sequences (colours, cursor moves, bidi).
        found = re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown.text)
        return [f"control character {c!r}" for c in found]

    async def command(self, text: str, handler: CommandHandler) -> Answer:
        start = len(self.out.getvalue())
        assert isinstance(self.adapter, ConsoleAdapter)
        await self.adapter.handle_line(f"/paper {text}", handler)
        return Answer(self.out.getvalue()[start:], private=False)

    async def close(self) -> None:
        await self.adapter.stop()


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON-like value (the texts of blocks and components)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []
