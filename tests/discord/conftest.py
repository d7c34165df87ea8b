"""Fixtures: a fake Discord on 127.0.0.1 and adapters pointed at it through `api_url`."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import AdapterConfig, ChannelConfig, Config, Secrets, SourceConfig
from bot.model import CommandInvocation, CommandReply, OutboundMessage, Paper
from storage import SqlStore
from tests.discord import payloads as p
from tests.discord.fake import FakeDiscord

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class RecordingHandler:
    """A command handler that records invocations; `gate` holds replies until set."""

    def __init__(self) -> None:
        self.invocations: list[CommandInvocation] = []
        self.gate: asyncio.Event | None = None
        self.suggestions: list[tuple[str, str]] = []

    async def __call__(self, invocation: CommandInvocation) -> CommandReply:
        self.invocations.append(invocation)
        if self.gate is not None:
            await self.gate.wait()
        text = f"ran {invocation.command} {invocation.arguments}".strip()
        return CommandReply(OutboundMessage.text(text), ephemeral=invocation.command != "today")

    async def complete(
        self, invocation: CommandInvocation, option: str, partial: str
    ) -> Sequence[tuple[str, str]]:
        return [pair for pair in self.suggestions if partial.lower() in pair[0].lower()]


@pytest.fixture(autouse=True)
def _restore_discord_endpoints() -> Any:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def make_adapter(fake: FakeDiscord, clock: FrozenClock) -> Callable[..., DiscordAdapter]:
    def make(**extra: Any) -> DiscordAdapter:
        extra.setdefault("guild_ready_timeout", 0.05)
        extra.setdefault("identify_delay", 0)
        settings = AdapterConfig(api_url=fake.api_url, **extra)
        secrets = Secrets(discord_token=SecretStr(fake.token))
        return DiscordAdapter("discord", settings, secrets, clock=clock)

    return make


@pytest.fixture
async def adapter(make_adapter: Callable[..., DiscordAdapter]) -> AsyncIterator[DiscordAdapter]:
    made = make_adapter()
    yield made
    await made.stop()


@pytest.fixture
def handler() -> RecordingHandler:
    return RecordingHandler()


@pytest.fixture
def config() -> Config:
    channel = ChannelConfig(name="lab", adapter="discord", target=str(p.CHANNEL_ID))
    source = SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG")
    return Config(sources=(source,), channels=(channel,))


@pytest.fixture
async def dispatcher(sqlite_store: SqlStore, clock: FrozenClock, config: Config) -> Dispatcher:
    """The real command core over a real SQLite store holding two papers."""
    papers = [
        Paper(
            arxiv_id="2511.00001",
            title="Diffusion Models for Video Generation",
            abstract="We train diffusion models on video. Results improve sample quality.",
            authors=("Ada Lovelace",),
            categories=("cs.LG",),
            primary_category="cs.LG",
            published=START - dt.timedelta(days=1),
            sources=frozenset({"arxiv-ml"}),
        ),
        Paper(
            arxiv_id="2511.00002",
            title="State Space Models Beat Attention",
            abstract="A state space model with selective scans matches attention.",
            authors=("Albert Gu",),
            categories=("cs.CL",),
            primary_category="cs.CL",
            published=START - dt.timedelta(days=2),
            sources=frozenset({"arxiv-ml"}),
        ),
    ]
    await sqlite_store.upsert_papers(papers, START)
    return Dispatcher(CommandDeps(store=sqlite_store, clock=clock, config=config))
