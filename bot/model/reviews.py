"""Reviews in the house style, platform-neutral: `Review` and its `ReviewSection`s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.model.papers import Link

SECTION_NAMES = ("Key Problem", "Methodology", "Implementation", "Results", "Significance")
Producer = Literal["extractive", "article", "llm"]


class Basis(StrEnum):
    """What a review was written from."""

    FULL_TEXT = "full_text"  # the paper's full text (bot.review.fulltext)
    ABSTRACT = "abstract"
    ARTICLE = "article"  # a feed's blog article


@dataclass(frozen=True)
class SectionSource:
    """Where a section's sentences came from in the paper: `4.2 Main results`, `S4.SS2.p1`."""

    section: str
    anchor: str


@dataclass(frozen=True)
class ReviewSection:
    name: str  # one of SECTION_NAMES
    text: str
    sources: tuple[SectionSource, ...] = ()  # full-text reviews: where its claims came from


@dataclass(frozen=True)
class Review:
    """A house-style review, platform-neutral. Adapters render it; see bot/review."""

    paper_id: str
    title: str
    date: dt.date
    hook: str
    sections: tuple[ReviewSection, ...]
    link: str  # the main link, shown last in angle brackets
    producer: Producer
    series: str = "Daily Paper"
    emoji: str = ""
    number: int | None = None  # "Paper Review No. N", per channel, set when posted
    links: tuple[Link, ...] = ()  # every known link: abs, pdf, blog post, ...
    categories: tuple[str, ...] = ()
    upvotes: int | None = None
    basis: Basis = Basis.ABSTRACT  # what the producer wrote it from


__all__ = ["SECTION_NAMES", "Basis", "Producer", "Review", "ReviewSection", "SectionSource"]
