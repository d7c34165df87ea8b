"""Fixtures for delivery tests: the fake platform on 127.0.0.1, its adapter, a clock."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.clock import FrozenClock
from bot.config import AdapterConfig, Secrets
from bot.model import Paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def platform() -> AsyncIterator[FakePlatform]:
    fake = FakePlatform()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def adapter(platform: FakePlatform) -> AsyncIterator[FakePlatformAdapter]:
    made = FakePlatformAdapter("fake", AdapterConfig(api_url=platform.url), Secrets())
    try:
        yield made
    finally:
        await made.stop()


class FakeTime:
    """Monotonic time and a sleep that advances it: rate limits tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def paper(
    arxiv_id: str,
    *,
    upvotes: int | None = None,
    title: str | None = None,
    abstract: str = "",
    categories: tuple[str, ...] = ("cs.LG",),
    published: dt.datetime | None = None,
    sources: frozenset[str] = frozenset({"arxiv"}),
) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=title or f"Paper {arxiv_id}",
        abstract=abstract
        or (
            "We study a problem in machine learning. We propose a method based on attention. "
            "Experiments show a 3.2% improvement. This matters for practitioners."
        ),
        authors=("Ada Lovelace", "Alan Turing"),
        categories=categories,
        primary_category=categories[0] if categories else None,
        published=published or START - dt.timedelta(hours=12),
        upvotes=upvotes,
        sources=sources,
    )
