"""How text is tokenized for search, and how query pieces become safe tokens.

The index (both backends) and `bot/matching` must agree on what a "word" is. SQLite's
FTS5 table uses `tokenize='porter unicode61'`, which means, in order:

1. **unicode61**: a token is a maximal run of characters in the Unicode categories
   L* (letters), N* (numbers) and Co (private use); every other character (spaces,
   punctuation, `-`, `_`, `+`, `'`, symbols) separates tokens. Tokens are case-folded
   (lower case, `ς` as `σ`) and a Latin letter's single diacritic is removed (`é` -> `e`,
   but `ễ` with two stays; Greek `ά` stays); combining marks U+0300-U+036F are dropped.
   So `Self-Attention` -> `self`, `attention`; `GPT-4` -> `gpt`, `4`; `C++` -> `c`;
   `naïve_bayes` -> `naive`, `bayes`.
2. **porter**: each token of 3 to 64 characters is reduced by the original Porter (1980)
   stemming algorithm (`attention` -> `attent`, `networks` -> `network`, `learning` ->
   `learn`); shorter or longer tokens are kept as they are. There are no stop words.

PostgreSQL uses the `english` text search configuration (its own parser, the Snowball
English stemmer, which is Porter's successor, and English stop words); results agree on
ordinary words. `tokens()` below is step 1 in Python; `bot/matching` adds a Porter
stemmer (e.g. `nltk.stem.PorterStemmer(mode="ORIGINAL_ALGORITHM")`) for step 2.

No user text reaches FTS syntax. Every query piece is cleaned (printable characters only,
at most `MAX_PIECE_CHARS`) and reduced to `tokens()` (letters and digits only); a piece
with no tokens (`*`, `"`, `++`) is dropped. SQLite matches each piece as an FTS5 phrase
string built from its tokens alone; PostgreSQL hands the cleaned piece text, as a bound
parameter, to `phraseto_tsquery`, which parses no operators (so its own parser treats
`GPT-4` as it did when indexing). Queries are bounded: at most `MAX_TERMS` terms,
`MAX_PHRASES` phrases, `MAX_EXCLUDED` excluded words, `MAX_PHRASE_TOKENS` tokens per
phrase; further pieces are ignored (a 10,000-character query is cut, not rejected).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from storage.base import SearchQuery

MAX_TERMS = 32
MAX_PHRASES = 8
MAX_EXCLUDED = 16
MAX_PHRASE_TOKENS = 16
MAX_PIECE_CHARS = 500

_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=8192)
def _fold(ch: str) -> str | None:
    """One character as unicode61 indexes it: its folded text, "" (a combining
    diacritic: part of the token, then removed) or None (a separator)."""
    if "\u0300" <= ch <= "\u036f":
        return ""
    category = unicodedata.category(ch)
    if category[0] not in "LN" and category != "Co":
        return None
    lower = "σ" if ch in "ςΣ" else ch.lower()
    parts = unicodedata.normalize("NFD", lower)
    if len(parts) == 2 and unicodedata.name(parts[0], "").startswith("LATIN"):
        return parts[0]  # a Latin letter with one diacritic: the bare letter
    return lower


def tokens(text: str) -> list[str]:
    """unicode61 tokens (step 1 above): runs of letters and digits, case-folded, the
    diacritics of Latin letters removed. Checked against SQLite in tests/storage/test_text.py."""
    if text.isascii():
        return [t.lower() for t in _ASCII_TOKEN.findall(text)]
    found: list[str] = []
    current: list[str] = []
    for ch in text:
        folded = _fold(ch)
        if folded is None:
            if current:
                found.append("".join(current))
                current = []
        else:
            current.append(folded)
    if current:
        found.append("".join(current))
    return [t for t in found if t]


def clean(text: str, limit: int = MAX_PIECE_CHARS) -> str:
    """Printable characters only (no NUL, no control codes), at most `limit` of them."""
    return "".join(ch if ch.isprintable() else " " for ch in text[:limit]).strip()


@dataclass(frozen=True)
class Piece:
    """One query piece: its cleaned text and its unicode61 tokens (never empty)."""

    text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class QueryParts:
    """A query reduced to safe pieces; each piece is matched as a phrase."""

    terms: tuple[Piece, ...] = ()  # all required (AND); a term's own tokens are adjacent
    phrases: tuple[Piece, ...] = ()
    excluded: tuple[Piece, ...] = ()

    @property
    def positive(self) -> tuple[Piece, ...]:
        return self.terms + self.phrases

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.phrases)


def _groups(pieces: tuple[str, ...], limit: int, width: int) -> tuple[Piece, ...]:
    groups: dict[tuple[str, ...], Piece] = {}
    for piece in pieces:
        text = clean(piece)
        found = tuple(tokens(text)[:width])
        if found and found not in groups:
            groups[found] = Piece(text, found)
        if len(groups) == limit:
            break
    return tuple(groups.values())


def query_parts(query: SearchQuery) -> QueryParts:
    return QueryParts(
        terms=_groups(query.terms, MAX_TERMS, MAX_PHRASE_TOKENS),
        phrases=_groups(query.phrases, MAX_PHRASES, MAX_PHRASE_TOKENS),
        excluded=_groups(query.excluded, MAX_EXCLUDED, MAX_PHRASE_TOKENS),
    )
