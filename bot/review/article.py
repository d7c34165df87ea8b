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
from dataclasses import replace
from types import MappingProxyType

from bot.model import Paper
from bot.review.article_html import Block, BlockKind, parse_article
from bot.review.compose import LATE_SECTIONS, compose_hook, compose_section, voiced
from bot.review.draft import SECTION_ORDER, Draft, ProducerError, ordered, paper_title
from bot.review.extractive import ExtractiveProducer
from bot.review.openers import Placed
from bot.review.sentences import as_sentence, fit_sentences, split_sentences

SECTION_BUDGET = 700
HOOK_BUDGET = 320
BLOG_AUTHORS = "the blog's authors"  # who "we" are in a blog's review

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
    """`plain`: the sentence-by-sentence producer for a post whose headings are not house
    headings (or that has none); without it such a post is refused (`ProducerError`)."""

    def __init__(
        self, *, budget: int = SECTION_BUDGET, plain: ExtractiveProducer | None = None
    ) -> None:
        self._budget = budget
        self._plain = plain

    def produce(self, paper: Paper) -> Draft:
        article = paper.article
        if article is None or not article.html.strip():
            raise ProducerError(f"{paper.arxiv_id}: no feed article to review from")
        blocks = parse_article(article.html)
        texts, intro = self._collect(blocks)
        if not texts:
            return self._classified(paper, blocks)
        # the blog's sentences, numbered in reading order (each part split on its own): a
        # sentence that points back may stay right after the one it points to
        numbering = _Numbering()
        intro_sentences = numbering.of(intro)
        by_section = {name: numbering.of(parts) for name, parts in texts.items()}
        hook = compose_hook(intro_sentences, HOOK_BUDGET, BLOG_AUTHORS) if intro else None
        if hook is not None:  # the sentences right after it, while they fit: one or two
            after = [s for s in intro_sentences if s.index > hook.index]
            hook = Placed(hook.index, _hook_text(hook, after))
        if hook is None:  # no usable introduction: the first section's opening is the hook
            first = next((name for name in SECTION_ORDER if by_section.get(name)), None)
            if first is not None:
                hook = compose_hook(by_section[first][:1], HOOK_BUDGET, BLOG_AUTHORS)
            if first is not None and hook is not None:
                by_section[first] = by_section[first][1:]
        sections = {
            name: compose_section(placed, self._budget, BLOG_AUTHORS, late=name in LATE_SECTIONS)
            for name, placed in by_section.items()
        }
        result = ordered(sections)
        if not result or hook is None:
            raise ProducerError(f"{paper.arxiv_id}: the article's sections are empty")
        return Draft(hook=hook.text, sections=result, producer="article", link=article.url)

    def _classified(self, paper: Paper, blocks: list[Block]) -> Draft:
        """A post without house headings, classified sentence by sentence like a paper."""
        article = paper.article
        body = [
            b.text for b in blocks if b.kind is not BlockKind.HEADING and not _is_source_note(b)
        ]
        if self._plain is None or article is None or not body:
            raise ProducerError(f"{paper.arxiv_id}: the article's headings map to no house section")
        text = " ".join(as_sentence(part) for part in body)
        draft = self._plain.from_text(
            text, paper_title(paper), producer="article", authors=BLOG_AUTHORS
        )
        return replace(draft, link=article.url)

    @staticmethod
    def _collect(blocks: list[Block]) -> tuple[dict[str, list[str]], list[str]]:
        """Text per house section, and the introduction before the first h2/h3 heading."""
        texts: dict[str, list[str]] = {}
        intro: list[str] = []
        current: str | None = None
        seen_heading = False
        for block in blocks:
            if block.kind is BlockKind.HEADING and block.level in (2, 3):
                current = heading_section(block.text)
                seen_heading = True
                continue
            if block.kind is BlockKind.HEADING:
                continue  # the h1 title, h4+ sub-headings
            if _is_source_note(block):
                continue  # the "Source: arXiv:..." note naming the paper
            text = as_sentence(block.text) if block.kind is BlockKind.ITEM else block.text
            if current is not None:
                texts.setdefault(current, []).append(text)
            elif not seen_heading:
                intro.append(text)
        return {k: v for k, v in texts.items() if any(p.strip() for p in v)}, intro


def _hook_text(hook: Placed, after: list[Placed]) -> str:
    texts = [hook.text]
    for index, sentence in enumerate(after, start=hook.index + 1):
        if sentence.index != index:
            break
        texts.append(voiced(sentence.text, BLOG_AUTHORS))
    return fit_sentences(texts, HOOK_BUDGET)


def _is_source_note(block: Block) -> bool:
    source = re.match(r"\W*source\b", block.text, re.IGNORECASE)
    return block.kind is BlockKind.QUOTE and source is not None


class _Numbering:
    """Numbers sentences across an article's parts, in reading order."""

    def __init__(self) -> None:
        self._next = 0

    def of(self, parts: list[str]) -> list[Placed]:
        sentences = split_sentences(" ".join(parts))
        placed = [Placed(self._next + i, sentence) for i, sentence in enumerate(sentences)]
        self._next += len(sentences)
        return placed


__all__ = ["BLOG_AUTHORS", "SYNONYMS", "ArticleProducer", "heading_section"]
