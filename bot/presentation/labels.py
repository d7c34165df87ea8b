"""Every word and format a reader sees around a post, defined once for every platform.

The plain-text, Block Kit and embed renderers import these; none spells a label of its
own, so a label or a date format changes here and nowhere else (golden tests show it on
each platform).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class LinkKind(StrEnum):
    """What a link of a post points to. The values are the `Link.rel`s the sources set."""

    ABS = "abs"
    PDF = "pdf"
    HTML = "html"
    DOI = "doi"
    BLOG = "blog"
    GITHUB = "github"
    HF = "hf"
    PAPER = "paper"  # the review's own link, when no typed link is known
    OTHER = "other"  # a rel this version does not know (kept, shown as a plain link)

    @classmethod
    def of(cls, rel: str) -> LinkKind:
        try:
            return cls(rel)
        except ValueError:
            return cls.OTHER

    @property
    def label(self) -> str:
        return LINK_LABELS[self]


LINK_LABELS: Mapping[LinkKind, str] = MappingProxyType(
    {
        LinkKind.ABS: "arXiv",
        LinkKind.PDF: "PDF",
        LinkKind.HTML: "HTML",
        LinkKind.DOI: "DOI",
        LinkKind.BLOG: "Blog review",
        LinkKind.GITHUB: "Code",
        LinkKind.HF: "Hugging Face",
        LinkKind.PAPER: "Paper",
        LinkKind.OTHER: "Link",
    }
)


class Action(StrEnum):
    """What a reader can do from a post. Each value is the `/paper` command a button runs
    (with the action's value as its arguments). Like, dislike, save and follow join here
    when the bot handles them; a renderer shows only the actions a view carries."""

    SUBSCRIBE = "subscribe"
    LIKE = "like"
    DISLIKE = "dislike"
    SAVE = "save"
    FOLLOW = "follow"  # a DM when the paper has a new version (bot/commands/follow.py)

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Mapping[Action, str] = MappingProxyType(
    {
        Action.SUBSCRIBE: "Subscribe to this topic",
        Action.LIKE: "👍 More like this",
        Action.DISLIKE: "👎 Less like this",
        Action.SAVE: "Save",
        Action.FOLLOW: "Follow new versions",
    }
)

OPEN_PAPER = "Open paper"  # the link button to the paper's page
LINKS = "Links"
CATEGORIES = "Categories"
UPVOTES = "Upvotes"
DATE = "Date"
REVIEW = "Review"
PRODUCER = "Producer"
WHY = "Why this paper"
SOURCES = "Sources"
CONTINUED = "(cont.)"  # after a section name whose text goes on in another field
DATE_FORMAT = "%d.%m.%y"  # the house date, e.g. 28.11.24


def format_date(day: dt.date) -> str:
    """The house date, `DD.MM.YY`, the one date format of a post on every platform."""
    return f"{day:{DATE_FORMAT}}"


def review_number(number: int) -> str:
    return f"Paper Review No. {number}"


def upvotes_text(upvotes: int) -> str:
    return f"▲ {upvotes} upvotes"


def votes_text(likes: int, dislikes: int) -> str:
    """A channel's votes on a post, shown on the post once someone voted."""
    return f"👍 {likes} · 👎 {dislikes}"


def producer_text(producer: str) -> str:
    return f"by {producer}"


__all__ = [
    "ACTION_LABELS",
    "CATEGORIES",
    "CONTINUED",
    "DATE",
    "DATE_FORMAT",
    "LINKS",
    "LINK_LABELS",
    "OPEN_PAPER",
    "PRODUCER",
    "REVIEW",
    "SOURCES",
    "UPVOTES",
    "WHY",
    "Action",
    "LinkKind",
    "format_date",
    "producer_text",
    "review_number",
    "upvotes_text",
    "votes_text",
]
