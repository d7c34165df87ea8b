"""The query language shared by `search` and `subscribe`.

    diffusion "state space" cat:cs.LG au:"Yann LeCun" since:2025-01-01 before:2025-07-01 -survey

Bare words and `"exact phrases"` must all match (title, abstract or authors); `cat:` takes
any of the named arXiv categories; `au:` is a case-insensitive substring of an author's
name (each `au:` must match); `since:`/`before:` bound the publication date; `-word`
excludes a word (`-self-attention` or `-"two words"` a phrase). Words are split as the
search index splits them (bot.textindex), so `self-attention` is the phrase
"self attention" and `GPT-4` the phrase "gpt 4".

A query that is an arXiv id, in any form `bot.ids.parse_arxiv_id` reads (`arXiv:2401.01234`,
an abs/pdf/html URL, the DOI, in angle brackets...), looks for that paper: `paper_id_of`
names it and `paper_first` puts it first among the hits. An id inside a longer query is
searched as its canonical id (`https://arxiv.org/abs/2401.01234v2` is `2401.01234`).

`parse_query` turns text into a `storage.base.SearchQuery` or raises `QueryError` with a
message that says what was wrong and shows a correct example. `format_query` writes the
normalised text back; parsing it gives the same query (topics are stored normalised).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bot.categories import canonical_category
from bot.ids import InvalidArxivId, parse_arxiv_id
from bot.model import Paper
from bot.textindex import Analyzer
from storage.base import SearchHit, SearchQuery

EXAMPLE = 'diffusion "state space" cat:cs.LG since:2025-01-01 -survey'
FILTERS = ("cat", "au", "since", "before")
_MENTION = re.compile(r"@(everyone|here|channel)\b|<[@#!][^>]*>", re.IGNORECASE)
_FILTER = re.compile(r"([A-Za-z][A-Za-z_-]*):(.*)", re.DOTALL)
_MAX_AUTHOR = 100
# Within what the store matches in full (storage/text.py: 32 terms, 8 phrases, 16 excluded,
# 16 tokens a phrase; it ignores pieces beyond), so a topic never asks for more than search.
MAX_TERMS, MAX_PHRASES, MAX_EXCLUDED, MAX_PHRASE_WORDS = 24, 8, 12, 12


class QueryError(ValueError):
    """The query text is not valid; `str()` says why and shows an example."""

    def __init__(self, problem: str, example: str = EXAMPLE) -> None:
        super().__init__(f"{problem}. Example: {example}")
        self.problem = problem
        self.example = example


class MentionInQuery(QueryError):
    """The text mentions everyone, a channel or a person: a ping, never a query term."""


@dataclass(frozen=True)
class _Piece:
    text: str
    quoted: bool = False
    negated: bool = False
    filter: str | None = None


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_characters(text: str) -> None:
    if (
        _ASCII_CONTROL.search(text)
        if text.isascii()
        else any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\t\n\r" for c in text)
    ):
        raise QueryError("the query contains control characters; type plain words")
    if _MENTION.search(text):
        raise MentionInQuery("mentions (of everyone, a channel or a person) cannot be searched")


def _split(text: str) -> list[_Piece]:
    """Split on whitespace, honouring double quotes (also after `-` and `name:`)."""
    pieces: list[_Piece] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "-"
        if negated:
            i += 1
        match = _FILTER.match(text, i)
        name: str | None = None
        if match and not negated:
            name = match.group(1).lower()
            i = match.start(2)
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    f"unbalanced quote: the quote opened at {text[start : start + 20]!r} "
                    "is never closed",
                    '"state space" models',
                )
            pieces.append(_Piece(text[i + 1 : end], True, negated, name))
            i = end + 1
            continue
        while i < n and not text[i].isspace():
            if text[i] == '"':
                raise QueryError(
                    f"a quote inside a word ({text[start : i + 1]!r}); put quotes around "
                    "whole phrases",
                    '"state space" models',
                )
            i += 1
        value = text[match.start(2) : i] if name is not None and match else text[start:i]
        if negated:
            value = value[1:]
        pieces.append(_Piece(value, False, negated, name))
    return pieces


def _parse_date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(
            f"{name}: takes a date as YYYY-MM-DD, not {value[:20]!r}", f"{name}:2025-01-31"
        ) from None


def parse_query(
    text: str, *, max_chars: int = 300, window: int = 0, analyzer: Analyzer | None = None
) -> SearchQuery:
    """Parse the query language into a SearchQuery. Raises QueryError."""
    analyzer = analyzer or Analyzer()
    if len(text) > max_chars:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {max_chars}")
    _check_characters(text)
    terms: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    categories: list[str] = []
    authors: list[str] = []
    since: dt.date | None = None
    before: dt.date | None = None
    for piece in _split(text):
        paper_id = None if piece.quoted or piece.negated else paper_id_of(_raw(piece))
        if paper_id is not None:  # `arXiv:2401.01234`, an arXiv URL, the DOI...
            piece = _Piece(paper_id)
        if piece.filter is not None:
            if piece.filter not in FILTERS:
                raise QueryError(
                    f"unknown filter {piece.filter + ':'!r}; the filters are "
                    + ", ".join(f"{f}:" for f in FILTERS)
                )
            value = piece.text.strip()
            if not value:
                raise QueryError(f"{piece.filter}: needs a value", _FILTER_EXAMPLES[piece.filter])
            if piece.filter == "cat":
                for name in value.split(","):
                    category = canonical_category(name)
                    if category is None:
                        raise QueryError(
                            f"unknown arXiv category {name.strip()[:30]!r}", "cat:cs.LG cat:stat.ML"
                        )
                    categories.append(category)
            elif piece.filter == "au":
                author = " ".join(value.split())
                if len(author) > _MAX_AUTHOR or not any(c.isalnum() for c in author):
                    raise QueryError("au: needs an author's name", _FILTER_EXAMPLES["au"])
                authors.append(author)
            elif piece.filter == "since":
                since = _parse_date("since", value)
            else:
                before = _parse_date("before", value)
            continue
        tokens = analyzer.tokens(piece.text)
        if piece.negated:
            if tokens:  # `-self-attention` excludes the phrase "self attention"
                excluded.append(" ".join(tokens))
        elif len(tokens) > 1:
            phrases.append(" ".join(tokens))
        else:
            terms.extend(tokens)
    if since is not None and before is not None and since >= before:
        raise QueryError(
            "since: must be earlier than before:", "since:2025-01-01 before:2025-06-01"
        )
    _check_sizes(terms, phrases, excluded)
    query = SearchQuery(
        terms=_unique(terms),
        phrases=_unique(phrases),
        excluded=_unique(excluded),
        categories=_unique(categories),
        authors=_unique(authors, casefold=True),
        since=since,
        before=before,
        window=window,
    )
    if query.is_empty:
        if query.excluded:
            raise QueryError("the query only excludes words; add at least one word to look for")
        raise QueryError("the query has no words to look for")
    return query


def paper_id_of(text: str) -> str | None:
    """The canonical arXiv id when `text` is one paper's id (any form), else None."""
    try:
        arxiv_id, _version = parse_arxiv_id(text)
    except InvalidArxivId:
        return None
    return arxiv_id


def paper_first(hits: Sequence[SearchHit], paper: Paper | None) -> list[SearchHit]:
    """`hits` with `paper` (the one a query named by id) first, scored above the rest."""
    if paper is None:
        return list(hits)
    rest = [hit for hit in hits if hit.paper.arxiv_id != paper.arxiv_id]
    top = max((hit.score for hit in hits), default=0.0)
    return [SearchHit(paper, score=max(top, 0.0) + 1.0), *rest]


def _raw(piece: _Piece) -> str:
    return f"{piece.filter}:{piece.text}" if piece.filter is not None else piece.text


def _check_sizes(terms: list[str], phrases: list[str], excluded: list[str]) -> None:
    if len(set(terms)) > MAX_TERMS:
        raise QueryError(f"too many words ({len(set(terms))}); at most {MAX_TERMS}")
    if len(set(phrases)) > MAX_PHRASES:
        raise QueryError(f"too many phrases ({len(set(phrases))}); at most {MAX_PHRASES}")
    if len(set(excluded)) > MAX_EXCLUDED:
        raise QueryError(f"too many excluded words; at most {MAX_EXCLUDED}")
    if any(len(p.split()) > MAX_PHRASE_WORDS for p in phrases + excluded):
        raise QueryError(f"a phrase may have at most {MAX_PHRASE_WORDS} words")


_FILTER_EXAMPLES: Mapping[str, str] = MappingProxyType(
    {
        "cat": "cat:cs.LG",
        "au": 'au:"Yann LeCun"',
        "since": "since:2025-01-01",
        "before": "before:2025-07-01",
    }
)


def _unique(items: list[str], *, casefold: bool = False) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower() if casefold else item, item)
    return tuple(sorted(seen.values(), key=str.lower))


def format_query(query: SearchQuery) -> str:
    """The normalised text of a query: parsing it gives back an equal query."""
    parts: list[str] = [f"cat:{c}" for c in query.categories]
    parts += [f'au:"{a}"' for a in query.authors]
    if query.since is not None:
        parts.append(f"since:{query.since.isoformat()}")
    if query.before is not None:
        parts.append(f"before:{query.before.isoformat()}")
    parts += [f'"{p}"' for p in query.phrases]
    parts += list(query.terms)
    parts += [f'-"{w}"' if " " in w else f"-{w}" for w in query.excluded]
    return " ".join(parts)


__all__ = [
    "EXAMPLE",
    "FILTERS",
    "MentionInQuery",
    "QueryError",
    "format_query",
    "paper_first",
    "paper_id_of",
    "parse_query",
]
