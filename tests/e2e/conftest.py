"""Fixtures for the end-to-end tests: real subprocesses, a real SQLite file, the fake
platform on 127.0.0.1 and the console adapter with its journal."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.samples import load_samples
from storage import open_store
from tests.e2e.fakeplatform import FakePlatform

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """
[storage]
url = "sqlite:///{db}"

[adapters.console]
journal = "{journal}"
channel = "general"

[adapters.fake]
kind = "tests.e2e.fakeplatform:FakePlatformAdapter"
api_url = "{url}"

[[channels]]
name = "terminal"
adapter = "console"
target = "general"
top = 3

[[channels]]
name = "lab"
adapter = "fake"
target = "LAB"
top = 3

[[channels]]
name = "digest"
adapter = "fake"
target = "DIGEST"
top = 3
mode = "digest"

[review]
producer = "extractive"
"""


@dataclass
class Run:
    code: int | None
    stdout: str
    stderr: str


@dataclass
class Deployment:
    config: Path
    db_url: str
    journal: Path
    platform: FakePlatform

    async def run(self, *args: str, limit: float = 60, env: dict[str, str] | None = None) -> Run:
        process = await asyncio.create_subprocess_exec(
            *args,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), limit)
        return Run(process.returncode, out.decode(), err.decode())

    async def crashpost(self, day: dt.date, *extra: str) -> Run:
        return await self.run(
            sys.executable, "-m", "tests.e2e.crashpost", str(self.config), day.isoformat(), *extra
        )


@pytest.fixture
async def deployment(tmp_path: Path) -> AsyncIterator[Deployment]:
    platform = FakePlatform()
    await platform.start()
    db = tmp_path / "bot.db"
    journal = tmp_path / "console.journal"
    config = tmp_path / "paperboy.toml"
    config.write_text(CONFIG.format(db=db, journal=journal, url=platform.url), encoding="utf-8")
    url = f"sqlite:///{db}"
    store = await open_store(url)
    await load_samples(store, dt.datetime.now(dt.UTC))
    await store.close()
    try:
        yield Deployment(config, url, journal, platform)
    finally:
        await platform.stop()
