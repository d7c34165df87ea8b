"""Topic matching: which new papers match which stored subscriptions.

A topic is a query in the search language (bot.query), so a topic matches a paper exactly
when the same search would find it in the SQLite store: the same fields (title, abstract,
authors as ", "-joined text), the same tokenizer and Porter stemmer (bot.textindex), the
same filters (categories any, author substrings all, dates on published else first_seen).

`TopicIndex(subscriptions)` compiles each distinct topic once (identical topics are shared
between users) and files it under one key: its rarest required stem (by `doc_freq` when
given, else the longest stem), or, for topics without words, each of its categories, or a
short list of author-only topics. `match(papers)` then looks up, for each paper, only the
topics filed under the paper's own stems and categories, and verifies the rest of each
candidate by set look-ups. `match_naive` is the obvious nested loop, kept as the reference.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.model import Paper, Subscription
from bot.query import QueryError, parse_query
from bot.textindex import Analyzer
from storage.base import SearchQuery

log = logging.getLogger(__name__)
# SQLite's LIKE (the store's author filter) folds the case of ASCII letters only.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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
    phrases = tuple(sorted(tuple(analyzer.terms(p)) for p in query.phrases if analyzer.terms(p)))
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
    _positions: list[dict[str, list[int]]] | None = field(default=None, repr=False)

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
        if self._positions is None:
            self._positions = []
            for column in self.columns:
                positions: dict[str, list[int]] = {}
                for index, stem in enumerate(column):
                    positions.setdefault(stem, []).append(index)
                self._positions.append(positions)
        first, rest = phrase[0], phrase[1:]
        for column, positions in zip(self.columns, self._positions, strict=True):
            for start in positions.get(first, ()):
                end = start + 1 + len(rest)
                if end <= len(column) and tuple(column[start + 1 : end]) == rest:
                    return True
        return False


class TopicIndex:
    """An inverted index of topics. Build it from subscriptions, then `match(papers)`.

    Each distinct topic is filed under one key: its rarest required stem. Rarity comes
    from `doc_freq` (stem -> papers containing it, e.g. `document_frequencies` of recent
    papers) when given; otherwise each `match` call files the topics by the frequencies
    of the batch it is matching, which costs one pass over the distinct topics.
    """

    def __init__(
        self,
        subscriptions: Iterable[Subscription],
        *,
        doc_freq: Mapping[str, int] | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        self._analyzer = analyzer or Analyzer()
        self.subscribers: dict[Topic, list[int]] = {}
        self.invalid: list[int] = []  # subscriptions whose stored query no longer parses
        compiled: dict[str, Topic] = {}
        for subscription in subscriptions:
            topic = compiled.get(subscription.query)
            if topic is None:
                try:
                    query = parse_query(
                        subscription.query, max_chars=10_000, analyzer=self._analyzer
                    )
                except QueryError as exc:
                    log.warning("subscription %s: stored topic no longer parses: %s",
                                subscription.id, exc.problem)  # fmt: skip
                    self.invalid.append(subscription.id)
                    continue
                topic = compiled[subscription.query] = compile_topic(query, self._analyzer)
            self.subscribers.setdefault(topic, []).append(subscription.id)
        self._topics = list(self.subscribers)
        self._ids = [self.subscribers[topic] for topic in self._topics]
        self._by_term: dict[str, list[int]] = {}
        self._by_category: dict[str, list[int]] = {}
        self._unkeyed: list[int] = []  # author-only topics: checked against every paper
        self._fixed_keys = doc_freq is not None
        if doc_freq is not None:
            self._file_all(doc_freq)

    def _file_all(self, doc_freq: Mapping[str, int]) -> None:
        by_term: dict[str, list[int]] = {}
        by_category: dict[str, list[int]] = {}
        unkeyed: list[int] = []
        df = doc_freq.get
        for number, topic in enumerate(self._topics):
            required = topic.required
            if required:
                key = min(required, key=lambda stem: (df(stem, 0), -len(stem), stem))
                by_term.setdefault(key, []).append(number)
            elif topic.categories:
                for category in topic.categories:
                    by_category.setdefault(category, []).append(number)
            else:
                unkeyed.append(number)
        self._by_term, self._by_category, self._unkeyed = by_term, by_category, unkeyed

    @property
    def topic_count(self) -> int:
        return len(self._topics)

    def documents(self, papers: Sequence[Paper]) -> list[PaperDoc]:
        return [PaperDoc.of(paper, self._analyzer) for paper in papers]

    def match(self, papers: Sequence[Paper]) -> dict[str, set[int]]:
        """paper id -> ids of the subscriptions it matches (papers matching none left out)."""
        return self.match_documents(self.documents(papers))

    def match_documents(self, docs: Sequence[PaperDoc]) -> dict[str, set[int]]:
        if not self._fixed_keys:
            batch: dict[str, int] = {}
            for doc in docs:
                for stem in doc.terms:
                    batch[stem] = batch.get(stem, 0) + 1
            self._file_all(batch)
        topics, ids, by_term = self._topics, self._ids, self._by_term
        result: dict[str, set[int]] = {}
        for doc in docs:
            matched: set[int] = set()
            for stem in doc.terms:
                for number in by_term.get(stem, ()):
                    if topics[number].matches(doc):
                        matched.update(ids[number])
            others: set[int] = set(self._unkeyed)
            for category in doc.categories:
                others.update(self._by_category.get(category, ()))
            for number in others:
                if topics[number].matches(doc):
                    matched.update(ids[number])
            if matched:
                result[doc.paper_id] = matched
        return result


def match_naive(
    subscriptions: Iterable[Subscription], docs: Sequence[PaperDoc], analyzer: Analyzer
) -> dict[str, set[int]]:
    """The reference: every subscription against every paper, no index, no sharing."""
    result: dict[str, set[int]] = {}
    for subscription in subscriptions:
        try:
            query = parse_query(subscription.query, max_chars=10_000, analyzer=analyzer)
            topic = compile_topic(query, analyzer)
        except QueryError:
            continue
        for doc in docs:
            if topic.matches(doc):
                result.setdefault(doc.paper_id, set()).add(subscription.id)
    return result


def document_frequencies(papers: Iterable[Paper], analyzer: Analyzer) -> dict[str, int]:
    """How many of `papers` contain each stem: a sample of recent papers gives the rarity
    that `TopicIndex(doc_freq=...)` uses to pick each topic's key."""
    counts: dict[str, int] = {}
    for paper in papers:
        for stem in PaperDoc.of(paper, analyzer).terms:
            counts[stem] = counts.get(stem, 0) + 1
    return counts


__all__ = [
    "PaperDoc",
    "Topic",
    "TopicIndex",
    "compile_topic",
    "document_frequencies",
    "match_naive",
]
