"""A fake arXiv on 127.0.0.1 (the sources' loopback server) serving HTML and PDF pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from bot.clock import FrozenClock
from bot.fulltext.fetch import FullTextFetcher
from bot.fulltext.service import FullTexts
from bot.fulltext.settings import FullTextConfig
from storage import SqlStore
from tests.sources.conftest import NOW, FakeServer, RecordingSleep, threaded_server

__all__ = ["NOW", "threaded_server"]  # the sources' fake on its own thread, for the CLI


@pytest.fixture
async def server() -> AsyncIterator[FakeServer]:
    fake = FakeServer()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=True) as client:  # as make_http_client's
        yield client


def fulltext_config(base: str, **extra: Any) -> FullTextConfig:
    return FullTextConfig(
        html_url=f"{base}/html/{{id}}", pdf_url=f"{base}/pdf/{{id}}", retries=1, **extra
    )


@pytest.fixture
def make_fulltexts(
    sqlite_store: SqlStore,
    http: httpx.AsyncClient,
    clock: FrozenClock,
    sleep: RecordingSleep,
    server: FakeServer,
) -> Callable[..., FullTexts]:
    def build(**extra: Any) -> FullTexts:
        config = fulltext_config(server.base, **extra)
        fetcher = FullTextFetcher(config, http, sleep=sleep)
        return FullTexts(config, sqlite_store, fetcher, clock)

    return build
