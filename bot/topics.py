"""Compiled topics and analysed papers: what topic matching compares.

A `Topic` is a query of the search language (bot.query) reduced to stems and filters;
a `PaperDoc` is a paper reduced to the stems of the fields the search index holds
(title, abstract, authors joined by ", "), its categories, author text and date.
`Topic.matches(doc)` is true exactly when the SQLite store's search for that query would
find that paper (see bot.matching and tests/matching).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.model import Paper
from bot.textindex import Analyzer
from storage.base import SearchQuery

# SQLite's LIKE (the store's author filter) folds the case of ASCII letters only.
_ASCII_LOWER: Mapping[int, int] = MappingProxyType(
    {ord(c): ord(c) + 32 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)


def ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Topic:
    """A compiled topic: stems and filters, hashable so identical topics are shared."""

    terms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    excluded: frozenset[str]
    categories: frozenset[str]
    authors: tuple[str, ...]  # lower-case needles
    since: dt.date | None = None
    before: dt.date | None = None
    excluded_phrases: tuple[tuple[str, ...], ...] = ()  # `-self-attention`
    # every stem a matching paper must contain somewhere (terms and phrase words)
    required: frozenset[str] = field(default=frozenset(), compare=False)
    # whether a paper passing the stem, category and exclusion bitsets needs a closer look
    needs_check: bool = field(default=False, compare=False)

    def matches(self, doc: PaperDoc) -> bool:
        terms = doc.terms
        if not self.required <= terms or not self.excluded.isdisjoint(terms):
            return False
        if self.categories and self.categories.isdisjoint(doc.categories):
            return False
        if self.since is not None or self.before is not None:
            if doc.day is None:
                return False
            if self.since is not None and doc.day < self.since:
                return False
            if self.before is not None and doc.day >= self.before:
                return False
        if any(needle not in doc.authors_lower for needle in self.authors):
            return False
        if any(doc.has_phrase(phrase) for phrase in self.excluded_phrases):
            return False
        return all(doc.has_phrase(phrase) for phrase in self.phrases)


def compile_topic(query: SearchQuery, analyzer: Analyzer) -> Topic:
    terms = frozenset(stem for term in query.terms for stem in analyzer.terms(term))
    stemmed = (tuple(analyzer.terms(p)) for p in query.phrases)
    phrases = tuple(sorted(p for p in stemmed if p))
    # a one-word phrase is a plain term
    terms = terms.union(p[0] for p in phrases if len(p) == 1)
    phrases = tuple(p for p in phrases if len(p) > 1)
    excluded = [tuple(analyzer.terms(word)) for word in query.excluded]
    return Topic(
        terms=terms,
        phrases=phrases,
        excluded=frozenset(e[0] for e in excluded if len(e) == 1),
        categories=frozenset(query.categories),
        authors=tuple(sorted({ascii_lower(a) for a in query.authors})),
        since=query.since,
        before=query.before,
        excluded_phrases=tuple(sorted(e for e in excluded if len(e) > 1)),
        required=terms.union(*phrases),
        needs_check=bool(
            phrases
            or query.authors
            or query.since
            or query.before
            or any(len(e) > 1 for e in excluded)
        ),
    )


@dataclass
class PaperDoc:
    """What matching needs of one paper: stems per indexed column, categories, date."""

    paper_id: str
    columns: tuple[list[str], ...]
    terms: set[str]
    categories: frozenset[str]
    authors_lower: str
    day: dt.date | None

    @classmethod
    def of(cls, paper: Paper, analyzer: Analyzer) -> PaperDoc:
        authors_text = ", ".join(paper.authors)
        columns = (
            analyzer.terms(paper.title),
            analyzer.terms(paper.abstract),
            analyzer.terms(authors_text),
        )
        when = paper.published or paper.first_seen
        return cls(
            paper_id=paper.arxiv_id,
            columns=columns,
            terms=set().union(*columns),
            categories=frozenset(paper.categories),
            authors_lower=ascii_lower(authors_text),
            day=when.astimezone(dt.UTC).date() if when is not None else None,
        )

    def has_phrase(self, phrase: tuple[str, ...]) -> bool:
        """The stems occur consecutively within one column (as an FTS5 phrase)."""
        first, wanted, size = phrase[0], list(phrase), len(phrase)
        for column in self.columns:
            start = 0
            while True:
                try:
                    found = column.index(first, start)
                except ValueError:
                    break
                if column[found : found + size] == wanted:
                    return True
                start = found + 1
        return False


__all__ = ["PaperDoc", "Topic", "ascii_lower", "compile_topic"]
