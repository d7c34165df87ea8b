"""The documented, deterministic ranking score (the formula is on `RankingWeights`).

`rank` re-orders candidates that the caller passes in its base order (for a channel:
`bot.selection.rank`, upvotes, then a human review, then recency). With no votes there
is nothing learned and the base order is returned unchanged, so a channel or a reader
who never votes gets exactly the selection of before. With votes every candidate gets
the weighted score and ties keep the base order (a stable sort), so the same votes and
candidates always give the same ranking.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.feedback.model import Vote
from bot.model import Paper
from bot.ranking.vectors import Matrix, TfIdf, fit_papers, paper_text
from bot.ranking.weights import RankingWeights

Vector = npt.NDArray[np.float32]
DAY = 86_400.0


@dataclass(frozen=True)
class Voted:
    """A vote that teaches the ranking: the paper voted on, how, and when."""

    paper: Paper
    vote: Vote
    at: dt.datetime


@dataclass(frozen=True)
class Ranked:
    paper: Paper
    score: float | None  # None: base order (nothing learned)
    liked_neighbour: str | None = None  # the liked paper this one is closest to
    similarity: float = 0.0


def _when(paper: Paper) -> dt.datetime | None:
    return paper.published or paper.first_seen


def base_scores(papers: Sequence[Paper], now: dt.datetime, w: RankingWeights) -> Vector:
    """The popularity, review and recency terms of the score, per paper."""
    most = max((p.upvotes or 0 for p in papers), default=0)
    scale = math.log1p(most) or 1.0
    out = np.zeros(len(papers), dtype=np.float32)
    for i, paper in enumerate(papers):
        when = _when(paper)
        age = max(0.0, (now - when).total_seconds() / DAY) if when else math.inf
        out[i] = (
            w.popularity * math.log1p(max(0, paper.upvotes or 0)) / scale
            + w.review * (1.0 if paper.article is not None else 0.0)
            + w.recency * math.exp(-age / w.recency_days)
        )
    return out


def profile(
    vectors: Matrix, voted: Sequence[Voted], now: dt.datetime, w: RankingWeights
) -> Vector | None:
    """The learned centroid: likes minus dislikes, decayed by age, L2-normalised; None
    when nothing is learned (no votes, or they cancel out)."""
    if not voted:
        return None
    ages = np.array([max(0.0, (now - v.at).total_seconds() / DAY) for v in voted])
    signs = np.array([float(v.vote) for v in voted]) * 0.5 ** (ages / w.half_life_days)
    centroid: Vector = (signs.astype(np.float32)[:, None] * vectors).sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm > 1e-9 else None


class Ranker:
    """Ranks candidates for one channel or reader from the votes it has cast."""

    def __init__(self, weights: RankingWeights | None = None) -> None:
        self._w = weights or RankingWeights()

    @property
    def weights(self) -> RankingWeights:
        return self._w

    def rank(
        self, candidates: Sequence[Paper], voted: Sequence[Voted], now: dt.datetime
    ) -> list[Ranked]:
        """Best first; see the module docstring."""
        if not voted or not candidates:
            return [Ranked(p, None) for p in candidates]
        model = fit_papers([*candidates, *(v.paper for v in voted)])
        learned = model.matrix([paper_text(v.paper) for v in voted])
        centre = profile(learned, voted, now, self._w)
        if centre is None:
            return [Ranked(p, None) for p in candidates]
        matrix = model.matrix([paper_text(p) for p in candidates])
        scores = base_scores(candidates, now, self._w) + self._w.affinity * (matrix @ centre)
        order = sorted(range(len(candidates)), key=lambda i: -float(scores[i]))  # stable
        likes = [i for i, v in enumerate(voted) if v.vote is Vote.LIKE]
        return [
            self._ranked(candidates[i], float(scores[i]), matrix[i], learned, likes, voted)
            for i in order
        ]

    def _ranked(
        self,
        paper: Paper,
        score: float,
        row: Vector,
        learned: Matrix,
        likes: list[int],
        voted: Sequence[Voted],
    ) -> Ranked:
        if not likes:
            return Ranked(paper, score)
        sims = learned[likes] @ row
        best = int(np.argmax(sims))
        neighbour = voted[likes[best]].paper.arxiv_id
        similarity = float(sims[best])
        if similarity < self._w.close_to or neighbour == paper.arxiv_id:
            return Ranked(paper, score, None, similarity)
        return Ranked(paper, score, neighbour, similarity)


def closest(paper: Paper, pool: Sequence[Paper], k: int) -> list[tuple[Paper, float]]:
    """The `k` papers of `pool` most similar to `paper` (itself excluded), best first;
    ties by id, so the answer is the same every time."""
    others = [p for p in pool if p.arxiv_id != paper.arxiv_id]
    if not others:
        return []
    model: TfIdf = fit_papers([paper, *others])
    target = model.matrix([paper_text(paper)])[0]
    sims = model.matrix([paper_text(p) for p in others]) @ target
    order = sorted(range(len(others)), key=lambda i: (-float(sims[i]), others[i].arxiv_id))
    return [(others[i], float(sims[i])) for i in order[:k] if sims[i] > 0]


__all__ = ["Ranked", "Ranker", "Voted", "base_scores", "closest", "profile"]
