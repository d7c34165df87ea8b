"""The daily post with `[fulltext] fetch_ahead`: each candidate's full text is fetched from
the fake arXiv right before its review, and the post carries the full-text review."""

from __future__ import annotations

import datetime as dt
import io

from bot.app import App
from bot.clock import FrozenClock
from bot.config import AdapterConfig, Config
from bot.model import Paper
from bot.plugins import adapter_factory
from storage import SqlStore
from tests.fulltext.fixtures import data
from tests.sources.conftest import FakeServer, Reply

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ABSTRACT = (
    "Retrieval-augmented language models spend most of their inference budget reading "
    "passages that do not help. We propose SparseRoute, a router that scores each retrieved "
    "passage. SparseRoute keeps 97% of the accuracy of full reading. We release the code."
)


async def test_the_daily_post_is_written_from_the_fetched_full_text(
    sqlite_store: SqlStore, server: FakeServer
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    config = Config.model_validate(
        {
            "channels": [{"name": "general", "adapter": "console", "target": "general"}],
            "review": {"producer": "extractive"},
            "fulltext": {
                "fetch_ahead": True,
                "html_url": f"{server.base}/html/{{id}}",
                "pdf_url": f"{server.base}/pdf/{{id}}",
                "delay": 0,
            },
        }
    )
    paper = Paper(
        "2401.01234",
        "Sparse Routers for Long-Context Retrieval",
        ABSTRACT,
        version=2,
        published=NOW - dt.timedelta(hours=3),
        categories=("cs.CL",),
    )
    await sqlite_store.upsert_papers([paper], NOW - dt.timedelta(hours=2))
    out = io.StringIO()
    console = adapter_factory("console")(
        "console", AdapterConfig(), config.secrets, stdin=io.StringIO(""), stdout=out
    )
    bot = await App.build(
        config, clock=FrozenClock(NOW), store=sqlite_store, adapters={"console": console}
    )
    try:
        outcomes = await bot.post()
        assert [o.status for o in outcomes] == ["planned"]
        assert await bot.deliver(max_wait=2) == 1
    finally:
        await bot.stop()
    posted = out.getvalue()
    assert "Implementation" in posted
    assert "770M parameters" in posted  # from the paper's setup section, not its abstract
    assert len(server.requests("/html/2401.01234")) == 1
