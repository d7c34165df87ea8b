"""Fixtures: the console adapter over the real Dispatcher and a real SQLite store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.console import ConsoleAdapter
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import AdapterConfig, Config, Secrets, load_config
from storage import SqlStore
from tests.commands.conftest import CONFIG_TOML, CORPUS, NOW


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "paperboy.toml"
    path.write_text(CONFIG_TOML, encoding="utf-8")
    return load_config(path, {})


@pytest.fixture
async def dispatcher(sqlite_store: SqlStore, config: Config) -> Dispatcher:
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    return Dispatcher(CommandDeps(sqlite_store, FrozenClock(NOW), config))


def console(script: str = "", **settings: object) -> tuple[ConsoleAdapter, io.StringIO]:
    out = io.StringIO()
    adapter = ConsoleAdapter(
        "console",
        AdapterConfig(**settings),  # type: ignore[arg-type]
        Secrets(),
        stdin=io.StringIO(script),
        stdout=out,
        environ={"USER": "ada"},
    )
    return adapter, out
