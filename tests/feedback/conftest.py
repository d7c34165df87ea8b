"""Fixtures for the feedback tests: the real dispatcher over a real store (SQLite, and
PostgreSQL when configured), the store's feedback role handed in as the App hands it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation, CommandReply
from storage import SqlStore
from tests.commands.conftest import (  # noqa: F401  (the same fixtures)
    clock,
    config,
    filled_store,
)


@pytest.fixture
def dispatcher(
    filled_store: SqlStore,  # noqa: F811
    clock: FrozenClock,  # noqa: F811
    config: Config,  # noqa: F811
) -> Dispatcher:
    return Dispatcher(CommandDeps(filled_store, clock, config, feedback=filled_store))


Invoke = Callable[..., Awaitable[str]]


@pytest.fixture
def invoke(dispatcher: Dispatcher) -> Invoke:
    async def run(
        command: str, arguments: str = "", *, user: str = "u1", channel: str = "general"
    ) -> str:
        reply: CommandReply = await dispatcher(
            CommandInvocation(
                platform="console",
                workspace="local",
                channel=channel,
                user=user,
                is_admin=False,
                command=command,
                arguments=arguments,
            )
        )
        attached = reply.message.attachment  # an export: the file's text, as the console shows
        return reply.message.fallback + (f"\n{attached.content}" if attached else "")

    return run
