"""Fixtures for the feedback tests: the real dispatcher over a real store (SQLite, and
PostgreSQL when configured), the store's feedback role handed in as the App hands it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config, load_config
from bot.model import CommandInvocation, CommandReply
from storage import SqlStore
from tests.commands.conftest import CONFIG_TOML, CORPUS, NOW


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "paperboy.toml"
    path.write_text(CONFIG_TOML, encoding="utf-8")
    return load_config(path, {})


@pytest.fixture
async def filled_store(store: SqlStore) -> SqlStore:
    await store.upsert_papers(list(CORPUS), NOW)
    return store


@pytest.fixture
def dispatcher(filled_store: SqlStore, clock: FrozenClock, config: Config) -> Dispatcher:
    return Dispatcher(CommandDeps(filled_store, clock, config, feedback=filled_store))


Invoke = Callable[..., Awaitable[str]]


@pytest.fixture
def invoke(dispatcher: Dispatcher) -> Invoke:
    async def run(
        command: str, arguments: str = "", *, user: str = "u1", channel: str = "general"
    ) -> str:
        reply: CommandReply = await dispatcher(
            CommandInvocation(
                platform="console", workspace="local", channel=channel, user=user,
                is_admin=False, command=command, arguments=arguments,
            )
        )
        attached = reply.message.attachment  # an export: the file's text, as the console shows
        return reply.message.fallback + (f"\n{attached.content}" if attached else "")

    return run
