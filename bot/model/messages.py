"""Outbound messages: a small closed set of neutral blocks, plus a post's view.

The core never formats for a platform: adapters render these (see adapters/*/render.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # bot.presentation builds on this module; the view is only named here
    from bot.presentation.view import PostView


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
class Attachment:
    """A file sent with a message (an export of saved papers): adapters attach it as a
    file (Slack's file upload, Discord's `discord.File`), the console prints it."""

    filename: str
    content: str  # text: the files the bot sends are BibTeX, RIS and the like
    mime: str = "text/plain"


@dataclass(frozen=True)
class OutboundMessage:
    """What the core asks an adapter to show. `fallback` is the plain-text version.

    `post` is set when the message is one post (a review): adapters render it richly from
    its view (an embed, Block Kit with context and buttons), and `blocks` hold the same
    post as neutral blocks for any renderer that does not know posts. `color_key` lets
    adapters colour by source.
    """

    blocks: tuple[Block, ...]
    fallback: str
    post: PostView | None = None
    color_key: str | None = None
    attachment: Attachment | None = None

    @classmethod
    def text(cls, text: str) -> OutboundMessage:
        return cls(blocks=(Text.plain(text),), fallback=text)


__all__ = [
    "Attachment",
    "Block",
    "Button",
    "Buttons",
    "Fields",
    "Header",
    "LinkBlock",
    "OutboundMessage",
    "Span",
    "Text",
]
