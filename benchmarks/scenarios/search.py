"""Scenario `search`: `/paper search` latency at 10k, 100k and 1M stored papers.

Each size is a SQLite store filled from benchmarks.corpus (built once, then cached under
$PAPERBOY_BENCH_CACHE, default /tmp/paperboy-bench: `search-<papers>-seed0-<corpus
fingerprint>.db`, 2.2 GB and about 10 minutes for 1M papers; a changed corpus gets a new
fingerprint and the old file is deleted). The queries are what users type
(benchmarks.corpus.queries, plus some with a phrase, a category, an exclusion or a date),
parsed by bot.query exactly as the command does (with its ranking window) and run through
`store.search` for one page. Beside it, the naive way: `LIKE '%word%'` over title,
abstract and authors of every row, newest first.

Also measured, in the same run:
- quality: for each query, how many of the top 10 are those of the reference ranking
  (`_search_reference`: the statement used before the window was scored in one walk);
- PostgreSQL (when `PAPERBOY_BENCH_POSTGRES_URL` is set): the same queries at 100k and at
  each size from 100k up, on stores cached in that database (`_search_pg`);
- memory (at 1M, or with `-o memory=1`): the resident size of a process holding what the
  running bot holds with these papers and 100k subscriptions (`_search_memory`).

Targets: p95 at 1M under 50 ms, and p95 growing less than 5x from 10k to 1M (SQLite), and
from 100k to 1M (PostgreSQL).
Run: `python -m benchmarks search --size 1000000` (10k and 1M in one run), or
`python -m benchmarks.scenarios.search --size 10000 --size 100000 --size 1000000`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import sqlite3
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.scenarios import _search_memory, _search_pg, _search_reference
from bot.commands.search import PAGE_SIZE, SEARCH_WINDOW
from bot.query import parse_query
from storage import SearchQuery, open_store

NAME = "search"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUERIES = 200
NAIVE_QUERIES = {10_000: 40, 100_000: 20, 1_000_000: 8}  # a full scan each: keep it short
TARGET_P95_MS = 50.0
TARGET_GROWTH = 5.0
TARGET_OVERLAP = 8.0  # of the reference's top 10, on average
BATCH = 5_000


def cache_dir() -> Path:
    return Path(os.environ.get("PAPERBOY_BENCH_CACHE", "/tmp/paperboy-bench"))


async def _count(path: Path) -> int:
    store = await open_store(f"sqlite:///{path}")
    try:
        return await store.count_papers()
    finally:
        await store.close()


async def build(size: int, seed: int = 0) -> tuple[Path, float]:
    """The cached store of `size` corpus papers; (path, seconds spent building, 0 if cached)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"search-{size}-seed{seed}-{_fingerprint(seed)}.db"
    if path.exists() and await _count(path) == size:
        return path, 0.0
    for stale in folder.glob(f"search-{size}-seed{seed}-*"):  # older corpus versions
        stale.unlink()
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    store = await open_store(f"sqlite:///{partial}")
    try:
        for batch in corpus.batches(size, size=BATCH, seed=seed):
            await store.upsert_papers(batch, corpus.START)
    finally:
        await store.close()
    _finish(partial, path)
    return path, time.perf_counter() - started


def _finish(partial: Path, path: Path) -> None:
    """Move the fully built file into place (the store was closed: its WAL is merged)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)


def _fingerprint(seed: int) -> str:
    """Changes when benchmarks/corpus.py makes different papers: a cached store is rebuilt."""
    sample = [(p.arxiv_id, p.title, p.abstract) for p in corpus.papers(3, seed=seed, start=999)]
    return hashlib.sha256(repr(sample).encode()).hexdigest()[:10]


def query_texts(count: int, seed: int = 1) -> list[str]:
    """User-like queries: mostly 1-3 terms; some with a phrase, filter or exclusion."""
    rng = random.Random(seed)
    texts = []
    for text in corpus.queries(count, seed=seed):
        roll = rng.random()
        if roll < 0.10:
            a, b = rng.sample(corpus.TERMS[10:120], 2)
            text = f'"{a} {b}"'
        elif roll < 0.25:
            text += f" cat:{rng.choice(corpus.CATEGORIES[:8])}"
        elif roll < 0.35:
            text += f" -{rng.choice(corpus.TERMS[20:200])}"
        elif roll < 0.40:
            text += " since:2024-06-01"
        texts.append(text)
    return texts


def _percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "queries": len(ordered),
    }


async def time_search(
    url: str, queries: Sequence[SearchQuery], *, tops: bool = False
) -> tuple[list[float], int, list[list[str]]]:
    """(seconds per query, queries without results, each query's top 10 ids if `tops`)."""
    store = await open_store(url)
    times: list[float] = []
    empty = 0
    top: list[list[str]] = []
    try:
        await store.search(queries[0], limit=PAGE_SIZE + 1)  # warm the page cache once
        for query in queries:
            started = time.perf_counter()
            hits = await store.search(query, limit=PAGE_SIZE + 1)
            times.append(time.perf_counter() - started)
            empty += not hits
        for query in queries if tops else ():
            top.append([h.paper.arxiv_id for h in await store.search(query, limit=10)])
    finally:
        await store.close()
    return times, empty, top


def naive_like(path: Path, queries: Sequence[SearchQuery]) -> list[float]:
    """Every word and phrase as LIKE '%...%' over title, abstract and authors, newest first."""
    db = sqlite3.connect(path)
    times: list[float] = []
    try:
        for query in queries:
            clauses, params = [], []
            for word in (*query.terms, *query.phrases):
                clauses.append("(title LIKE ? OR abstract LIKE ? OR authors_text LIKE ?)")
                params += [f"%{word}%"] * 3
            for word in query.excluded:
                clauses.append("NOT (title LIKE ? OR abstract LIKE ? OR authors_text LIKE ?)")
                params += [f"%{word}%"] * 3
            for category in query.categories:
                clauses.append("categories LIKE ?")
                params.append(f'%"{category}"%')
            where = " AND ".join(clauses) or "1"
            sql = f"SELECT id FROM papers WHERE {where} ORDER BY pub_date DESC LIMIT ?"
            started = time.perf_counter()
            db.execute(sql, [*params, PAGE_SIZE + 1]).fetchall()
            times.append(time.perf_counter() - started)
    finally:
        db.close()
    return times


def _queries(seed: int) -> tuple[list[str], list[SearchQuery]]:
    texts = query_texts(QUERIES, seed)
    return texts, [parse_query(t, max_chars=10_000, window=SEARCH_WINDOW) for t in texts]


async def measure(size: int, seed: int) -> dict[str, Any]:
    path, build_s = await build(size)
    _, queries = _queries(seed)
    times, empty, tops = await time_search(f"sqlite:///{path}", queries, tops=True)
    naive = naive_like(path, queries[: NAIVE_QUERIES.get(size, 10)])
    shared, identical = _search_reference.overlap(path, queries, tops)
    ours = _percentiles(times)
    theirs = _percentiles(naive)
    return {
        "papers": size,
        "build_s": round(build_s, 1),
        "search": ours,
        "queries_without_results": empty,
        "top10_overlap_with_reference": round(statistics.mean(shared), 2),
        "top10_identical_queries": f"{identical} of {len(shared)}",
        "naive_like": theirs,
        "naive_over_search_p95": round(theirs["p95_ms"] / max(ours["p95_ms"], 0.01), 1),
    }


async def measure_pg(base: str, size: int, seed: int) -> dict[str, Any]:
    path, _ = await build(size)
    name = f"search_{size}_seed0_{_fingerprint(0)}"
    url, build_s = await _search_pg.build(base, size, path, name)
    _, queries = _queries(seed)
    times, empty, _ = await time_search(url, queries)
    return {
        "papers": size,
        "schema": name,
        "build_s": round(build_s, 1),
        "search": _percentiles(times),
        "queries_without_results": empty,
    }


def _growth(figures: dict[str, Any], sizes: Sequence[int]) -> tuple[str, float] | None:
    smallest, largest = str(min(sizes)), str(max(sizes))
    if smallest == largest:
        return None
    growth = figures[largest]["search"]["p95_ms"] / figures[smallest]["search"]["p95_ms"]
    return f"p95_growth_{smallest}_to_{largest}", round(growth, 2)


def run(
    size: int | None = None,
    *,
    sizes: Sequence[int] | None = None,
    seed: int = 1,
    memory: int | None = None,
    **_: Any,
) -> dict[str, Any]:
    """10,000 papers by default (seconds); `--size N` measures 10,000 and N in one run, so
    the growth ratio is judged (`--size 1000000` for the target)."""
    chosen: Sequence[int] = sizes or sorted({10_000, size or 10_000})
    figures = {str(n): asyncio.run(measure(n, seed)) for n in chosen}
    ratios: dict[str, float] = {
        f"naive_over_search_p95_{k}": v["naive_over_search_p95"] for k, v in figures.items()
    }
    targets: dict[str, str] = {}
    verdicts: list[bool] = []
    result: dict[str, Any] = {"scenario": NAME, "figures": figures}
    growth = _growth(figures, chosen)
    if growth is not None:
        ratios[growth[0]], targets[growth[0]] = growth[1], f"< {TARGET_GROWTH:g}"
        verdicts.append(growth[1] < TARGET_GROWTH)
    if "1000000" in figures:
        targets["search.p95_ms at 1000000"] = f"< {TARGET_P95_MS:g}"
        verdicts.append(figures["1000000"]["search"]["p95_ms"] < TARGET_P95_MS)
    for key, value in figures.items():
        ratios[f"top10_overlap_{key}"] = value["top10_overlap_with_reference"]
        targets[f"top10_overlap_{key}"] = f">= {TARGET_OVERLAP:g}"
        verdicts.append(value["top10_overlap_with_reference"] >= TARGET_OVERLAP)
    base = _search_pg.base_url()
    pg_sizes = sorted({n for n in (*chosen, _search_pg.SIZES[0]) if n >= _search_pg.SIZES[0]})
    if base is not None and max(chosen) >= _search_pg.SIZES[0]:
        pg = {str(n): asyncio.run(measure_pg(base, n, seed)) for n in pg_sizes}
        result["postgresql"] = pg
        pg_growth = _growth(pg, pg_sizes)
        if pg_growth is not None:
            key = f"postgresql_{pg_growth[0]}"
            ratios[key], targets[key] = pg_growth[1], f"< {TARGET_GROWTH:g}"
            verdicts.append(pg_growth[1] < TARGET_GROWTH)
    if memory if memory is not None else max(chosen) >= 1_000_000:
        path = asyncio.run(build(max(chosen)))[0]
        result["memory"] = _search_memory.measure(path, _queries(seed)[0])
    ok = all(verdicts) if growth is not None else None
    return {
        **result,
        "sizes": {
            "papers": list(chosen),
            "queries": QUERIES,
            "postgresql_papers": pg_sizes if base is not None else [],
        },
        "ratios": ratios,
        "targets": targets,
        "ok": ok,  # None when only one size ran (nothing to judge)
        **({} if ok is not None else {"skipped": "one size only: run with --size 1000000"}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, action="append", help="papers (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(sizes=args.size or DEFAULT_SIZES, seed=args.seed)))


if __name__ == "__main__":
    main()
