"""The contract suite's one fixture: `harness`, once per chat adapter (harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.adapters.harness import ConsoleHarness, DiscordHarness, Harness, SlackHarness
from tests.discord.fake import FakeDiscord
from tests.slack.fake_slack import FakeSlack


async def _console(tmp: Path) -> AsyncIterator[Harness]:
    harness = ConsoleHarness(tmp)
    yield harness
    await harness.close()


async def _slack(tmp: Path) -> AsyncIterator[Harness]:
    fake = FakeSlack()
    await fake.start()
    harness = SlackHarness(fake, tmp)
    try:
        yield harness
    finally:
        await harness.close()
        await fake.stop()


async def _discord(tmp: Path) -> AsyncIterator[Harness]:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    harness = DiscordHarness(fake, tmp)
    try:
        yield harness
    finally:
        await harness.close()
        await fake.close()
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


# A new adapter: one harness class in harness.py and one line here.
HARNESSES: dict[str, Any] = {"console": _console, "slack": _slack, "discord": _discord}


@pytest.fixture(params=sorted(HARNESSES))
async def harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Harness]:
    async for made in HARNESSES[request.param](tmp_path):
        yield made
