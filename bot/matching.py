"""Topic matching: which new papers match which stored subscriptions.

A topic is a query in the search language (bot.query), so a topic matches a paper exactly
when the same search would find it in the SQLite store: the same fields (title, abstract,
authors as ", "-joined text), the same tokenizer and Porter stemmer (bot.textindex), the
same filters (categories any, author substrings all, dates on published else first_seen).

`TopicIndex(subscriptions)` compiles each distinct topic once (identical topics are shared
between users) and files it under one key: its rarest required stem (by `doc_freq` when
given, else by the frequencies in the batch being matched), or, for topics without words,
under their categories, or in a short list of author-only topics. `match(papers)` walks
the keys: the topics under a stem that no new paper contains are skipped whole; for the
others, ANDing the batch's posting bitsets (stem -> papers) gives the papers holding every
required stem, a wanted category and no excluded word, and only topics with phrases,
authors or dates look at those papers one by one. `match_naive` is the obvious nested
loop, kept as the reference (and in tests and the benchmark, checked to agree).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

from bot.model import Paper, Subscription
from bot.query import QueryError, parse_query
from bot.textindex import Analyzer
from bot.topics import PaperDoc, Topic, ascii_lower, compile_topic

log = logging.getLogger(__name__)


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
        by_text: dict[str, list[int]] = {}  # normalised text -> its subscribers' id list
        for subscription in subscriptions:
            ids = by_text.get(subscription.query)
            if ids is None:
                try:
                    query = parse_query(
                        subscription.query, max_chars=10_000, analyzer=self._analyzer
                    )
                except QueryError as exc:
                    log.warning("subscription %s: stored topic no longer parses: %s",
                                subscription.id, exc.problem)  # fmt: skip
                    self.invalid.append(subscription.id)
                    continue
                topic = compile_topic(query, self._analyzer)
                ids = by_text[subscription.query] = self.subscribers.setdefault(topic, [])
            ids.append(subscription.id)
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
        """Walk the keys: the topics filed under a stem no new paper contains are skipped
        whole; for the others, the papers containing every required stem (and a wanted
        category, and no excluded word) come from ANDing the batch's posting bitsets, and
        only topics with phrases, authors or dates check those papers one by one."""
        postings = _bitsets((i, doc.terms) for i, doc in enumerate(docs))
        categories = _bitsets((i, doc.categories) for i, doc in enumerate(docs))
        if not self._fixed_keys:
            self._file_all({stem: bits.bit_count() for stem, bits in postings.items()})
        found: list[list[list[int]]] = [[] for _ in docs]  # per paper: matched id lists
        topics, ids = self._topics, self._ids
        for stem, numbers in self._by_term.items():
            key_bits = postings.get(stem)
            if key_bits:
                for number in numbers:
                    bits = _candidates(topics[number], key_bits, postings, categories)
                    if bits:
                        _collect(topics[number], ids[number], bits, docs, found)
        everyone = (1 << len(docs)) - 1
        seen: set[int] = set()
        for numbers in (*self._by_category.values(), self._unkeyed):
            for number in numbers:
                if number not in seen:
                    seen.add(number)
                    bits = _candidates(topics[number], everyone, postings, categories)
                    if bits:
                        _collect(topics[number], ids[number], bits, docs, found)
        # each subscription belongs to one topic, so the lists are disjoint: one set each
        return {
            doc.paper_id: set(chain.from_iterable(lists))
            for doc, lists in zip(docs, found, strict=True)
            if lists
        }


def _bitsets(items: Iterable[tuple[int, Iterable[str]]]) -> dict[str, int]:
    """value -> bitset of the positions whose values include it."""
    positions: dict[str, list[int]] = {}
    for position, values in items:
        for value in values:
            positions.setdefault(value, []).append(position)
    return {value: sum(1 << p for p in found) for value, found in positions.items()}


def _candidates(
    topic: Topic, bits: int, postings: dict[str, int], categories: dict[str, int]
) -> int:
    for stem in topic.required:
        bits &= postings.get(stem, 0)
        if not bits:
            return 0
    if topic.categories:
        wanted = 0
        for category in topic.categories:
            wanted |= categories.get(category, 0)
        bits &= wanted
    for stem in topic.excluded:
        bits &= ~postings.get(stem, 0)
    return bits


def _collect(
    topic: Topic, ids: list[int], bits: int, docs: Sequence[PaperDoc], found: list[list[list[int]]]
) -> None:
    check = topic.needs_check
    while bits:
        low = bits & -bits
        position = low.bit_length() - 1
        bits ^= low
        if not check or topic.matches(docs[position]):
            found[position].append(ids)


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
    "ascii_lower",
    "compile_topic",
    "document_frequencies",
    "match_naive",
]
