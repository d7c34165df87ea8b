"""The full-text producer: every house section from the paper's own sentences, with sources.

Budgets, measured on the house archive (../shared/house-style, 142 reviews, 1,520
paragraphs of 120+ characters): a paragraph's median is 349 characters, its 75th
percentile 489, its 90th 620; a review's opening paragraph has a median of 448. So each
section gets at most 490 characters (Results, where the numbers are, and Implementation,
which has four kinds of detail to hold and is 508 characters in the archive's template
review, 620; Significance, which the archive keeps short, 350) and the hook 450: a whole
review stays under the archive's median of 3,500 characters.

Each section takes the best-scoring sentences of its part of the paper (fulltext_pick),
greedily while they fit its budget, puts them back in reading order, drops or rewrites
the ones that point back to a sentence the reader has not seen (openers), and writes them
in the house's third person (voice). Every section keeps the sections and anchors its
sentences came from. A section the paper gives nothing for is taken from the abstract
review, labelled as coming from the abstract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from bot.fulltext.document import FullText
from bot.model import Basis, Paper, ReviewSection, SectionSource
from bot.review.draft import SECTION_ORDER, Draft, paper_title
from bot.review.fulltext_pick import (
    Candidate,
    candidates,
    clean,
    method_score,
    problem_score,
    results_score,
    setup_score,
    significance_score,
    usable,
)
from bot.review.latex import latex_to_text
from bot.review.numbering import ORDINAL_OPENER, numbering_gaps
from bot.review.openers import Placed, arrange, rewrite_opener, stands_alone
from bot.review.sentences import as_sentence, split_sentences
from bot.review.text import shorten
from bot.review.voice import third_person

BUDGETS = MappingProxyType(
    {
        "Key Problem": 490,
        "Methodology": 490,
        "Implementation": 620,
        "Results": 620,
        "Significance": 350,
    }
)
HOOK_BUDGET = 450
MAX_SENTENCES = 4  # per section
ABSTRACT = SectionSource("Abstract", "abstract")

Score = Callable[[Candidate], float]
_SCORES: tuple[tuple[str, Score], ...] = (
    ("Key Problem", problem_score),
    ("Methodology", method_score),
    ("Implementation", setup_score),
    ("Results", results_score),
    ("Significance", significance_score),
)


@dataclass(frozen=True)
class _Composed:
    text: str
    sources: tuple[SectionSource, ...]


class FullTextProducer:
    """Pure: a paper's `FullText` (and its abstract review, for gaps) -> a `Draft`."""

    def produce(self, paper: Paper, document: FullText, fallback: Draft | None = None) -> Draft:
        pool = candidates(document)
        used: set[int] = set()
        hook = self._hook(document, pool, used) or (fallback.hook if fallback else "")
        sections: list[ReviewSection] = []
        spare = {s.name: s for s in fallback.sections} if fallback is not None else {}
        for name, score in _SCORES:
            composed = _compose(pool, score, BUDGETS[name], used)
            if composed is not None:
                sections.append(ReviewSection(name, composed.text, composed.sources))
            elif name in spare:
                sections.append(ReviewSection(name, spare[name].text, (ABSTRACT,)))
        order = {name: i for i, name in enumerate(SECTION_ORDER)}
        sections.sort(key=lambda s: order.get(s.name, len(order)))
        return Draft(
            hook=hook or as_sentence(paper_title(paper)),
            sections=tuple(sections),
            producer="extractive",
            basis=Basis.FULL_TEXT,
        )

    def _hook(self, document: FullText, pool: list[Candidate], used: set[int]) -> str:
        """The abstract's sentence that says what the paper does, else the introduction's."""
        for raw in split_sentences(document.abstract):
            text = clean(raw)
            if usable(text) and problem_score_like_hook(text) and stands_alone(text):
                return _voiced(rewrite_opener(text), HOOK_BUDGET)
        for candidate in pool:
            says_what = problem_score(candidate) >= 3 and "propos" in candidate.text.lower()
            if says_what and stands_alone(candidate.text):
                used.add(candidate.index)
                return _voiced(rewrite_opener(candidate.text), HOOK_BUDGET)
        return ""


def problem_score_like_hook(text: str) -> bool:
    """ "We propose X", "This paper introduces Y": a sentence that says what the paper does."""
    lowered = text.lower()
    return any(
        cue in lowered
        for cue in ("we propose", "we introduce", "we present", "this paper", "this work")
    )


def _compose(pool: list[Candidate], score: Score, budget: int, used: set[int]) -> _Composed | None:
    scored = [(score(c), c) for c in pool if c.index not in used]
    ranked = sorted(((s, c) for s, c in scored if s > 0), key=lambda sc: (-sc[0], sc[1].index))
    chosen: list[Candidate] = []
    size = 0
    for _, candidate in ranked:
        if len(chosen) >= MAX_SENTENCES:
            break
        length = len(candidate.text) + (1 if chosen else 0)
        if size + length <= budget:
            chosen.append(candidate)
            size += length
    chosen.sort(key=lambda c: c.index)
    by_index = {c.index: c for c in chosen}
    kept = arrange([Placed(c.index, c.text) for c in chosen])
    if not kept:
        return None
    texts = [_voiced(p.text, budget) for p in kept]
    if numbering_gaps(" ".join(texts)):  # "Second, ..." without "First": the ordinal goes
        texts = [_capitalised(ORDINAL_OPENER.sub("", t, count=1)) for t in texts]
    sources: dict[tuple[str, str], None] = {}
    for placed in kept:
        used.add(placed.index)
        source = by_index[placed.index]
        sources[(source.section, source.anchor)] = None
    return _Composed(
        shorten(" ".join(texts), budget),
        tuple(SectionSource(section, anchor) for section, anchor in sources),
    )


def _voiced(text: str, budget: int) -> str:
    return shorten(_capitalised(third_person(latex_to_text(text))), budget)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


__all__ = ["BUDGETS", "HOOK_BUDGET", "FullTextProducer"]
