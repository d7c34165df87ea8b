"""The neutral model: frozen dataclasses that cross every boundary of the bot.

Sources produce `Paper`s, the review producers turn them into `Review`s, commands and
deliveries build `OutboundMessage`s, and adapters turn chat events into
`CommandInvocation`s. Nothing here knows a chat platform, a database or a feed format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

# ---------------------------------------------------------------------------------------
# Papers
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A labelled URL: `abs`, `pdf`, `html`, `doi`, `blog`, `github`, `hf`, ..."""

    rel: str
    url: str


@dataclass(frozen=True)
class FeedArticle:
    """A feed entry (for example a blog's review of a paper), kept with its HTML."""

    feed: str  # the source name that delivered it
    entry_id: str  # the entry's own stable id (guid / atom id / link)
    url: str
    title: str
    html: str = ""
    author: str | None = None
    tags: tuple[str, ...] = ()
    published: dt.datetime | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True)
class Paper:
    """One paper, keyed by its canonical arXiv id without version.

    `arxiv_id` is e.g. `2403.17887` or `hep-th/9901001`. A feed entry about no arXiv
    paper is stored under its own stable id, `feed:<hash>` (see `is_arxiv`).
    Fields a source does not know are left at their empty default; the store merges
    what several sources saw (see storage).
    """

    arxiv_id: str
    title: str
    abstract: str = ""
    version: int | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    links: tuple[Link, ...] = ()
    upvotes: int | None = None
    num_comments: int | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    github_repo: str | None = None
    announce_type: str | None = None  # new, cross, replace, replace-cross (arXiv listing)
    sources: frozenset[str] = frozenset()  # names of the sources that saw it
    article: FeedArticle | None = None
    first_seen: dt.datetime | None = None  # set by the store on first insert

    @property
    def is_arxiv(self) -> bool:
        return not self.arxiv_id.startswith("feed:")

    @property
    def abs_url(self) -> str:
        if not self.is_arxiv:
            return self.article.url if self.article else self.link("abs") or ""
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    @property
    def pdf_url(self) -> str | None:
        if not self.is_arxiv:
            return self.link("pdf")
        return f"https://arxiv.org/pdf/{self.arxiv_id}"

    def link(self, rel: str) -> str | None:
        for item in self.links:
            if item.rel == rel:
                return item.url
        return None


# ---------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------

SECTION_NAMES = ("Key Problem", "Methodology", "Implementation", "Results", "Significance")
Producer = Literal["extractive", "article", "llm"]


@dataclass(frozen=True)
class ReviewSection:
    name: str  # one of SECTION_NAMES
    text: str


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


# ---------------------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------------------


class DeliveryMode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"


@dataclass(frozen=True)
class Owner:
    """Who holds a subscription: a user of one workspace (guild, team) on one platform."""

    platform: str
    workspace: str
    user: str


@dataclass(frozen=True)
class Subscription:
    id: int
    owner: Owner
    query: str  # the normalised topic text, in the search query language
    mode: DeliveryMode
    created: dt.datetime
    digest_time: dt.time = dt.time(9, 0)
    timezone: str = "UTC"
    matches: int = 0  # papers delivered for this topic so far


# ---------------------------------------------------------------------------------------
# Outbound messages: a small closed set of neutral blocks
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of text. Adapters escape `text` for their platform, then apply the style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str | None = None  # a link: the span's text is its label


@dataclass(frozen=True)
class Header:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Text:
    spans: tuple[Span, ...]
    label: str | None = None  # e.g. "Key Problem": rendered bold before the text

    @classmethod
    def plain(cls, text: str, label: str | None = None) -> Text:
        return cls((Span(text),), label)

    @property
    def plain_text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Fields:
    """Short name/value pairs shown together (date, categories, upvotes, ...)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class LinkBlock:
    label: str
    url: str


@dataclass(frozen=True)
class Button:
    label: str
    url: str | None = None  # a link button, or
    action: str | None = None  # an action handled by the bot: e.g. "subscribe"
    value: str = ""


@dataclass(frozen=True)
class Buttons:
    buttons: tuple[Button, ...]


Block = Header | Text | Fields | LinkBlock | Buttons


@dataclass(frozen=True)
class OutboundMessage:
    """What the core asks an adapter to show. `fallback` is the plain-text version.

    `review` is set when the message is one review, so adapters can render it richly
    (an embed, Block Kit with context and buttons); `color_key` lets them colour by source.
    """

    blocks: tuple[Block, ...]
    fallback: str
    review: Review | None = None
    color_key: str | None = None

    @classmethod
    def text(cls, text: str) -> OutboundMessage:
        return cls(blocks=(Text.plain(text),), fallback=text)


# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommandInvocation:
    """A chat user's `/paper <command> <arguments>`, as every adapter hands it to the core."""

    platform: str
    workspace: str
    channel: str
    user: str
    is_admin: bool
    command: str  # the subcommand: search, subscribe, ...; "" for bare `/paper`
    arguments: str = ""  # the rest of the line, raw
    options: tuple[tuple[str, str], ...] = ()  # typed options (e.g. ("mode", "instant"))
    user_timezone: str | None = None  # when the platform tells it
    user_name: str | None = None

    @property
    def owner(self) -> Owner:
        return Owner(self.platform, self.workspace, self.user)

    def option(self, name: str) -> str | None:
        for key, value in self.options:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class CommandReply:
    message: OutboundMessage
    ephemeral: bool = True


# ---------------------------------------------------------------------------------------
# JSON round-trip for messages stored in the outbox
# ---------------------------------------------------------------------------------------

_BLOCK_TYPES: Mapping[str, type[Any]] = {
    "header": Header,
    "text": Text,
    "fields": Fields,
    "link": LinkBlock,
    "buttons": Buttons,
}


def message_to_dict(message: OutboundMessage) -> dict[str, Any]:
    """Serialise a message (for the outbox) to plain JSON types."""
    from dataclasses import asdict

    blocks = []
    for block in message.blocks:
        kind = next(k for k, t in _BLOCK_TYPES.items() if isinstance(block, t))
        blocks.append({"type": kind, **asdict(block)})
    review = None
    if message.review is not None:
        review = asdict(message.review)
        review["date"] = message.review.date.isoformat()
    return {
        "blocks": blocks,
        "fallback": message.fallback,
        "review": review,
        "color_key": message.color_key,
    }


def message_from_dict(data: Mapping[str, Any]) -> OutboundMessage:
    """The inverse of `message_to_dict`."""
    blocks: list[Block] = []
    for raw in data.get("blocks", []):
        kind = raw["type"]
        body = {k: v for k, v in raw.items() if k != "type"}
        if kind == "text":
            blocks.append(Text(tuple(Span(**s) for s in body["spans"]), body.get("label")))
        elif kind == "fields":
            blocks.append(Fields(tuple((str(a), str(b)) for a, b in body["items"])))
        elif kind == "buttons":
            blocks.append(Buttons(tuple(Button(**b) for b in body["buttons"])))
        else:
            blocks.append(_BLOCK_TYPES[kind](**body))
    review = None
    if data.get("review"):
        raw_review = dict(data["review"])
        review = Review(
            paper_id=raw_review["paper_id"],
            title=raw_review["title"],
            date=dt.date.fromisoformat(raw_review["date"]),
            hook=raw_review["hook"],
            sections=tuple(ReviewSection(**s) for s in raw_review["sections"]),
            link=raw_review["link"],
            producer=raw_review["producer"],
            series=raw_review.get("series", "Daily Paper"),
            emoji=raw_review.get("emoji", ""),
            number=raw_review.get("number"),
            links=tuple(Link(**link) for link in raw_review.get("links", ())),
            categories=tuple(raw_review.get("categories", ())),
            upvotes=raw_review.get("upvotes"),
        )
    return OutboundMessage(
        blocks=tuple(blocks),
        fallback=str(data.get("fallback", "")),
        review=review,
        color_key=data.get("color_key"),
    )


__all__ = [
    "SECTION_NAMES",
    "Block",
    "Button",
    "Buttons",
    "CommandInvocation",
    "CommandReply",
    "DeliveryMode",
    "FeedArticle",
    "Fields",
    "Header",
    "Link",
    "LinkBlock",
    "OutboundMessage",
    "Owner",
    "Paper",
    "Producer",
    "Review",
    "ReviewSection",
    "Span",
    "Subscription",
    "Text",
    "message_from_dict",
    "message_to_dict",
]
