"""Which passages of a paper answer a question: Okapi BM25 over its paragraphs, figure
and table captions and abstract, with each passage's section titles counted as its words.

Terms are the search index's own (`bot.textindex.Analyzer`: unicode61 tokens, porter
stems), so "transformers" finds "Transformer" here exactly as `/paper search` would.
Question words that carry no topic ("what", "does", "the") are dropped before stemming;
the statistics (document frequency, average length) are the paper's own, so a word every
paragraph uses weighs little. Hand-written rather than a library: BM25 is twenty lines,
and the packaged ones (rank-bm25 and the like) bring their own tokenizers, which would
make a second analysis of the text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.ask.model import Match, Passage, PassageKind
from bot.fulltext.document import FullText
from bot.textindex import Analyzer

K1 = 1.2
B = 0.75
RELATIVE_CUTOFF = 0.5  # the 2nd and 3rd passages are quoted when they score this near the 1st
STRONG, PARTIAL, WEAK = 0.6, 0.35, 0.2  # share of the question's weight the best passage holds

# Function words and the words of asking: they say nothing about what is asked.
STOPWORDS = frozenset(
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "been", "before", "being", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "doing", "done", "during", "each", "few", "for", "from",
        "had", "has", "have", "having", "he", "her", "here", "hers", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor",
        "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over",
        "own", "paper", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
        "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
        "authors", "author", "tell", "explain", "describe", "give", "show", "shown", "say", "said",
        "mean", "means", "use", "used", "using", "kind", "much", "many",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Scored:
    passage: Passage
    score: float
    coverage: float  # the share of the question's idf weight this passage contains
    found: frozenset[str] = frozenset()  # the question's terms it contains


@dataclass(frozen=True)
class Retrieval:
    best: tuple[Scored, ...]  # 1 to 3 passages, best first; empty when nothing matches
    match: Match
    terms: tuple[str, ...]  # the question's content stems
    coverage: float = 0.0  # the share of the question's idf weight the quoted passages hold


def passages_of(document: FullText) -> list[Passage]:
    """Every passage of the full text: the abstract, then each section's paragraphs and
    captions (a table's cells with its caption), in reading order."""
    found: list[Passage] = []
    if document.abstract.strip():
        found.append(Passage("Abstract", "", document.abstract, PassageKind.ABSTRACT))
    for section in document.sections:
        label = section.label or section.title
        if not section.number and section.level > 1:  # "4 Experiments › Datasets"
            parent = document.top_level(section)
            if parent is not section:
                label = f"{parent.label} › {label}"
        for paragraph in section.paragraphs:
            if paragraph.text.strip():
                found.append(Passage(label, paragraph.anchor, paragraph.text))
        for caption in section.captions:
            cells = " ".join(" ".join(row) for row in caption.cells)
            text = f"{caption.text} {cells}".strip()
            if text:
                found.append(Passage(label, caption.anchor, text, PassageKind.CAPTION))
    return found


def abstract_passages(abstract: str) -> list[Passage]:
    """The abstract alone (no full text): one passage, quoted whole or cut at a sentence."""
    return [Passage("Abstract", "", abstract, PassageKind.ABSTRACT)] if abstract.strip() else []


class Retriever:
    """Analyses passages and questions the same way; `index(passages).rank(question)`."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer

    def query_terms(self, question: str) -> list[str]:
        tokens = [t for t in self._analyzer.tokens(question) if t not in STOPWORDS]
        stems = [self._analyzer.stem(t) for t in tokens if len(t) > 1 or t.isdigit()]
        return list(dict.fromkeys(stems))

    def index(self, passages: Sequence[Passage]) -> PassageIndex:
        # a passage's words: its own, plus its section's title (section-aware ranking)
        docs = [
            Counter(self._analyzer.terms(f"{p.text} {p.section}" if p.anchor else p.text))
            for p in passages
        ]
        return PassageIndex(self, tuple(passages), docs)


class PassageIndex:
    """One paper's passages, analysed once; ranked for any number of questions."""

    def __init__(
        self, retriever: Retriever, passages: tuple[Passage, ...], docs: list[Counter[str]]
    ) -> None:
        self._retriever = retriever
        self.passages = passages
        self._docs = docs
        self._lengths = [sum(d.values()) for d in docs]
        self._average = (sum(self._lengths) / len(docs) if docs else 0.0) or 1.0
        self._df: Counter[str] = Counter()
        for doc in docs:
            self._df.update(doc.keys())

    def rank(self, question: str, *, limit: int = 3) -> Retrieval:
        terms = self._retriever.query_terms(question)
        if not terms or not self._docs:
            return Retrieval((), Match.NONE, tuple(terms))
        n = len(self._docs)
        # a word the paper never uses weighs as much as its rarest one (df 1), not more: it
        # lowers the match without drowning the words the paper does use
        df = {t: max(self._df[t], 1) for t in terms}
        idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
        total = sum(idf.values()) or 1.0
        scored: list[Scored] = []
        for passage, doc, length in zip(self.passages, self._docs, self._lengths, strict=True):
            norm = K1 * (1 - B + B * length / self._average)
            found = frozenset(t for t in terms if t in doc)
            if found:
                score = sum(idf[t] * doc[t] * (K1 + 1) / (doc[t] + norm) for t in found)
                scored.append(Scored(passage, score, sum(idf[t] for t in found) / total, found))
        if not scored:
            return Retrieval((), Match.NONE, tuple(terms))
        scored.sort(key=lambda s: -s.score)
        top = scored[0]
        best = [top] + [s for s in scored[1:limit] if s.score >= RELATIVE_CUTOFF * top.score]
        held = frozenset().union(*(s.found for s in best))
        coverage = sum(idf[t] for t in held) / total
        match = _match(coverage)
        quoted = tuple(best) if match is not Match.NONE else ()
        return Retrieval(quoted, match, tuple(terms), coverage)


def _match(coverage: float) -> Match:
    if coverage >= STRONG:
        return Match.STRONG
    if coverage >= PARTIAL:
        return Match.PARTIAL
    return Match.WEAK if coverage >= WEAK else Match.NONE


__all__ = ["PassageIndex", "Retrieval", "Retriever", "Scored", "abstract_passages", "passages_of"]
