"""A bot over a real store (SQLite, and PostgreSQL when configured) with console adapters
that print into buffers: two `App`s over one store stand for two workers."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import App
from bot.channels.registry import ChannelRegistry
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Config, Secrets, load_config
from bot.model import CommandInvocation, CommandReply
from storage import SqlStore
from tests.commands.conftest import CORPUS, NOW

CONFIG_TOML = """
[[sources]]
name = "arxiv-ml"
kind = "arxiv"
query = "cat:cs.LG"

[[channels]]
name = "seeded"
adapter = "console"
target = "seed-room"
time = "06:00"
top = 4

[limits]
channels_per_workspace = 2
workspace_commands_per_minute = 6

[review]
producer = "extractive"

[fulltext]
enabled = false
"""


@dataclass
class Bot:
    app: App
    out: io.StringIO  # what the console adapter printed (posts)

    @property
    def channels(self) -> ChannelRegistry:
        assert self.app.channels is not None  # a SQL store: the registry is built
        return self.app.channels

    async def say(
        self,
        line: str,
        *,
        channel: str = "reading",
        user: str = "U1",
        admin: bool = True,
        workspace: str = "local",
    ) -> str:
        command, _, arguments = line.removeprefix("/paper ").partition(" ")
        reply: CommandReply = await self.app.dispatcher(
            CommandInvocation(
                platform="console",
                workspace=workspace,
                channel=channel,
                user=user,
                is_admin=admin,
                command=command,
                arguments=arguments,
            )
        )
        return reply.message.fallback


MakeBot = Callable[[], Awaitable[Bot]]


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "paperboy.toml"
    path.write_text(CONFIG_TOML, encoding="utf-8")
    return load_config(path, {})


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def make_bot(store: SqlStore, config: Config, clock: FrozenClock) -> AsyncIterator[MakeBot]:
    """Bots (workers) over one store with the command-test corpus; stopped at the end."""
    from adapters.console import ConsoleAdapter

    await store.upsert_papers(list(CORPUS), NOW)
    made: list[App] = []

    async def make() -> Bot:
        out = io.StringIO()
        console = ConsoleAdapter(
            "console", AdapterConfig(), Secrets(), stdin=io.StringIO(), stdout=out, environ={}
        )
        app = await App.build(config, store=store, clock=clock, adapters={"console": console})
        made.append(app)
        return Bot(app, out)

    yield make
    for app in made:
        app.scheduler.shutdown()
