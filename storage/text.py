"""How query pieces become safe tokens for search.

The index (both backends) and `bot/matching` must agree on what a "word" is. SQLite's
FTS5 table uses `tokenize='porter unicode61'`, which means, in order:

1. **unicode61** (`storage.unicode61`, the one tokenizer, learnt from SQLite itself): a
   token is a maximal run of token characters (letters, numbers, and code points
   unicode61's tables do not list as separators: private use, unassigned); every other
   character (spaces, punctuation, `-`, `_`, `+`, `'`, most symbols) separates tokens.
   Tokens are case-folded and diacritics removed. So `Self-Attention` -> `self`,
   `attention`; `GPT-4` -> `gpt`, `4`; `C++` -> `c`; `naïve_bayes` -> `naive`, `bayes`.
2. **porter** (`storage.porter`): FTS5's Porter stemmer (`attention` -> `attent`,
   `networks` -> `network`, `learning` -> `learn`); tokens shorter than 3 or longer than
   64 bytes are kept as they are. There are no stop words. `storage.analyzer.Analyzer`
   does both steps for topic matching.

PostgreSQL uses the `english` text search configuration (its own parser, the Snowball
English stemmer, which is Porter's successor, and English stop words); results agree on
ordinary words.

No user text reaches FTS syntax. Every query piece is cleaned (printable characters only,
no private-use characters, at most `MAX_PIECE_CHARS`) and reduced to its unicode61 tokens;
a piece with no tokens (`*`, `"`, `++`) is dropped. SQLite matches each piece as an FTS5
phrase string built from its tokens alone, and a token holds no FTS5 syntax character
(`"` separates); PostgreSQL hands the cleaned piece text, as a bound parameter, to
`phraseto_tsquery`, which parses no operators (so its own parser treats `GPT-4` as it did
when indexing). Queries are bounded: at most `MAX_TERMS` terms, `MAX_PHRASES` phrases,
`MAX_EXCLUDED` excluded words, `MAX_PHRASE_TOKENS` tokens per phrase; further pieces are
ignored (a 10,000-character query is cut, not rejected).
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.base import SearchQuery
from storage.unicode61 import Unicode61

MAX_TERMS = 32
MAX_PHRASES = 8
MAX_EXCLUDED = 16
MAX_PHRASE_TOKENS = 16
MAX_PIECE_CHARS = 500


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


def _groups(
    pieces: tuple[str, ...], limit: int, width: int, tokenizer: Unicode61
) -> tuple[Piece, ...]:
    groups: dict[tuple[str, ...], Piece] = {}
    for piece in pieces:
        text = clean(piece)
        found = tuple(tokenizer.tokens(text)[:width])
        if found and found not in groups:
            groups[found] = Piece(text, found)
        if len(groups) == limit:
            break
    return tuple(groups.values())


def query_parts(query: SearchQuery, tokenizer: Unicode61) -> QueryParts:
    return QueryParts(
        terms=_groups(query.terms, MAX_TERMS, MAX_PHRASE_TOKENS, tokenizer),
        phrases=_groups(query.phrases, MAX_PHRASES, MAX_PHRASE_TOKENS, tokenizer),
        excluded=_groups(query.excluded, MAX_EXCLUDED, MAX_PHRASE_TOKENS, tokenizer),
    )
