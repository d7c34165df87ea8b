"""What every producer hands back (`Draft`), and how a draft becomes a `Review`.

Producers write only the hook and the sections; the header (series, emoji, date, title),
the links and the running number always come from the bot, whichever producer wrote it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.model import Basis, Link, Paper, Producer, Review, ReviewSection
from bot.review.text import clean_text, shorten

TITLE_BUDGET = 250
MISSING_ABSTRACT = "The abstract of this paper is missing, so this review rests on its title alone."
UNUSABLE_ABSTRACT = (
    "No sentence of this paper's abstract stands on its own, so this review rests on its "
    "title alone."
)
# the hook is the abstract's only sentence that stands alone: the review says so rather
# than repeat the title as its hook or the sentence as a section
ONE_SENTENCE = (
    "The abstract of this paper has no other sentence that stands on its own, so the hook "
    "above is all the review can say without its full text."
)
# a review that says it rests on the title alone may have the title as its hook
TITLE_ONLY = frozenset({MISSING_ABSTRACT, UNUSABLE_ABSTRACT})
SECTION_ORDER = ("Key Problem", "Methodology", "Implementation", "Results", "Significance")


@dataclass(frozen=True)
class Draft:
    hook: str
    sections: tuple[ReviewSection, ...]
    producer: Producer
    link: str = ""  # the main link; empty: the paper's abstract page
    basis: Basis = Basis.ABSTRACT  # an article producer's draft is always Basis.ARTICLE


class ProducerError(Exception):
    """A producer could not write a review of this paper; the next producer is tried."""


def paper_title(paper: Paper) -> str:
    """The clean title (entities, LaTeX, line breaks), or the paper id when it has none."""
    return shorten(clean_text(paper.title), TITLE_BUDGET) or paper.arxiv_id


def paper_links(paper: Paper) -> tuple[Link, ...]:
    """Every known link, abstract page first: abs, pdf, the blog post, then the rest."""
    found: list[Link] = []
    if paper.abs_url:
        found.append(Link("abs", paper.abs_url))
    if paper.pdf_url:
        found.append(Link("pdf", paper.pdf_url))
    if paper.article is not None and paper.article.url:
        found.append(Link("blog", paper.article.url))
    found.extend(paper.links)
    seen: set[str] = set()
    unique = []
    for link in found:
        if link.url and link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return tuple(unique)


def ordered(sections: dict[str, str]) -> tuple[ReviewSection, ...]:
    """Non-empty sections in the house order."""
    return tuple(
        ReviewSection(name, sections[name].strip())
        for name in SECTION_ORDER
        if sections.get(name, "").strip()
    )


def assemble(
    paper: Paper,
    draft: Draft,
    *,
    date: dt.date,
    series: str,
    emoji: str,
    number: int | None = None,
) -> Review:
    return Review(
        paper_id=paper.arxiv_id,
        title=paper_title(paper),
        date=date,
        hook=draft.hook,
        sections=draft.sections,
        link=draft.link or paper.abs_url,
        producer=draft.producer,
        series=series,
        emoji=emoji,
        number=number,
        links=paper_links(paper),
        categories=paper.categories,
        upvotes=paper.upvotes,
        basis=Basis.ARTICLE if draft.producer == "article" else draft.basis,
    )


__all__ = [
    "MISSING_ABSTRACT",
    "ONE_SENTENCE",
    "SECTION_ORDER",
    "TITLE_ONLY",
    "UNUSABLE_ABSTRACT",
    "Draft",
    "ProducerError",
    "assemble",
    "ordered",
    "paper_links",
    "paper_title",
]
