"""Search filters on both backends: exact categories (SQLite matches them inside FTS5 as
tokens, migration 0002), categories that change, and the window counting only the matches
that meet every filter (dates, authors, exclusions)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest

from bot.model import Paper
from storage import SearchHit, SearchQuery, SqlStore
from tests.storage.factories import NOW, paper


def _ids(hits: list[SearchHit]) -> list[str]:
    return [h.paper.arxiv_id for h in hits]


def _day(n: int) -> dt.datetime:
    return dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n)


async def _one_by_one(store: SqlStore, rows: list[Paper]) -> None:
    for row in rows:  # one at a time: arrival order is id order
        await store.upsert_papers([row], NOW)


async def test_a_category_matches_whole_names_only(store: SqlStore) -> None:
    await _one_by_one(
        store,
        [
            paper("2405.00001", "Glassy pruning", categories=("cond-mat.soft",)),
            paper("2405.00002", "Pruning spins", categories=("cond-mat",)),
            paper("2405.00003", "Pruning nets", categories=("cs.LG", "stat.ML")),
        ],
    )

    async def found(*categories: str) -> set[str]:
        query = SearchQuery(terms=("pruning",), categories=categories, window=100)
        return set(_ids(await store.search(query, limit=10)))

    assert await found("cond-mat") == {"2405.00002"}
    assert await found("cond-mat.soft") == {"2405.00001"}
    assert await found("stat.ML") == {"2405.00003"}
    assert await found("stat.ML", "cond-mat") == {"2405.00002", "2405.00003"}
    assert await found("cs.CV") == set()


async def test_categories_added_later_are_found(store: SqlStore) -> None:
    await store.upsert_papers([paper("2405.00011", "Sparse pruning", categories=("cs.LG",))], NOW)
    query = SearchQuery(terms=("pruning",), categories=("stat.ML",), window=100)
    assert await store.search(query) == []
    # a second source lists one more category: the merge keeps both
    await store.upsert_papers([paper("2405.00011", "Sparse pruning", categories=("stat.ML",))], NOW)
    assert _ids(await store.search(query)) == ["2405.00011"]
    old = SearchQuery(terms=("pruning",), categories=("cs.LG",), window=100)
    assert _ids(await store.search(old)) == ["2405.00011"]


async def test_a_typed_category_token_matches_nothing(store: SqlStore) -> None:
    await store.upsert_papers([paper("2405.00021", "Pruning", categories=("cs.LG",))], NOW)
    token = "\ue000" + b"cs.LG".hex() + "\ue000"
    for text in (token, b"cs.LG".hex(), "cs.LG"):
        assert await store.search(SearchQuery(terms=(text,), window=10)) == []


async def test_window_counts_matches_within_the_dates(store: SqlStore) -> None:
    # The best title match is the oldest; 2 and 4 are before the cut-off day.
    days = [1, 2, 9, 3, 9, 9]
    await _one_by_one(
        store,
        [
            paper(f"2405.0003{i}", "Pruning" if i == 1 else "Other", "pruning.", published=_day(d))
            for i, d in enumerate(days, start=1)
        ],
    )
    before = SearchQuery(terms=("pruning",), before=_day(5).date(), window=2)
    assert set(_ids(await store.search(before, limit=10))) == {"2405.00032", "2405.00034"}
    since = SearchQuery(terms=("pruning",), since=_day(5).date(), window=2)
    assert set(_ids(await store.search(since, limit=10))) == {"2405.00035", "2405.00036"}
    everything = SearchQuery(terms=("pruning",), before=_day(5).date())
    assert _ids(await store.search(everything, limit=1)) == ["2405.00031"]


async def test_window_counts_matches_by_the_author(store: SqlStore) -> None:
    authors = ["Ada Lovelace", "Alan Turing", "Ada Lovelace", "Grace Hopper", "Ada Lovelace"]
    await _one_by_one(
        store,
        [
            paper(f"2405.0004{i}", "Pruning", "pruning.", authors=(name,))
            for i, name in enumerate(authors, start=1)
        ],
    )
    query = SearchQuery(terms=("pruning",), authors=("lovelace",), window=2)
    assert set(_ids(await store.search(query, limit=10))) == {"2405.00043", "2405.00045"}


async def test_window_counts_matches_without_the_excluded_words(store: SqlStore) -> None:
    abstracts = ["pruning.", "pruning noise.", "pruning.", "pruning noise.", "pruning noise."]
    await _one_by_one(
        store,
        [paper(f"2405.0005{i}", "Pruning", a) for i, a in enumerate(abstracts, start=1)],
    )
    query = SearchQuery(terms=("pruning",), excluded=("noise",), window=2)
    assert set(_ids(await store.search(query, limit=10))) == {"2405.00051", "2405.00053"}
    hits = await store.search(query, limit=10)
    assert all(any(marked for _, marked in h.snippet) for h in hits)  # still highlighted


async def test_filters_and_exclusions_leave_each_papers_score_as_it_was(store: SqlStore) -> None:
    """A paper ranks by its words alone: narrowing a search (a category, an excluded word,
    a date) drops papers but never reorders or rescores the ones left, with a window too
    (SQLite scores the window's matches with the whole MATCH expression: what a category
    token or an excluded phrase could add must be nothing)."""
    rows = [
        ("Sparse pruning of transformers", "Pruning heads. Pruning noise.", ("cs.CL",), 1),
        ("Pruning", "We prune weights; pruning and more pruning.", ("cs.LG",), 2),
        ("Structured sparsity", "Pruning channels of convolutions.", ("cs.CL", "cs.CV"), 3),
        ("Pruning at scale", "Pruning noise in large models.", ("cs.CL",), 4),
        ("Lottery tickets", "Iterative pruning finds sparse subnetworks.", ("cs.CL",), 5),
    ]
    await _one_by_one(
        store,
        [
            paper(f"2405.0006{i}", t, a, categories=c, published=_day(d))
            for i, (t, a, c, d) in enumerate(rows, start=1)
        ],
    )
    for window in (0, 100):
        every = await store.search(SearchQuery(terms=("pruning",), window=window), limit=10)
        score = {h.paper.arxiv_id: h.score for h in every}
        assert len(set(score.values())) > 2  # the scores differ: the comparison is not vacuous
        narrowed = [
            SearchQuery(terms=("pruning",), categories=("cs.CL",), window=window),
            SearchQuery(terms=("pruning",), excluded=("noise",), window=window),
            SearchQuery(terms=("pruning",), since=_day(3).date(), window=window),
        ]
        for query in narrowed:
            hits = await store.search(query, limit=10)
            assert 0 < len(hits) < len(every)
            assert _ids(hits) == [i for i in _ids(every) if i in set(_ids(hits))]
            for hit in hits:
                assert hit.score == pytest.approx(score[hit.paper.arxiv_id], rel=1e-9)


async def test_the_window_reaches_old_matches_behind_many_newer_papers(store: SqlStore) -> None:
    """The window is the newest matches, however far back they are (PostgreSQL probes the
    newest rows first and looks further back until the window is full)."""
    old = [paper("2301.00001", "Quantum annealing", "Annealing schedules, revisited.")]
    old.append(paper("2301.00002", "Annealing again", "Simulated annealing on graphs."))
    newer = [paper(f"2402.{i:05d}", f"Paper {i}", "Convolutions for images.") for i in range(80)]
    await store.upsert_papers(old, NOW)
    await store.upsert_papers(newer, NOW)
    await store.upsert_papers([paper("2405.00001", "Annealing", "Newest annealing.")], NOW)
    narrow = SearchQuery(terms=("annealing",), window=2)
    assert set(_ids(await store.search(narrow, limit=10))) == {"2405.00001", "2301.00002"}
    wide = SearchQuery(terms=("annealing",), window=5)
    assert len(await store.search(wide, limit=10)) == 3
    assert await store.search(SearchQuery(terms=("nowhere",), window=5), limit=10) == []


async def test_sqlite_index_stays_consistent_through_merges(
    sqlite_store: SqlStore, sqlite_url: str
) -> None:
    """The triggers remove exactly what they indexed (category tokens included): FTS5's
    integrity check compares the index with its content."""
    await sqlite_store.upsert_papers(
        [paper("2405.00061", "Pruning", categories=("cs.LG",)), paper("2405.00062", "Other")],
        NOW,
    )
    changed = paper(
        "2405.00061", "Pruning v2", "New words.", version=2, categories=("math.CO", "cs.LG")
    )
    await sqlite_store.upsert_papers([changed], NOW)
    path = sqlite_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('integrity-check')")
    query = SearchQuery(terms=("words",), categories=("math.CO",), window=10)
    assert _ids(await sqlite_store.search(query)) == ["2405.00061"]
