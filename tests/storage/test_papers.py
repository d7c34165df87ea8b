"""Papers: upsert is idempotent and merges what several sources saw."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.model import FeedArticle, Link
from storage import SqlStore, StoreError, open_store
from tests.storage.factories import NOW, paper


async def test_upsert_is_idempotent(store: SqlStore) -> None:
    item = paper(authors=("Ada Lovelace",), categories=("cs.LG",), version=1)
    first = await store.upsert_papers([item], NOW)
    second = await store.upsert_papers([item], NOW + dt.timedelta(hours=1))
    assert first.new == ("2403.00001",)
    assert second.new == ()
    assert second.updated == ()
    assert second.unchanged == ("2403.00001",)
    assert await store.count_papers() == 1
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert stored.first_seen == NOW
    assert stored.authors == ("Ada Lovelace",)


async def test_merge_of_two_sources_keeps_both_contributions(store: SqlStore) -> None:
    from_arxiv = paper(
        title="Diffusion Models Beat GANs",
        abstract="We show diffusion models beat GANs.",
        version=2,
        authors=("P. Dhariwal", "A. Nichol"),
        categories=("cs.LG",),
        primary_category="cs.LG",
        published=dt.datetime(2024, 2, 28, tzinfo=dt.UTC),
        links=(Link("abs", "https://arxiv.org/abs/2403.00001v2"),),
        sources=frozenset({"arxiv"}),
    )
    article = FeedArticle(feed="blog", entry_id="e1", url="https://blog.example/d", title="Review")
    from_hf = paper(
        title="Diffusion Models Beat GANs",
        abstract="",
        categories=("cs.CV",),
        upvotes=42,
        ai_keywords=("diffusion",),
        github_repo="https://github.com/x/y",
        links=(Link("hf", "https://huggingface.co/papers/2403.00001"),),
        sources=frozenset({"hf_daily"}),
        article=article,
    )
    await store.upsert_papers([from_arxiv], NOW)
    result = await store.upsert_papers([from_hf], NOW + dt.timedelta(hours=2))
    assert result.updated == ("2403.00001",)
    merged = await store.get_paper("2403.00001")
    assert merged is not None
    assert merged.sources == {"arxiv", "hf_daily"}
    assert merged.abstract == "We show diffusion models beat GANs."  # non-empty kept over empty
    assert merged.version == 2
    assert set(merged.categories) == {"cs.LG", "cs.CV"}
    assert {link.rel for link in merged.links} == {"abs", "hf"}
    assert merged.upvotes == 42
    assert merged.github_repo == "https://github.com/x/y"
    assert merged.article == article
    assert merged.first_seen == NOW  # set once, on insert


async def test_version_bump_takes_the_new_versions_fields(store: SqlStore) -> None:
    await store.upsert_papers(
        [paper(title="Old title", abstract="Old abstract.", version=1, upvotes=3)], NOW
    )
    await store.upsert_papers([paper(title="New title", abstract="New abstract.", version=3)], NOW)
    await store.upsert_papers([paper(title="Stale v2 title", abstract="Stale.", version=2)], NOW)
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert (stored.version, stored.title, stored.abstract) == (3, "New title", "New abstract.")
    assert stored.upvotes == 3  # a later sighting without upvotes keeps the known count


async def test_latest_upvotes_win(store: SqlStore) -> None:
    await store.upsert_papers([paper(upvotes=10)], NOW)
    await store.upsert_papers([paper(upvotes=7)], NOW)
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert stored.upvotes == 7


async def test_concurrent_upserts_of_one_id_lose_nothing(store: SqlStore) -> None:
    one = paper(sources=frozenset({"arxiv"}), categories=("cs.LG",), version=1)
    two = paper(sources=frozenset({"hf_daily"}), categories=("cs.CL",), upvotes=5)
    rounds = [
        store.upsert_papers([one if i % 2 == 0 else two, paper(f"2403.1{i:04d}")], NOW)
        for i in range(8)
    ]
    results = await asyncio.gather(*rounds)
    assert sum(len(r.new) for r in results) == 9  # the shared id once, and 8 others
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert stored.sources == {"arxiv", "hf_daily"}
    assert set(stored.categories) == {"cs.LG", "cs.CL"}
    assert stored.upvotes == 5
    assert await store.count_papers() == 9


async def test_duplicates_within_one_batch_are_merged(store: SqlStore) -> None:
    result = await store.upsert_papers(
        [paper(sources=frozenset({"a"})), paper(sources=frozenset({"b"}), upvotes=1)], NOW
    )
    assert result.new == ("2403.00001",)
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert stored.sources == {"a", "b"}
    assert stored.upvotes == 1


async def test_lookups(store: SqlStore) -> None:
    await store.upsert_papers(
        [paper("2403.00001"), paper("hep-th/9901001"), paper("2403.00003")], NOW
    )
    assert await store.known_ids(["2403.00001", "hep-th/9901001", "2499.99999"]) == {
        "2403.00001",
        "hep-th/9901001",
    }
    found = await store.get_papers(["2403.00003", "nope", "2403.00001"])
    assert [p.arxiv_id for p in found] == ["2403.00003", "2403.00001"]
    assert await store.get_paper("nope") is None
    assert await store.count_papers() == 3


async def test_papers_since_filters_by_time_source_and_category(store: SqlStore) -> None:
    await store.upsert_papers(
        [paper("2403.00001", sources=frozenset({"arxiv"}), categories=("cs.LG",))], NOW
    )
    later = NOW + dt.timedelta(days=1)
    await store.upsert_papers(
        [
            paper("2403.00002", sources=frozenset({"hf_daily"}), categories=("cs.CL",)),
            paper("2403.00003", sources=frozenset({"arxiv"}), categories=("cs.CL", "cs.AI")),
        ],
        later,
    )
    assert [p.arxiv_id for p in await store.papers_since(later)] in (
        ["2403.00003", "2403.00002"],
        ["2403.00002", "2403.00003"],
    )
    assert len(await store.papers_since(None)) == 3
    assert [p.arxiv_id for p in await store.papers_since(None, sources=["hf_daily"])] == [
        "2403.00002"
    ]
    assert {p.arxiv_id for p in await store.papers_since(None, categories=["cs.LG", "cs.AI"])} == {
        "2403.00001",
        "2403.00003",
    }
    assert await store.papers_since(None, categories=["cs"]) == []  # exact category, not prefix
    assert len(await store.papers_since(None, limit=1)) == 1


async def test_a_failed_transaction_leaves_earlier_data_intact(store: SqlStore) -> None:
    await store.upsert_papers([paper("2403.00001", title="Kept")], NOW)
    broken = paper("2403.00002", title=None)  # type: ignore[arg-type]  # violates NOT NULL
    with pytest.raises(IntegrityError):
        await store.upsert_papers([paper("2403.00001", title="Changed", version=9), broken], NOW)
    stored = await store.get_paper("2403.00001")
    assert stored is not None
    assert stored.title == "Kept"
    assert await store.count_papers() == 1
    assert (await store.upsert_papers([paper("2403.00002")], NOW)).new == ("2403.00002",)


async def test_open_without_migrating_refuses_an_old_schema(
    sqlite_url: str, tmp_path: Path
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(StoreError, match="paperboy db upgrade"):
        await open_store(empty, migrate=False)
    current = await open_store(sqlite_url)
    await current.close()
    again = await open_store(sqlite_url, migrate=False)
    await again.close()


async def test_two_processes_opening_a_fresh_database_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    first, second = await asyncio.gather(open_store(url), open_store(url))
    try:
        await first.upsert_papers([paper()], NOW)
        assert await second.count_papers() == 1
    finally:
        await first.close()
        await second.close()


async def test_concurrent_overlapping_batches_merge_every_source(store: SqlStore) -> None:
    ids = [f"2403.2{i:04d}" for i in range(40)]
    await store.upsert_papers([paper(i, sources=frozenset({"seed"})) for i in ids[::2]], NOW)
    batches = [
        [paper(i, sources=frozenset({f"s{n}"})) for i in (ids if n % 2 else ids[::-1])]
        for n in range(6)
    ]
    await asyncio.gather(*(store.upsert_papers(batch, NOW) for batch in batches))
    stored = await store.get_papers(ids)
    assert len(stored) == 40
    for item in stored:
        assert {f"s{n}" for n in range(6)} <= item.sources
    assert sum("seed" in p.sources for p in stored) == 20
