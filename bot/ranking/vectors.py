"""TF-IDF content vectors of papers (title + abstract), for the learned affinity.

Hand-written over numpy rather than taken from scikit-learn: the project needs about 60
lines of it (tokens, document frequencies, sublinear tf, L2 rows) and scikit-learn with
scipy would be the heaviest dependencies of the bot. The weighting is sklearn's default
smooth idf, `log((1 + n) / (1 + df)) + 1`, with sublinear tf `1 + log(tf)`; rows are
L2-normalised, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.model import Paper

Matrix = npt.NDArray[np.float32]

MAX_FEATURES = 4096  # the most frequent terms kept (ties by the term): bounded memory
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+\-]*[a-z0-9+]|[a-z]")
_STOPWORDS_TEXT = """a an and are as at be by can for from has have in into is it its of on or our
    that the their these this to we which with than then also such both more over using
    based show new two while however each between"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokens(text: str) -> list[str]:
    """Lower-case words of 2+ characters (hyphenated and `C++`-like kept whole), no
    stop words, no bare numbers."""
    return [
        t
        for t in _TOKEN.findall(text.lower())
        if len(t) > 1 and t not in _STOPWORDS and not t.isdigit()
    ]


def paper_text(paper: Paper) -> str:
    return f"{paper.title}\n{paper.abstract}"


@dataclass(frozen=True)
class TfIdf:
    """A fitted vocabulary (term -> column) and its idf weights."""

    vocabulary: Mapping[str, int]
    idf: npt.NDArray[np.float64]

    @classmethod
    def fit(cls, texts: Iterable[str], *, max_features: int = MAX_FEATURES) -> TfIdf:
        """Document frequencies over `texts`; the `max_features` most frequent terms."""
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(tokens(text)))
            n += 1
        kept = sorted(df.items(), key=lambda item: (-item[1], item[0]))[:max_features]
        vocabulary = {term: column for column, (term, _) in enumerate(sorted(kept))}
        idf = np.zeros(len(vocabulary), dtype=np.float64)
        for term, count in kept:
            idf[vocabulary[term]] = math.log((1 + n) / (1 + count)) + 1.0
        return cls(vocabulary, idf)

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def weights(self, text: str) -> dict[int, float]:
        """One document as sparse `{column: weight}`, L2-normalised (empty: no known term)."""
        counts = Counter(t for t in tokens(text) if t in self.vocabulary)
        raw = {
            self.vocabulary[t]: (1.0 + math.log(c)) * float(self.idf[self.vocabulary[t]])
            for t, c in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {k: w / norm for k, w in raw.items()} if norm else {}

    def matrix(self, texts: Sequence[str]) -> Matrix:
        """Documents as dense L2-normalised rows (float32)."""
        rows = np.zeros((len(texts), self.width), dtype=np.float32)
        for index, text in enumerate(texts):
            for column, weight in self.weights(text).items():
                rows[index, column] = weight
        return rows


def fit_papers(papers: Iterable[Paper], *, max_features: int = MAX_FEATURES) -> TfIdf:
    return TfIdf.fit((paper_text(p) for p in papers), max_features=max_features)


__all__ = ["MAX_FEATURES", "Matrix", "TfIdf", "fit_papers", "paper_text", "tokens"]
