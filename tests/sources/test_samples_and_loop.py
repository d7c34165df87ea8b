"""The shipped samples load into a store; a big feed is parsed off the event loop."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

from bot.samples import (
    BLOG_SOURCE,
    HF_SOURCE,
    load_samples,
    sample_papers,
    sample_source_configs,
)
from bot.sources import Poller, PollReport
from storage.base import Store
from tests.sources import builders as b
from tests.sources.conftest import NOW, FakeServer, Reply, source


async def test_samples_load_merged_into_a_store(db: Store) -> None:
    loaded = await load_samples(db, NOW)
    assert loaded.papers == 15  # 12 arXiv + 2 only on HF + 1 blog post about no paper
    dpo = await db.get_paper("2305.18290")
    assert dpo is not None
    assert dpo.upvotes == 142
    assert dpo.github_repo == "https://github.com/eric-mitchell/direct-preference-optimization"
    assert dpo.article is not None
    assert dpo.article.feed == BLOG_SOURCE
    assert dpo.title.startswith("Direct Preference Optimization")  # not the blog's headline
    mixtral = await db.get_paper("2401.04088")
    assert mixtral is not None
    assert mixtral.upvotes == 88  # given at the top level in the sample, as some clients do


def test_samples_cover_what_the_demo_needs() -> None:
    papers = sample_papers(NOW)
    assert {c.name for c in sample_source_configs()} == set(papers)
    blog = papers[BLOG_SOURCE]
    assert sum(1 for p in blog if not p.is_arxiv) == 1
    for post in (p for p in blog if p.is_arxiv):
        assert post.article is not None
        assert post.article.html.lstrip().startswith("<blockquote>")
        assert "Source:" in post.article.html
        for section in ("Introduction", "Research Gap", "Methodology", "Results", "Conclusion"):
            assert section in post.article.html
    assert all(p.ai_summary and p.ai_keywords for p in papers[HF_SOURCE])


async def test_a_big_feed_is_parsed_off_the_event_loop(
    server: FakeServer, make_poller: Callable[..., Poller]
) -> None:
    entries = [b.api_entry(f"2510.{i:05d}", abstract="words " * 150) for i in range(600)]
    url = server.serve("/api", Reply(body=b.api_feed(entries)))
    assert len(server.routes["/api"][0].body) > 500_000  # type: ignore[union-attr]
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = loop.time()
            gaps.append(now - last)
            last = now

    # Late in a full run the heap holds every earlier test's objects, and one full garbage
    # collection of it (a pause of the whole process, ~0.3 s) would read as a blocked loop:
    # freeze what exists now, so the gaps measure this poll only.
    gc.collect()
    gc.freeze()
    try:
        task = asyncio.create_task(ticker())
        started = asyncio.get_running_loop().time()
        report = await make_poller(source("api", "arxiv", url, max_results=2000)).poll("api")
        took = asyncio.get_running_loop().time() - started
        done.set()
        await task
    finally:
        gc.unfreeze()
    assert report.new == 600
    assert took > 0.2  # long enough that blocking the loop would show
    assert max(gaps) < took / 3  # parsing inline would stall the loop for most of it


async def test_every_report_goes_to_the_observer(
    server: FakeServer, db: Store, http: object, clock: object
) -> None:
    seen: list[PollReport] = []
    url = server.serve("/feed.xml", Reply(status=500))
    poller = Poller([source("blog", "feed", url)], db, http, clock, on_report=seen.append)  # type: ignore[arg-type]
    await poller.poll_all()
    assert [(r.source, r.failed) for r in seen] == [("blog", True)]
