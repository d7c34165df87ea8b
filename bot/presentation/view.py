"""`PostView`: one platform-neutral presentation of a post (a review as a reader sees it).

`bot.presentation.build.post_view` makes it from a `Review`; `render_text` and the
adapters' renderers (Block Kit, embeds) are pure functions of it. It crosses the outbox
as JSON (`bot.presentation.codec`), so it holds only plain values and enums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.presentation.labels import (
    OPEN_PAPER,
    Action,
    LinkKind,
    format_date,
    producer_text,
    review_number,
    upvotes_text,
    votes_text,
)


@dataclass(frozen=True)
class PostHeader:
    """`{emoji} {series} - {date}: {title}`, linking to `url`."""

    series: str
    emoji: str
    date: dt.date
    title: str
    url: str | None = None


@dataclass(frozen=True)
class SourceAnchor:
    """Where a section's text comes from in the paper: its section title and a link."""

    section_title: str
    url: str


@dataclass(frozen=True)
class PostSection:
    name: str  # "Key Problem", "Methodology", ...
    text: str
    sources: tuple[SourceAnchor, ...] = ()  # filled by full-text reviews


@dataclass(frozen=True)
class PostLink:
    kind: LinkKind
    url: str

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class PostAction:
    """A button that runs a bot action: `/paper <action> <value>`."""

    action: Action
    value: str

    @property
    def label(self) -> str:
        return self.action.label


@dataclass(frozen=True)
class PostView:
    """Everything a renderer shows of a post, in the order a reader meets it."""

    paper_id: str
    header: PostHeader
    hook: str
    sections: tuple[PostSection, ...]
    producer: str  # extractive, article, llm
    number: int | None = None  # "Paper Review No. N"
    why: str | None = None  # "why this paper" for this reader, shown when present
    links: tuple[PostLink, ...] = ()  # every known link, labelled by kind
    paper_url: str | None = None  # the paper's page, when the main link is a blog review
    open_url: str | None = None  # the "Open paper" button
    pdf_url: str | None = None  # the PDF button (absent when it is the open link)
    actions: tuple[PostAction, ...] = ()
    categories: tuple[str, ...] = ()
    upvotes: int | None = None
    votes: tuple[int, int] | None = None  # the channel's (likes, dislikes), once voted on

    def link_buttons(self) -> tuple[tuple[str, str], ...]:
        """The link buttons as `(label, url)`: open the paper, then its PDF."""
        buttons: list[tuple[str, str]] = []
        if self.open_url:
            buttons.append((OPEN_PAPER, self.open_url))
        if self.pdf_url:
            buttons.append((LinkKind.PDF.label, self.pdf_url))
        return tuple(buttons)

    def meta_items(self) -> tuple[str, ...]:
        """The short facts under a post, in order: number, date, upvotes, producer, votes."""
        items = [review_number(self.number)] if self.number is not None else []
        items.append(format_date(self.header.date))
        if self.upvotes is not None:
            items.append(upvotes_text(self.upvotes))
        items.append(producer_text(self.producer))
        if self.votes is not None:
            items.append(votes_text(*self.votes))
        return tuple(items)


__all__ = ["PostAction", "PostHeader", "PostLink", "PostSection", "PostView", "SourceAnchor"]
