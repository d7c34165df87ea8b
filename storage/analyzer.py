"""Text as the search index holds it: `unicode61` tokens stemmed by FTS5's `porter`.

Topic matching (bot/matching, bot/topics) must find exactly what the same search finds
in the SQLite store, so it analyses papers and topics with this, the index's own
tokenizer (`storage.unicode61`) and stemmer (`storage.porter`).

PostgreSQL's `english` text search stems with Snowball, which differs on some words;
exact agreement between matching and search is promised for the SQLite store.
"""

from __future__ import annotations

from storage.porter import porter_stem
from storage.unicode61 import Unicode61


class Analyzer:
    """Tokenize and stem text as the search index does, with a stem cache.

    One instance is shared by whoever analyses many texts (matching a batch of papers);
    the cache holds one entry per distinct token, so memory follows the vocabulary.
    """

    def __init__(self, max_cache: int = 500_000, *, tokenizer: Unicode61 | None = None) -> None:
        self._cache: dict[str, str] = {}
        self._max_cache = max_cache
        self._tokenizer = tokenizer or Unicode61()

    def tokens(self, text: str) -> list[str]:
        """The unicode61 tokens of `text`, folded, in order (not stemmed)."""
        return self._tokenizer.tokens(text)

    def stem(self, token: str) -> str:
        cached = self._cache.get(token)
        if cached is None:
            cached = porter_stem(token)
            if len(self._cache) < self._max_cache:
                self._cache[token] = cached
        return cached

    def terms(self, text: str) -> list[str]:
        """The stemmed tokens of `text`, in order (what FTS5 stores for it)."""
        return [self.stem(token) for token in self._tokenizer.tokens(text)]


__all__ = ["Analyzer"]
