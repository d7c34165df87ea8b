"""Scenario `ingest`: a large arXiv API response parsed, normalised, upserted and indexed
into SQLite, against feedparser parsing the same bytes alone.

Reports papers per second for the whole ingest and the ratio whole / parse-alone
(target: at most 2). Run: `python -m benchmarks.scenarios.ingest --size 10000`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import feedparser

from bot.sources.arxiv import parse_api_response

NAME = "ingest"
DEFAULT_SIZE = 10_000
TARGET_RATIO = 2.0
WORDS = (
    "model",
    "data",
    "learning",
    "training",
    "language",
    "neural",
    "network",
    "attention",
    "transformer",
    "diffusion",
    "graph",
    "reinforcement",
    "policy",
    "reward",
    "robust",
    "efficient",
    "scalable",
    "benchmark",
    "evaluation",
    "representation",
    "contrastive",
    "generative",
    "sparse",
    "retrieval",
    "reasoning",
    "alignment",
    "token",
    "inference",
    "latency",
    "memory",
    "kernel",
    "gradient",
    "optimisation",
    "convergence",
    "theory",
    "bound",
)
CATEGORIES = ("cs.LG", "cs.CL", "cs.AI", "cs.CV", "stat.ML", "cs.IR")


def synthetic_response(size: int, seed: int = 7) -> bytes:
    """An arXiv API Atom answer with `size` entries of realistic length (~2.3 KB each)."""
    rng = random.Random(seed)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<id>https://arxiv.org/api/bench</id>'
        "<title>arXiv Query</title><updated>2025-10-21T00:00:00Z</updated>\n"
        f"<opensearch:totalResults>{size}</opensearch:totalResults>\n"
    )
    parts = [head]
    for index in range(size):
        arxiv_id = f"25{(index // 90000) % 12 + 1:02d}.{index % 90000 + 10000:05d}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 200)))
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        authors = "".join(
            f"<author><name>Author {rng.randint(1, 5000)} Name</name></author>"
            for _ in range(rng.randint(2, 6))
        )
        parts.append(
            f"<entry><id>http://arxiv.org/abs/{arxiv_id}v1</id>"
            f"<updated>2025-10-20T17:00:00Z</updated><published>2025-10-20T17:00:00Z</published>"
            f"<title>{escape(title)}</title><summary>{escape(abstract)}</summary>{authors}"
            f"<arxiv:comment>{rng.randint(5, 40)} pages</arxiv:comment>"
            f'<link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>'
            f'<link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v1" rel="related" '
            'type="application/pdf"/>'
            f'<arxiv:primary_category term="{cats[0]}" scheme="http://arxiv.org/schemas/atom"/>'
            + "".join(
                f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in cats
            )
            + "</entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def parse_alone(data: bytes) -> float:
    started = time.perf_counter()
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-type": "application/atom+xml"}
    )
    elapsed = time.perf_counter() - started
    assert parsed.entries, "feedparser found no entries"
    return elapsed


async def whole_ingest(data: bytes, db_path: Path) -> tuple[float, float, int]:
    """(seconds for parse+normalise, seconds for upsert+index, papers stored)."""
    from storage import open_store

    store = await open_store(f"sqlite:///{db_path}")
    try:
        now = dt.datetime(2025, 10, 21, tzinfo=dt.UTC)
        started = time.perf_counter()
        parsed = parse_api_response(
            data, {"content-type": "application/atom+xml"}, source="bench", now=now
        )
        parsed_at = time.perf_counter()
        await store.upsert_papers(parsed.papers, now)
        stored_at = time.perf_counter()
        count = await store.count_papers()
    finally:
        await store.close()
    return parsed_at - started, stored_at - parsed_at, count


def run(size: int | None = None, repeat: int = 3) -> dict[str, Any]:
    """The harness entry point: best of `repeat` runs at `size` entries (default 10,000)."""
    size = size or DEFAULT_SIZE
    data = synthetic_response(size)
    parse_times, totals, stores = [], [], []
    count = 0
    for _ in range(repeat):
        parse_times.append(parse_alone(data))
        with tempfile.TemporaryDirectory() as tmp:
            parse_s, store_s, count = asyncio.run(whole_ingest(data, Path(tmp) / "bench.db"))
        totals.append(parse_s + store_s)
        stores.append(store_s)
    parse_best, total_best, store_best = min(parse_times), min(totals), min(stores)
    ratio = total_best / parse_best
    return {
        "scenario": NAME,
        "sizes": {"entries": size, "bytes": len(data)},
        "figures": {
            "papers_stored": count,
            "feedparser_parse_s": round(parse_best, 3),
            "whole_ingest_s": round(total_best, 3),
            "upsert_index_s": round(store_best, 3),
            "papers_per_s": round(count / total_best, 1),
        },
        "ratios": {"whole_to_parse": round(ratio, 3)},
        "targets": {"whole_to_parse": f"<= {TARGET_RATIO}", "papers_stored": size},
        "ok": count == size and ratio <= TARGET_RATIO,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.size, args.repeat)))


if __name__ == "__main__":
    main()
