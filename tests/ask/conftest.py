"""Real papers (tests/data/ask, origin and licence in SOURCES.md) in a real SQLite store, a
fake OpenAI-compatible endpoint on 127.0.0.1, and an `Asker` built the way the app builds it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.ask.llm import AskLLM
from bot.ask.service import Asker
from bot.ask.settings import AskConfig
from bot.clock import FrozenClock
from bot.config import ReviewLLMConfig
from bot.fulltext.document import FullText
from bot.fulltext.html import parse_html
from bot.model import Paper
from storage import SqlStore

DATA = Path(__file__).resolve().parent.parent / "data" / "ask"
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
CAM_ID = "2404.00001"  # the CAM paper under a test id (tests/data/ask/SOURCES.md)
BARE_ID = "2404.00002"  # a paper with only its abstract


def document(name: str, arxiv_id: str, version: int | None = 1) -> FullText:
    raw = gzip.decompress((DATA / "papers" / f"{name}.html.gz").read_bytes())
    return parse_html(raw, arxiv_id=arxiv_id, version=version)


def questions() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "questions.json").read_text())
    return data


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def papers(sqlite_store: SqlStore) -> SqlStore:
    """The CAM paper with its full text stored, and one paper with only an abstract."""
    cam = document("cam_archive", CAM_ID)
    await sqlite_store.upsert_papers(
        [
            Paper(arxiv_id=CAM_ID, version=1, title=cam.title, abstract=cam.abstract),
            Paper(
                arxiv_id=BARE_ID,
                version=1,
                title="Volatility Metric to Detect Anomalies in Source Code Repositories",
                abstract=document("volatility", BARE_ID).abstract,
            ),
        ],
        NOW,
    )
    await sqlite_store.save_fulltext(cam, NOW)
    return sqlite_store


class StoredOnly:
    """The full texts the store holds (bot.fulltext.service.FullTexts without fetching)."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store

    async def get(self, paper: Paper) -> FullText | None:
        row = await self._store.get_fulltext(paper.arxiv_id, paper.version)
        return row.document if row is not None else None


@dataclass
class FakeChat:
    """A chat-completions endpoint that answers `content`; records each request."""

    url: str = ""
    content: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(await request.json())
        if self.status != 200:
            return web.json_response({"error": {"message": "nope"}}, status=self.status)
        message = {"role": "assistant", "content": self.content}
        return web.json_response({"choices": [{"message": message, "finish_reason": "stop"}]})


@pytest.fixture
async def chat() -> AsyncIterator[FakeChat]:
    fake = FakeChat()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}/v1"
    try:
        yield fake
    finally:
        await runner.cleanup()


MakeAsker = Callable[..., Asker]


@pytest.fixture
def make_asker(papers: SqlStore, clock: FrozenClock) -> MakeAsker:
    def build(*, llm: AskLLM | None = None, cap: int = 100, **limits: Any) -> Asker:
        return Asker(
            AskConfig(**limits),
            papers,
            clock,
            answers=papers,
            fulltexts=StoredOnly(papers),
            llm=llm,
            llm_daily_cap=cap,
            llm_reviews_since=lambda since: papers.count_reviews_since("llm", since),
        )

    return build


def llm_for(chat: FakeChat, http: Any) -> AskLLM:
    return AskLLM(ReviewLLMConfig(base_url=chat.url, timeout=5), http, "sk-test-key")
