"""Fixtures for the command tests: a real SQLite store, a frozen clock, a small corpus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config, load_config
from bot.model import CommandInvocation, CommandReply, Paper
from storage import SqlStore

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)

CONFIG_TOML = """
[[sources]]
name = "arxiv-ml"
kind = "arxiv"
query = "cat:cs.LG"

[[sources]]
name = "hf-daily"
kind = "hf_daily"

[[channels]]
name = "ml-daily"
adapter = "console"
target = "general"
time = "09:00"
timezone = "Europe/Berlin"
"""


def make_paper(
    arxiv_id: str,
    title: str,
    abstract: str,
    *,
    days_ago: int = 1,
    categories: tuple[str, ...] = ("cs.LG",),
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing"),
) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        abstract=abstract,
        authors=authors,
        categories=categories,
        primary_category=categories[0] if categories else None,
        published=NOW - dt.timedelta(days=days_ago),
        sources=frozenset({"arxiv-ml"}),
    )


CORPUS = (
    make_paper("2503.00001", "Diffusion Models for Video Generation",
               "We train diffusion models on video. Results improve sample quality.",
               days_ago=1),
    make_paper("2503.00002", "State Space Models Beat Attention",
               "A state space model with selective scans matches self-attention at scale.",
               days_ago=2, authors=("Albert Gu", "Tri Dao")),
    make_paper("2503.00003", "A Survey of Diffusion",
               "This survey covers score-based diffusion and denoising models.",
               days_ago=3, categories=("stat.ML", "cs.LG")),
    make_paper("2503.00004", "Graph Neural Networks for Molecules",
               "Message passing networks predict molecular properties.",
               days_ago=4, categories=("q-bio.BM",), authors=("Marie Curie",)),
    make_paper("2503.00005", "Robot Learning from Demonstration",
               "Robots imitate human demonstrations with diffusion policies.",
               days_ago=40, categories=("cs.RO",)),
)  # fmt: skip


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
    """Every command test runs on SQLite, and on PostgreSQL when it is configured."""
    await store.upsert_papers(list(CORPUS), NOW)
    return store


@pytest.fixture
def deps(filled_store: SqlStore, clock: FrozenClock, config: Config) -> CommandDeps:
    return CommandDeps(store=filled_store, clock=clock, config=config)


@pytest.fixture
def dispatcher(deps: CommandDeps) -> Dispatcher:
    return Dispatcher(deps)


Invoke = Callable[..., Awaitable[CommandReply]]


@pytest.fixture
def invoke(dispatcher: Dispatcher) -> Invoke:
    async def run(
        command: str,
        arguments: str = "",
        *,
        user: str = "u1",
        admin: bool = False,
        channel: str = "general",
        options: tuple[tuple[str, str], ...] = (),
    ) -> CommandReply:
        return await dispatcher(
            CommandInvocation(
                platform="console",
                workspace="local",
                channel=channel,
                user=user,
                is_admin=admin,
                command=command,
                arguments=arguments,
                options=options,
            )
        )

    return run


def text_of(reply: CommandReply) -> str:
    return reply.message.fallback
