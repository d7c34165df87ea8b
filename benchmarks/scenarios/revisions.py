"""Scenario `revisions`: recording a poll's paper versions (bot.revisions.Revisions.track).

The batched track (one read of the known versions, one write transaction for the new ones)
against the per-paper way it replaced (a read and a write transaction per paper), on the
same SQLite store, for a poll of `size` papers: the first track (every version new) and a
rerun (every version known, as when a source returns the same papers). Both ways must
record the same versions.

Target: the batched track at least 2x faster than the per-paper one, first track and rerun.
Run: `python -m benchmarks revisions --size 1000` (default 500).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.clock import FrozenClock
from bot.model import Paper
from bot.revisions import Revisions
from bot.versions import PaperVersion
from storage import SqlStore, open_store

NAME = "revisions"
TARGET = 2.0
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def papers(size: int) -> list[Paper]:
    return [
        Paper(arxiv_id=f"2612.{n:05d}", title=f"Paper {n}", version=1 + n % 3,
              abstract=f"We study problem {n}. We report results on it.")
        for n in range(size)
    ]  # fmt: skip


async def per_paper(store: SqlStore, ids: list[str]) -> int:
    """The replaced way: per paper, read its versions, then write its current one."""
    new = 0
    for paper in await store.get_papers(ids):
        await store.paper_versions(paper.arxiv_id)
        new += await store.record_version(PaperVersion.of(paper, NOW))
    return new


async def _timed(store: SqlStore, ids: list[str], batched: bool) -> tuple[float, float]:
    revisions = Revisions(store, FrozenClock(NOW), adapters_by_platform={})
    times = []
    for _ in range(2):  # the first track, then a rerun
        start = time.perf_counter()
        await (revisions.track(ids) if batched else per_paper(store, ids))
        times.append(time.perf_counter() - start)
    return times[0], times[1]


async def run(size: int | None = None, **options: Any) -> dict[str, Any]:
    size = size or 500
    batch = papers(size)
    ids = [p.arxiv_id for p in batch]
    figures: dict[str, Any] = {}
    recorded = {}
    with tempfile.TemporaryDirectory(prefix="paperboy-revisions-") as workdir:
        for way in ("per_paper", "batched"):
            store = await open_store(f"sqlite:///{Path(workdir) / way}.db")
            try:
                await store.upsert_papers(batch, NOW)
                first, rerun = await _timed(store, ids, way == "batched")
                versions = await store.versions_of(ids)
                recorded[way] = {k: [v.version for v in vs] for k, vs in versions.items()}
            finally:
                await store.close()
            figures[f"{way}_first_s"] = round(first, 4)
            figures[f"{way}_rerun_s"] = round(rerun, 4)
    ratios = {
        "first_speedup": round(figures["per_paper_first_s"] / figures["batched_first_s"], 2),
        "rerun_speedup": round(figures["per_paper_rerun_s"] / figures["batched_rerun_s"], 2),
    }
    same = recorded["batched"] == recorded["per_paper"] and len(recorded["batched"]) == size
    figures["same_versions"] = same
    return {
        "scenario": NAME,
        "sizes": {"papers": size},
        "figures": figures,
        "ratios": ratios,
        "targets": {"first_speedup": f">= {TARGET}", "rerun_speedup": f">= {TARGET}"},
        "ok": same and all(r >= TARGET for r in ratios.values()),
    }
