"""Scenario `matching`: stored topics against a batch of new papers.

The topic index (bot.matching.TopicIndex) against the naive nested loop (every
subscription checked against every paper) on the same input, at 100,000 and 1,000,000
subscriptions and 2,000 new papers. The naive loop costs the same for every subscription,
so it is timed on a random sample of subscriptions and scaled to the full count (the
figure says so); on that sample both must give identical matches. `--full-naive` runs it
over every subscription instead (minutes at 100k).

Target: the index at least 50x faster than the naive loop at 100,000 subscriptions.
Run: `python -m benchmarks matching --size 1000000` (default 100,000), or
`python -m benchmarks.scenarios.matching --size 100000 --size 1000000`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from typing import Any

from benchmarks import corpus
from bot.matching import TopicIndex, match_naive
from bot.model import DeliveryMode, Owner, Paper, Subscription
from bot.query import QueryError, format_query, parse_query
from bot.textindex import Analyzer

NAME = "matching"
PAPERS = 2_000
NAIVE_SAMPLE = 2_000
TARGET_SPEEDUP = 50.0
NOW = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)


# The synthetic corpus has a small vocabulary (~500 stems), so its 40 most frequent terms
# are each in 15-100% of papers; topics pick from the rest, so that a topic matches about
# as many of a day's papers as a real one does (a few, not hundreds).
SKIP_TOP = 40


def topics(count: int, seed: int) -> list[str]:
    """Topics as users write them: 1-3 terms of the corpus vocabulary (popular ones more
    often, but not the handful that are in nearly every synthetic paper), sometimes with a
    phrase, a category, an exclusion or an author; normalised as `subscribe` stores them.
    Popular topics recur across users, as they do on a real server."""
    rng = random.Random(seed)
    terms = corpus.TERMS[SKIP_TOP:]
    weights = [1.0 / (rank + 1) ** 0.5 for rank in range(len(terms))]
    pool: list[str] = []
    while len(pool) < max(1_000, count // 4):
        parts = sorted({rng.choices(terms, weights)[0] for _ in range(rng.randint(2, 3))})
        roll = rng.random()
        if roll < 0.15:
            first, second = rng.sample(corpus.TERMS[:80], 2)
            parts.append(f'"{first} {second}"')
        elif roll < 0.35:
            parts.append(f"cat:{rng.choice(corpus.CATEGORIES)}")
        elif roll < 0.45:
            parts.append(f"-{rng.choice(terms)}")
        elif roll < 0.50:
            parts.append(f'au:"{rng.choice(corpus.NAMES_LAST)}"')
        try:
            pool.append(format_query(parse_query(" ".join(parts))))
        except QueryError:
            continue
    popularity = [1.0 / (rank + 1) ** 0.6 for rank in range(len(pool))]
    return rng.choices(pool, popularity, k=count)


def subscriptions(count: int, seed: int) -> list[Subscription]:
    owner = Owner("bench", "w", "u")
    return [
        Subscription(i, owner, text, DeliveryMode.DAILY, NOW)
        for i, text in enumerate(topics(count, seed), 1)
    ]


def measure(size: int, papers: list[Paper], *, full_naive: bool, seed: int) -> dict[str, Any]:
    subs = subscriptions(size, seed)
    analyzer = Analyzer()
    started = time.perf_counter()
    index = TopicIndex(subs, analyzer=analyzer)
    built = time.perf_counter()
    docs = index.documents(papers)  # tokenizing and stemming: both sides need it
    analysed = time.perf_counter()
    found = index.match_documents(docs)
    matched = time.perf_counter()

    sample = subs if full_naive else random.Random(seed).sample(subs, min(NAIVE_SAMPLE, size))
    naive_started = time.perf_counter()
    naive = match_naive(sample, docs, analyzer)
    naive_s = (time.perf_counter() - naive_started) * (size / len(sample))
    wanted = {s.id for s in sample}
    restricted = {pid: ids & wanted for pid, ids in found.items() if ids & wanted}
    pairs = sum(len(ids) for ids in found.values())
    build_s, docs_s, match_s = built - started, analysed - built, matched - analysed
    return {
        "subscriptions": size,
        "distinct_topics": index.topic_count,
        "papers": len(papers),
        "build_s": round(build_s, 3),
        "analyse_papers_s": round(docs_s, 3),
        "match_s": round(match_s, 3),
        "naive_s": round(naive_s, 3),
        "naive_sampled": len(sample),
        "matches": pairs,
        "matches_per_subscription": round(pairs / size, 2),
        "identical": restricted == naive,
        "speedup": round(naive_s / match_s, 1),
        "speedup_including_build": round((naive_s + docs_s) / (matched - started), 1),
    }


def run(
    size: int | None = None, *, full_naive: bool = False, seed: int = 1, **_: Any
) -> dict[str, Any]:
    """One size of subscriptions (default 100,000; `--size 1000000` for the big one)."""
    size = size or 100_000
    papers = list(corpus.papers(PAPERS, seed=seed, start=500_000))
    figures = measure(size, papers, full_naive=bool(full_naive), seed=seed)
    judged = size >= 100_000  # the speed target is set at 100,000 subscriptions and up
    return {
        "scenario": NAME,
        "sizes": {"subscriptions": size, "papers": PAPERS,
                  "naive_sampled": figures["naive_sampled"]},
        "figures": figures,
        "ratios": {"speedup_vs_naive": figures["speedup"],
                   "speedup_vs_naive_including_build": figures["speedup_including_build"]},
        "targets": {"speedup_vs_naive": f">= {TARGET_SPEEDUP:g}" if judged else "n/a below 100000",
                    "identical": "true"},
        "ok": figures["identical"] and (figures["speedup"] >= TARGET_SPEEDUP or not judged),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--size",
        type=int,
        action="append",
        help="subscriptions (repeatable); default 100000",
    )
    parser.add_argument("--full-naive", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in args.size or (100_000,):
        print(json.dumps(run(size, full_naive=args.full_naive, seed=args.seed)))


if __name__ == "__main__":
    main()
