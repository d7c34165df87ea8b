"""`paperboy db copy`: a SQLite store into PostgreSQL, nothing lost, a second run a no-op."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from bot.model import (
    DeliveryMode,
    FeedArticle,
    Link,
    Owner,
    Paper,
    Review,
    ReviewSection,
    message_to_dict,
)
from bot.model import OutboundMessage as Message
from storage import open_store
from storage.base import ChannelState, DeliveryStatus, NewDelivery, PollState, SearchQuery, Store
from storage.copy import copy_store
from tests.storage.factories import still_new

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ALICE = Owner("slack", "T1", "U1")


def papers() -> list[Paper]:
    return [
        Paper(
            arxiv_id=f"2403.{n:05d}",
            title=f"Diffusion transformers at scale, part {n}",
            abstract="We study sparse attention for long-context language models.",
            version=2,
            authors=("Ada Lovelace", "Alan Turing"),
            categories=("cs.LG", "cs.CL"),
            primary_category="cs.LG",
            published=NOW - dt.timedelta(days=n),
            links=(Link("abs", f"https://arxiv.org/abs/2403.{n:05d}"),),
            upvotes=n,
            sources=frozenset({"hf-daily"}),
            article=FeedArticle("blog", f"e{n}", f"https://blog.example/{n}", "A review")
            if n == 1
            else None,
        )
        for n in range(1, 6)
    ]


def review(paper_id: str) -> Review:
    sections = (ReviewSection("Key Problem", "Long contexts are slow."),)
    return Review(paper_id, "Title", NOW.date(), "Hook.", sections, "https://x", "extractive")


def delivery(key: str, paper_id: str) -> NewDelivery:
    payload = message_to_dict(Message.text(f"paper {paper_id}"))
    return NewDelivery(key, "slack", "C1", "post", payload, paper_id=paper_id, day=NOW.date())


async def fill(store: Store) -> None:
    await store.upsert_papers(papers(), NOW)
    await store.save_review(review("2403.00001"), NOW)
    await store.save_poll_state(PollState("hf-daily", etag='"abc"', cursor={"page": 3}))
    await store.save_channel_state(ChannelState("ml-daily", time="08:30", paused=True))
    for _ in range(7):
        await store.next_review_number("ml-daily")
    await store.add_subscription(ALICE, "diffusion", DeliveryMode.INSTANT, NOW)
    await store.add_subscription(ALICE, "sparse attention", DeliveryMode.DAILY, NOW)
    intents = [delivery(f"post:slack:C1:2403.0000{n}", f"2403.0000{n}") for n in (1, 2, 3)]
    await store.enqueue(intents, NOW)
    sent, pending, *_ = await store.claim("w", NOW, limit=2)
    await store.mark_sent(sent.id, "1700000000.0001", NOW)
    await store.mark_failed(pending.id, "channel_not_found", NOW)
    dm = NewDelivery("dm:U1:2403", "slack", "", "dm", {}, user="U1")
    await store.enqueue_for_user(ALICE, ["2403.00001", "2403.00002"], NOW, lambda _: dm)


async def test_copy_round_trip_loses_nothing_and_repeats_as_a_no_op(
    sqlite_url: str, pg_url: str
) -> None:
    source = await open_store(sqlite_url)
    await fill(source)
    await source.close()

    first = await copy_store(sqlite_url, pg_url)
    assert {t.table: t.inserted for t in first.tables if t.inserted} == {
        "papers": 5,
        "reviews": 1,
        "poll_state": 1,
        "channels": 1,
        "subscriptions": 2,
        "seen": 2,
        "outbox": 4,
    }
    second = await copy_store(sqlite_url, pg_url)
    assert second.written == 0

    source, target = await open_store(sqlite_url), await open_store(pg_url)
    try:
        ids = [p.arxiv_id for p in papers()]
        assert await target.get_papers(ids) == await source.get_papers(ids)
        hits = await target.search(SearchQuery.from_text("diffusion transformers"), limit=10)
        assert len(hits) == 5  # the PostgreSQL full-text index covers the copied rows
        assert await target.get_review("2403.00001", "extractive") == review("2403.00001")
        assert await target.get_poll_state("hf-daily") == await source.get_poll_state("hf-daily")
        assert await target.get_channel_state("ml-daily") == await source.get_channel_state(
            "ml-daily"
        )
        assert await target.next_review_number("ml-daily") == 8  # numbering goes on
        assert await target.list_subscriptions(ALICE) == await source.list_subscriptions(ALICE)
        # ids users type keep working, and new ones do not collide with copied ones
        new = await target.add_subscription(ALICE, "graph neural networks", DeliveryMode.DAILY, NOW)
        assert new.id > max(s.id for s in await source.list_subscriptions(ALICE))
        assert await still_new(target, ALICE, ["2403.00001", "2403.00003"]) == {"2403.00003"}
        for status in DeliveryStatus:
            assert await target.deliveries(status=status) == await source.deliveries(status=status)
        assert await target.posted_paper_ids("slack", "C1") == await source.posted_paper_ids(
            "slack", "C1"
        )
        # the ledger keeps a sent post sent: the target will not post it again
        sent = await target.get_delivery("post:slack:C1:2403.00001")
        assert sent is not None
        assert sent.status is DeliveryStatus.SENT
        assert sent.message_id == "1700000000.0001"

        # the source moved on (a new paper, the failed post retried and sent): copy again
        await source.upsert_papers([Paper("2403.09999", "A late paper")], NOW)
        third = await copy_store(sqlite_url, pg_url)
        written = {
            t.table: (t.inserted, t.updated) for t in third.tables if t.inserted or t.updated
        }
        assert written == {"papers": (1, 0)}
        assert await target.get_paper("2403.09999") is not None
    finally:
        await source.close()
        await target.close()


def test_the_cli_copies_with_a_progress_bar_and_says_when_nothing_is_left(
    sqlite_url: str, pg_url: str
) -> None:
    import asyncio

    async def seed() -> None:
        store = await open_store(sqlite_url)
        await store.upsert_papers(papers(), NOW)
        await store.close()

    asyncio.run(seed())
    env = {**os.environ, "PAPERBOY_STORAGE__URL": sqlite_url}
    command = [sys.executable, "-m", "bot", "db", "copy", "--to", pg_url]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "papers" in first.stderr
    assert "5/5" in first.stderr  # the progress bar's count
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "Nothing to copy" in again.stderr


def test_the_cli_refuses_a_target_that_is_not_postgresql(sqlite_url: str) -> None:
    env = {**os.environ, "PAPERBOY_STORAGE__URL": sqlite_url}
    command = [sys.executable, "-m", "bot", "db", "copy", "--to", "sqlite:///other.db"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "must be a postgresql:// URL" in result.stderr
