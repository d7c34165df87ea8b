"""Scenario `personalisation`: does the ranking learn from votes, and is it fast?

Learning: simulated readers, each with hidden interests (3 of the synthetic corpus's 40
topics, `benchmarks.corpus`), get the top 5 of each day's papers for 14 days through the
real `bot.ranking.Ranker` (candidates in `bot.selection.rank`'s base order) and vote on
each: like when the paper is of one of their topics, else dislike. Day 15's top 5 with
what was learned against the same ranking without votes (the base order): mean
precision@5 over readers, and their ratio `precision_at_5_vs_no_learning` (target
>= 1.5). A reader who votes nothing must get exactly the base selection.

Scale: 10,000 candidates ranked for 10,000 readers (10 decayed votes each) by
`bot.ranking.batch.top_k` (numpy, chunked) beside a naive loop (per reader, per
candidate, a sparse dot product in Python), the loop timed on a sample of readers and
scaled; on the sample both must pick the same top 5.

Run: `python -m benchmarks personalisation` (`--size` = readers of the scale part).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import numpy as np

from benchmarks import corpus
from bot.feedback.model import Vote
from bot.model import Paper
from bot.ranking import Ranker, RankingWeights, Voted
from bot.ranking.batch import top_k
from bot.ranking.score import base_scores
from bot.ranking.vectors import fit_papers, paper_text
from bot.selection import rank

NAME = "personalisation"
DAYS = 14
PER_DAY = 150  # candidates a day (the corpus has 600; a channel's filter keeps fewer)
READERS = 30
INTERESTS = 3
TOP = 5
TARGET = 1.5
SCALE_CANDIDATES = 10_000
NAIVE_SAMPLE = 20
SEED = 3


def paper_topics(n: int, seed: int = 0) -> list[int]:
    """The hidden topic of corpus papers 0..n-1, drawn as `corpus._Draws` draws it first
    from each block's generator (the corpus keeps it internal; this mirrors it)."""
    values, cdf = corpus._tables(seed)["topic"]
    found: list[int] = []
    for block in range((n + corpus.BLOCK - 1) // corpus.BLOCK):
        rng = np.random.default_rng([seed, block])
        picks = np.searchsorted(cdf, rng.random(corpus.BLOCK) * cdf[-1])
        found.extend(int(v) for v in values[np.minimum(picks, len(values) - 1)])
    return found[:n]


def _days() -> tuple[list[list[Paper]], dict[str, int]]:
    total = (DAYS + 1) * corpus.PER_DAY
    papers = list(corpus.papers(total))
    topics = paper_topics(total)
    rng = random.Random(SEED)
    days = []
    for day in range(DAYS + 1):
        chunk = papers[day * corpus.PER_DAY : day * corpus.PER_DAY + PER_DAY]
        # Hugging Face upvotes on some papers, so the base order is not only recency
        days.append([
            Paper(**{**p.__dict__, "upvotes": rng.choice([None, None, None, 1, 3, 12, 40])})
            for p in chunk
        ])  # fmt: skip
    return days, {p.arxiv_id: topics[i] for i, p in enumerate(papers)}


def _end_of(day: list[Paper]) -> dt.datetime:
    return max(p.published for p in day if p.published) + dt.timedelta(hours=1)


def learning(ranker: Ranker) -> dict[str, Any]:
    days, topic_of = _days()
    rng = random.Random(SEED)
    common = list(range(2, 30))  # topics with a few papers a day
    readers = [set(rng.sample(common, INTERESTS)) for _ in range(READERS)]
    learned, base, same = [], [], True
    for interests in readers:
        voted: list[Voted] = []
        for day in days[:DAYS]:
            now = _end_of(day)
            shown = [r.paper for r in ranker.rank(rank(day), voted, now)][:TOP]
            for paper in shown:
                vote = Vote.LIKE if topic_of[paper.arxiv_id] in interests else Vote.DISLIKE
                voted.append(Voted(paper, vote, now))
        last, now = days[DAYS], _end_of(days[DAYS])
        with_votes = [r.paper for r in ranker.rank(rank(last), voted, now)][:TOP]
        without = [r.paper for r in ranker.rank(rank(last), [], now)][:TOP]
        same = same and [p.arxiv_id for p in without] == [p.arxiv_id for p in rank(last)][:TOP]
        learned.append(sum(topic_of[p.arxiv_id] in interests for p in with_votes) / TOP)
        base.append(sum(topic_of[p.arxiv_id] in interests for p in without) / TOP)
    p_learned, p_base = float(np.mean(learned)), float(np.mean(base))
    return {
        "readers": READERS, "days": DAYS, "candidates_per_day": PER_DAY,
        "precision_at_5": round(p_learned, 3), "precision_at_5_no_learning": round(p_base, 3),
        "ratio": round(p_learned / p_base, 2) if p_base else float("inf"),
        "no_votes_same_selection": same,
    }  # fmt: skip


def scale(readers: int, weights: RankingWeights) -> dict[str, Any]:
    papers = list(corpus.papers(SCALE_CANDIDATES, start=200_000))
    pool = list(corpus.papers(2_000, start=300_000))
    now = max(p.published for p in papers if p.published) + dt.timedelta(hours=1)
    started = time.perf_counter()
    model = fit_papers(papers)
    matrix = model.matrix([paper_text(p) for p in papers])
    base = base_scores(papers, now, weights)
    pool_matrix = model.matrix([paper_text(p) for p in pool])
    rng = np.random.default_rng(SEED)
    picks = rng.integers(0, len(pool), size=(readers, 10))
    signs = rng.choice([1.0, -1.0], size=(readers, 10), p=[0.6, 0.4]).astype(np.float32)
    ages = rng.random((readers, 10)) * 60
    decay = (signs * 0.5 ** (ages / weights.half_life_days)).astype(np.float32)
    profiles = np.einsum("rv,rvd->rd", decay, pool_matrix[picks])
    norms = np.linalg.norm(profiles, axis=1, keepdims=True)
    profiles = (profiles / np.where(norms > 0, norms, 1)).astype(np.float32)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    fast = top_k(matrix, base, profiles, weights.affinity, TOP)
    fast_seconds = time.perf_counter() - started
    sample = list(range(0, readers, max(1, readers // NAIVE_SAMPLE)))[:NAIVE_SAMPLE]
    sparse_rows = [model.weights(paper_text(p)) for p in papers]
    started = time.perf_counter()
    agree = 0
    for r in sample:
        profile = {int(i): float(v) for i, v in enumerate(profiles[r]) if v}
        scores = [
            float(base[c]) + weights.affinity * sum(w * profile.get(i, 0.0) for i, w in row.items())
            for c, row in enumerate(sparse_rows)
        ]
        naive = sorted(range(len(scores)), key=lambda c: -scores[c])[:TOP]
        agree += naive == fast[r].tolist()
    naive_seconds = (time.perf_counter() - started) * readers / len(sample)
    return {
        "candidates": SCALE_CANDIDATES, "readers": readers, "vocabulary": model.width,
        "prepare_seconds": round(prepared, 2), "rank_seconds": round(fast_seconds, 2),
        "naive_seconds_scaled": round(naive_seconds, 1), "naive_sampled": len(sample),
        "speedup": round(naive_seconds / fast_seconds, 1),
        "identical_on_sample": agree == len(sample),
    }  # fmt: skip


def run(size: int | None = None, **_: Any) -> dict[str, Any]:
    weights = RankingWeights()
    learned = learning(Ranker(weights))
    fast = scale(size or 10_000, weights)
    ok = learned["ratio"] >= TARGET and learned["no_votes_same_selection"]
    return {
        "scenario": NAME,
        "figures": {"learning": learned, "scale": fast},
        "ratios": {"precision_at_5_vs_no_learning": learned["ratio"],
                   "ranking_speedup_vs_naive": fast["speedup"]},
        "targets": {"precision_at_5_vs_no_learning": f">= {TARGET}",
                    "no_votes_same_selection": "true", "identical_on_sample": "true"},
        "ok": ok and fast["identical_on_sample"],
    }  # fmt: skip


if __name__ == "__main__":
    import json

    print(json.dumps(run()))
