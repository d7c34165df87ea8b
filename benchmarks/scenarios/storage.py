"""Scenario `storage`: upserts per second and search latency at a corpus size (SQLite).

Loads `size` synthetic papers (benchmarks.corpus) in batches of 1,000, re-upserts a
sample (the merge path), then times `Store.search` on typical queries against the naive
way to do the same job at the same size: `LIKE '%word%'` on title and abstract over the
whole table, title matches first, then the newest. Ratios: search p95 over the
LIKE scan's p95 (target <= 0.5), the upsert rate of the last tenth of the load over the
first tenth (the index must not slow inserts down much as it grows; target >= 0.4), and
a broad query ranked within a window over the same query unbounded (target <= 1).
Set PAPERBOY_BENCH_POSTGRES_URL to run the same on PostgreSQL too (figures `pg_*`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, select, text

from benchmarks.corpus import batches, queries
from storage import SearchQuery, SqlStore, open_store
from storage.schema import papers as papers_table

NAME = "storage"
DEFAULT_SIZE = 10_000
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
TARGETS = {
    "search_p95_vs_like_p95": ("<=", 0.5),
    "upsert_rate_last_vs_first_tenth": (">=", 0.4),
    "broad_windowed_vs_unbounded_p95": ("<=", 1.0),
}


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def _timed(calls: Sequence[Callable[[], Awaitable[Any]]], repeat: int = 1) -> list[float]:
    """Milliseconds per call (each call made once untimed first, then `repeat` times)."""
    timings = []
    for call in calls:
        await call()
        for _ in range(repeat):
            started = time.perf_counter()
            await call()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _load(store: SqlStore, size: int) -> tuple[float, float, float]:
    """Load the corpus; (papers/s overall, papers/s in the first tenth, in the last tenth)."""
    rates: list[tuple[int, float]] = []
    for batch in batches(size):
        started = time.perf_counter()
        await store.upsert_papers(batch, NOW)
        rates.append((len(batch), time.perf_counter() - started))
    tenth = max(1, len(rates) // 10)

    def rate(part: list[tuple[int, float]]) -> float:
        return sum(n for n, _ in part) / sum(s for _, s in part)

    return rate(rates), rate(rates[:tenth]), rate(rates[-tenth:])


async def _merge_rate(store: SqlStore, size: int) -> float:
    """Re-upsert a sample of stored papers with new upvotes: the merge-and-update path."""
    sample = min(size, 2_000)
    start = max(0, size // 2 - sample // 2)
    changed = [
        [p.__class__(**{**p.__dict__, "upvotes": 7, "sources": frozenset({"hf_daily"})}) for p in b]
        for b in batches(sample, start=start)
    ]
    started = time.perf_counter()
    for batch in changed:
        await store.upsert_papers(batch, NOW)
    return sample / (time.perf_counter() - started)


def _search(store: SqlStore, query: SearchQuery) -> Callable[[], Awaitable[Any]]:
    return partial(store.search, query, limit=10)


def _like_scan(store: SqlStore, words: list[str]) -> Callable[[], Awaitable[Any]]:
    """The naive way to do the same job: every row tested with LIKE '%word%', papers
    with every word in the title first, then the newest (so the whole table is read)."""
    table = papers_table
    conditions = [table.c.title.ilike(f"%{w}%") | table.c.abstract.ilike(f"%{w}%") for w in words]
    in_title = and_(*(table.c.title.ilike(f"%{w}%") for w in words))
    stmt = (
        select(table.c.arxiv_id, table.c.title)
        .where(and_(*conditions))
        .order_by(case((in_title, 0), else_=1), table.c.pub_date.desc())
        .limit(10)
    )

    async def call() -> Any:
        async with store.engine.connect() as conn:
            return (await conn.execute(stmt)).all()

    return call


async def _measure(store: SqlStore, size: int, n_queries: int, n_like: int) -> dict[str, float]:
    load_rate, first_rate, last_rate = await _load(store, size)
    merge_rate = await _merge_rate(store, size)
    texts = queries(n_queries)
    search = await _timed([_search(store, SearchQuery.from_text(t)) for t in texts])
    like = await _timed([_like_scan(store, t.split()) for t in texts[:n_like]])
    broad = ["the", "we", "model", "learning", "attention"]
    unbounded = await _timed([_search(store, SearchQuery(terms=(t,))) for t in broad], 5)
    windowed = await _timed(
        [_search(store, SearchQuery(terms=(t,), window=1000)) for t in broad], 5
    )
    return {
        "upserts_per_s": round(load_rate, 1),
        "upserts_per_s_first_tenth": round(first_rate, 1),
        "upserts_per_s_last_tenth": round(last_rate, 1),
        "merge_upserts_per_s": round(merge_rate, 1),
        "search_p50_ms": round(percentile(search, 0.5), 3),
        "search_p95_ms": round(percentile(search, 0.95), 3),
        "like_p50_ms": round(percentile(like, 0.5), 3),
        "like_p95_ms": round(percentile(like, 0.95), 3),
        "broad_unbounded_p95_ms": round(percentile(unbounded, 0.95), 3),
        "broad_windowed_p95_ms": round(percentile(windowed, 0.95), 3),
        "search_mean_ms": round(statistics.fmean(search), 3),
    }


def _ratios(figures: dict[str, float], prefix: str = "") -> dict[str, float]:
    def f(key: str) -> float:
        return figures[prefix + key]

    return {
        prefix + "search_p95_vs_like_p95": round(f("search_p95_ms") / f("like_p95_ms"), 4),
        prefix + "upsert_rate_last_vs_first_tenth": round(
            f("upserts_per_s_last_tenth") / f("upserts_per_s_first_tenth"), 3
        ),
        prefix + "broad_windowed_vs_unbounded_p95": round(
            f("broad_windowed_p95_ms") / f("broad_unbounded_p95_ms"), 3
        ),
    }


def _megabytes(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)


def _met(ratios: dict[str, float]) -> bool:
    for name, (op, limit) in TARGETS.items():
        for key, value in ratios.items():
            if key.endswith(name) and not (value <= limit if op == "<=" else value >= limit):
                return False
    return True


async def run(
    size: int | None = None, *, queries_count: int = 200, like_count: int = 30, **_: Any
) -> dict[str, Any]:
    """Measure at `size` papers (default 10,000) on SQLite, and PostgreSQL when configured."""
    size = size or DEFAULT_SIZE
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="paperboy-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        store = await open_store(f"sqlite:///{path}")
        try:
            figures.update(await _measure(store, size, queries_count, like_count))
        finally:
            await store.close()
        figures["sqlite_file_mb"] = _megabytes(Path(tmp))
    ratios = _ratios(figures)
    pg = os.environ.get("PAPERBOY_BENCH_POSTGRES_URL")
    if pg:
        figures.update(await _postgres(pg, size, queries_count, like_count))
        ratios.update(_ratios(figures, "pg_"))
    return {
        "scenario": NAME,
        "sizes": {"papers": size, "queries": queries_count, "like_queries": like_count},
        "figures": figures,
        "ratios": ratios,
        "targets": {name: f"{op} {limit}" for name, (op, limit) in TARGETS.items()},
        "ok": _met(ratios),
    }


async def _postgres(base: str, size: int, n_queries: int, n_like: int) -> dict[str, float]:
    """The same measures in a scratch schema of the PostgreSQL at `base` (dropped after)."""
    schema = f"bench_{os.getpid()}"
    store = await open_store(base)  # only to reach the server; the tables go in `schema`
    try:
        async with store.engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        await store.close()
    separator = "&" if "?" in base else "?"
    try:
        store = await open_store(f"{base}{separator}schema={schema}")
        try:
            found = await _measure(store, size, n_queries, n_like)
        finally:
            await store.close()
    finally:
        cleanup = await open_store(base)
        try:
            async with cleanup.engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            await cleanup.close()
    return {f"pg_{key}": value for key, value in found.items()}
