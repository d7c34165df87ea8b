"""SQLite FTS5's `unicode61` tokenizer in Python: the one tokenizer of paperboy.

The search index (`papers_fts`, `tokenize='porter unicode61'`), the query pieces the store
builds from user text (`storage.text`) and topic matching (`storage.analyzer`, used by
bot/matching) all split text with `Unicode61.tokens`, so they agree on what a word is:

- ASCII: letters and digits are token characters, every other ASCII character separates
  tokens; tokens are lower-cased.
- Outside ASCII, unicode61 uses its own (older) Unicode tables for letters, numbers,
  diacritics and case folding with diacritic removal (`Fréchet` -> `frechet`, `ς` -> `σ`),
  and it counts unassigned and private-use code points as token characters. Python's
  `unicodedata` follows a newer Unicode and differs on hundreds of thousands of code
  points, so rather than approximate those tables each character is learnt from SQLite's
  own tokenizer, once: `a<c>b` comes back as one token (`c` is a token character, folded
  to what sits between `a` and `b`, possibly nothing: a diacritic) or two (`c` separates).

The learning connection is an in-memory SQLite database owned by the instance (never a
store's file); one instance is shared by whoever tokenizes much text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator

_ASCII_TOKEN = re.compile(r"[a-z0-9]+")
_ROW = 1000  # characters learnt per row


class Unicode61:
    """Tokenize as FTS5's `unicode61` (default options) does: `tokens(text)`."""

    def __init__(self) -> None:
        self._known: dict[str, str | None] = {}
        self._db: sqlite3.Connection | None = None

    def tokens(self, text: str) -> list[str]:
        """The tokens of `text`, case-folded, diacritics removed, in order."""
        return list(self._tokens(text))

    def fold(self, char: str) -> str | None:
        """One character as unicode61 indexes it: its folded text ("" for a diacritic,
        part of the token and then removed), or None for a separator."""
        if char.isascii():
            return char.lower() if char.isalnum() else None
        if char not in self._known:
            self.learn(char)
        return self._known[char]

    def learn(self, chars: Iterable[str]) -> None:
        """Learn these characters now, in one round trip (else each is learnt when met)."""
        unknown = {c for c in chars if not c.isascii() and c not in self._known}
        for char in [c for c in unknown if "\ud800" <= c <= "\udfff"]:
            # a lone surrogate (text decoded with errors="surrogateescape"...) has no
            # UTF-8 form, so SQLite never sees one: a separator, never an error
            self._known[char] = None
            unknown.discard(char)
        if unknown:
            self._learn(unknown)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _tokens(self, text: str) -> Iterator[str]:
        if text.isascii():
            yield from _ASCII_TOKEN.findall(text.lower())
            return
        self.learn(text)
        current: list[str] = []
        for char in text:
            folded = self.fold(char)
            if folded is None:
                if token := "".join(current):
                    yield token
                current = []
            else:
                current.append(folded)
        if token := "".join(current):
            yield token

    def _learn(self, chars: set[str]) -> None:
        """Index `a<c>b` for each character, _ROW of them a row, and read the tokens back
        in order: `a<fold>b` is one token (a token character), `a` then `b` two (a
        separator). unicode61 classifies each code point alone, so a row of many is as
        good as a row each, and three times faster (about 4 μs a character)."""
        if self._db is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
            self._db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
            self._db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        ordered = sorted(chars)
        rows = [ordered[start : start + _ROW] for start in range(0, len(ordered), _ROW)]
        with self._db:
            self._db.execute("DELETE FROM t")
            self._db.executemany(
                "INSERT INTO t(rowid, x) VALUES (?, ?)",
                [(i, " ".join(f"a{c}b" for c in row)) for i, row in enumerate(rows)],
            )
            terms = [
                term for (term,) in self._db.execute("SELECT term FROM v ORDER BY doc, offset")
            ]
        position = 0
        for char in ordered:
            term = terms[position]
            if term == "a" and terms[position + 1] == "b":
                self._known[char] = None
                position += 2
            else:
                self._known[char] = term[1:-1]
                position += 1
        if position != len(terms):  # never seen; would mean unicode61 changed its ways
            raise RuntimeError("unicode61 tokens out of step while learning characters")


__all__ = ["Unicode61"]
