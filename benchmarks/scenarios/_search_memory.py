"""Memory of the `search` scenario: the resident size of the bot's working set over a big
store (1M papers and 100k subscriptions), measured in a fresh process.

`measure(path, subscriptions)` copies the cached SQLite store of the papers once into
`bot-<papers file stem>-subs<N>.db` beside it (same cache folder) and adds N subscriptions
(the `matching` scenario's topics, one user each); then a child process
(`python -m benchmarks.scenarios._search_memory FILE`) does what a running bot holds in
memory at once: the store open, every subscription loaded and compiled into the topic
index a delivery run builds (`bot.delivery.users`), the newest 2,000 papers matched
against it, and the 200 benchmark searches run. It reports its resident size
(`VmRSS`) after that and its peak (`VmHWM`), from /proc/self/status (Linux).
The chat adapters and the HTTP client are not in it (a few MB, the same at any size).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks import corpus
from benchmarks.scenarios.matching import topics
from bot.commands.search import PAGE_SIZE, SEARCH_WINDOW
from bot.matching import TopicIndex
from bot.model import DeliveryMode
from bot.query import parse_query
from bot.textindex import Analyzer
from storage import open_store
from storage.schema import subscriptions as subscriptions_table

SUBSCRIPTIONS = 100_000
RECENT = 2_000


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)  # kB
    raise RuntimeError(f"{field} not in /proc/self/status")


async def _add_subscriptions(path: Path, count: int) -> None:
    store = await open_store(f"sqlite:///{path}")
    try:
        rows = [
            {
                "platform": "bench",
                "workspace": "w",
                "user_id": f"u{i}",
                "query": text,
                "mode": DeliveryMode.DAILY.value,
                "created": corpus.START,
                "digest_time": "09:00",
                "timezone": "UTC",
                "matches": 0,
            }
            for i, text in enumerate(topics(count, seed=1))
        ]
        async with store.engine.begin() as conn:
            await conn.execute(insert(subscriptions_table), rows)
    finally:
        await store.close()


def _finish(partial: Path, path: Path) -> None:
    """Move the built file into place (the store was closed: its WAL is merged)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)


async def bot_store(papers_db: Path, count: int) -> tuple[Path, float]:
    """The cached store of `papers_db`'s papers plus `count` subscriptions."""
    path = papers_db.with_name(f"bot-{papers_db.stem}-subs{count}.db")
    if path.exists():
        return path, 0.0
    started = time.perf_counter()
    partial = path.with_suffix(".building")
    shutil.copyfile(papers_db, partial)
    await _add_subscriptions(partial, count)
    _finish(partial, path)
    return path, time.perf_counter() - started


async def working_set(path: Path, texts: list[str]) -> dict[str, Any]:
    """In this process: hold what a running bot holds, then report the resident size."""
    before = _status_mb("VmRSS")
    store = await open_store(f"sqlite:///{path}")
    try:
        subs = await store.all_subscriptions()
        papers = await store.papers_since(None, limit=RECENT)
        index = TopicIndex(subs, analyzer=Analyzer())
        matched = index.match(papers)
        for text in texts:
            query = parse_query(text, max_chars=10_000, window=SEARCH_WINDOW)
            await store.search(query, limit=PAGE_SIZE + 1)
        papers_count = await store.count_papers()
        return {
            "papers": papers_count,
            "subscriptions": len(subs),
            "papers_matched": len(matched),
            "rss_mb": _status_mb("VmRSS"),
            "peak_rss_mb": _status_mb("VmHWM"),
            "interpreter_rss_mb": before,
        }
    finally:
        await store.close()


def measure(papers_db: Path, texts: list[str], count: int = SUBSCRIPTIONS) -> dict[str, Any]:
    """Build (or reuse) the bot's store, then measure a fresh process holding it."""
    path, build_s = asyncio.run(bot_store(papers_db, count))
    done = subprocess.run(
        [sys.executable, "-m", __name__, str(path)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return {**json.loads(done.stdout), "build_s": round(build_s, 1)}


def main() -> None:
    texts = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(working_set(Path(sys.argv[1]), texts))))


if __name__ == "__main__":
    main()

