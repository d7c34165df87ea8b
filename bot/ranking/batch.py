"""Ranking one candidate set for many readers at once (a digest run over every reader).

The score is `bot.ranking.score`'s: the per-paper base terms plus the affinity weight
times the cosine with each reader's profile. Readers are taken in chunks so the score
matrix stays small (`CHUNK` x candidates floats), and each reader's top `k` is found with
`argpartition` (linear) rather than a full sort.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.ranking.vectors import Matrix

CHUNK = 512  # readers per block: 512 x 10,000 float32 scores is 20 MB


def top_k(
    candidates: Matrix,
    base: npt.NDArray[np.float32],
    profiles: Matrix,
    affinity: float,
    k: int,
) -> npt.NDArray[np.int64]:
    """[reader, rank] -> candidate index, best first; ties by the lower index (the base
    order), as `Ranker.rank`'s stable sort gives."""
    n = candidates.shape[0]
    k = min(k, n)
    out = np.zeros((profiles.shape[0], k), dtype=np.int64)
    transposed = np.ascontiguousarray(candidates.T)
    for start in range(0, profiles.shape[0], CHUNK):
        block = profiles[start : start + CHUNK]
        scores = base[None, :] + affinity * (block @ transposed)
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        picked = np.take_along_axis(scores, part, axis=1)
        order = np.lexsort((part, -picked), axis=1)
        out[start : start + len(block)] = np.take_along_axis(part, order, axis=1)
    return out


__all__ = ["CHUNK", "top_k"]
