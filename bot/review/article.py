"""The article producer: a human review from a feed (a paper-review blog) in house form.

The article's h2/h3 headings are mapped onto the house sections by synonyms
(case-insensitive): Background / Research Gap / Objective -> Key Problem; Methodology /
Experimental Design / Proposed Modifications -> Methodology; Experiment / Results / Main
Findings -> Results; Conclusion / Discussion / Implications -> Significance. Each section
is cut to its budget at a sentence boundary. The main link is the blog post; the arXiv
paper is linked beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from bot.model import Paper
from bot.review.article_html import Block, parse_article
from bot.review.draft import Draft, ProducerError, ordered
from bot.review.sentences import as_sentence, fit_sentences, split_sentences
from bot.review.text import shorten

SECTION_BUDGET = 700
HOOK_BUDGET = 320

# house section -> heading phrases (lower case, words); the earliest phrase in a heading wins
SYNONYMS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "Key Problem": (
        "key problem", "background", "research gap", "objective", "objectives", "introduction",
        "motivation", "problem", "problem statement", "hypothesis", "research question",
        "research questions", "goal", "goals", "aim", "aims", "context", "overview",
        "the challenge", "challenge",
    ),
    "Methodology": (
        "methodology", "method", "methods", "experimental design", "proposed modification",
        "proposed modifications", "approach", "proposed method", "proposed approach",
        "architecture", "framework", "model", "technique", "how it works", "design",
    ),
    "Implementation": (
        "implementation", "implementation details", "training details", "experimental setup",
        "setup", "training",
    ),
    "Results": (
        "results", "result", "experiment", "experiments", "main findings", "findings",
        "key findings", "evaluation", "performance", "empirical results", "outcomes",
        "benchmarks",
    ),
    "Significance": (
        "significance", "conclusion", "conclusions", "discussion", "implications",
        "implication", "impact", "takeaways", "key takeaways", "final thoughts", "summary",
        "why it matters", "final word",
    ),
})  # fmt: skip


def heading_section(heading: str) -> str | None:
    """The house section a heading maps to, or None (e.g. "References", "Limitations")."""
    words = re.sub(r"[^a-z ]+", " ", heading.lower()).split()
    best: tuple[int, int, str] | None = None  # (position, -length, section)
    for section, phrases in SYNONYMS.items():
        for phrase in phrases:
            target = phrase.split()
            for position in range(len(words) - len(target) + 1):
                if words[position : position + len(target)] == target:
                    candidate = (position, -len(target), section)
                    if best is None or candidate < best:
                        best = candidate
                    break
    return best[2] if best else None


class ArticleProducer:
    def __init__(self, *, budget: int = SECTION_BUDGET) -> None:
        self._budget = budget

    def produce(self, paper: Paper) -> Draft:
        article = paper.article
        if article is None or not article.html.strip():
            raise ProducerError(f"{paper.arxiv_id}: no feed article to review from")
        texts, intro = self._collect(parse_article(article.html))
        if not texts:
            raise ProducerError(f"{paper.arxiv_id}: the article's headings map to no house section")
        hook = ""
        if intro:
            hook = fit_sentences(split_sentences(" ".join(intro)), HOOK_BUDGET)
        if not hook:  # no introduction before the first heading: the first section opens
            first = next(name for name in texts if texts[name])
            opening = split_sentences(" ".join(texts[first]))
            hook = shorten(opening[0], HOOK_BUDGET)
            texts[first] = [" ".join(opening[1:])]
        sections = {
            name: fit_sentences(split_sentences(" ".join(parts)), self._budget)
            for name, parts in texts.items()
        }
        result = ordered(sections)
        if not result:
            raise ProducerError(f"{paper.arxiv_id}: the article's sections are empty")
        return Draft(hook=hook, sections=result, producer="article", link=article.url)

    @staticmethod
    def _collect(blocks: list[Block]) -> tuple[dict[str, list[str]], list[str]]:
        """Text per house section, and the introduction before the first h2/h3 heading."""
        texts: dict[str, list[str]] = {}
        intro: list[str] = []
        current: str | None = None
        seen_heading = False
        for block in blocks:
            if block.kind == "heading" and block.level in (2, 3):
                current = heading_section(block.text)
                seen_heading = True
                continue
            if block.kind == "heading":
                continue  # the h1 title, h4+ sub-headings
            if block.kind == "quote" and re.match(r"\W*source\b", block.text, re.IGNORECASE):
                continue  # the "Source: arXiv:..." note naming the paper
            text = as_sentence(block.text) if block.kind == "item" else block.text
            if current is not None:
                texts.setdefault(current, []).append(text)
            elif not seen_heading:
                intro.append(text)
        return {k: v for k, v in texts.items() if any(p.strip() for p in v)}, intro


__all__ = ["SYNONYMS", "ArticleProducer", "heading_section"]
