"""The weights of the ranking score (config: `[ranking]`, see `bot.ranking.score`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RankingWeights:
    """score = popularity * P + review * R + recency * T + affinity * A, where

    P = log(1 + upvotes) / log(1 + the most upvotes among the candidates)   (0..1)
    R = 1 when a human review (a feed article) exists, else 0
    T = exp(-age in days / recency_days)                                   (0..1)
    A = cosine(paper's TF-IDF vector, the reader's or channel's profile)    (-1..1)

    and the profile is the sum of the voted papers' vectors, +1 for a like and -1 for a
    dislike, each times 0.5 ** (vote age in days / half_life_days).
    """

    popularity: float = 1.0
    review: float = 0.5
    recency: float = 0.5
    affinity: float = 4.0
    recency_days: float = 3.0
    half_life_days: float = 30.0
    close_to: float = 0.25  # cosine from which "close to ID you liked" is said

    def __post_init__(self) -> None:
        if self.recency_days <= 0 or self.half_life_days <= 0:
            raise ValueError("recency_days and half_life_days must be positive")


__all__ = ["RankingWeights"]
