"""Rendering a review: the house plain-text format, and the neutral message adapters show.

    ⚡️🚀 Daily Paper - 28.11.24: Parameter-Efficient Fine-Tuning with Discrete Fourier Transform
    Paper Review No. 5

    <hook>

    Key Problem: ...

    Methodology: ...

    Results: ...

    Significance: ...

    <https://arxiv.org/abs/2405.03003>

The link goes last, in angle brackets, so chat clients do not unfurl a large preview.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from bot.model import (
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Review,
    Text,
)

LINK_LABELS = MappingProxyType(
    {
        "abs": "arXiv",
        "pdf": "PDF",
        "blog": "Blog review",
        "html": "HTML",
        "doi": "DOI",
        "github": "Code",
        "hf": "Hugging Face",
    }
)
TOPIC_CHARS = 200


def header_line(review: Review) -> str:
    """`{emoji} {series} - DD.MM.YY: {title}` (no emoji run when none is configured)."""
    prefix = f"{review.emoji} {review.series}".strip()
    return f"{prefix} - {review.date:%d.%m.%y}: {review.title}"


def render_text(review: Review) -> str:
    """The review in the house plain-text format."""
    lines = [header_line(review)]
    if review.number is not None:
        lines.append(f"Paper Review No. {review.number}")
    blocks = ["\n".join(lines)]
    if review.hook:
        blocks.append(review.hook)
    blocks.extend(f"{section.name}: {section.text}" for section in review.sections)
    paper = _link(review, "abs")
    if review.producer == "article" and paper and paper != review.link:
        blocks.append(f"Paper: <{paper}>")
    if review.link:
        blocks.append(f"<{review.link}>")
    return "\n\n".join(blocks)


def subscribe_topic(review: Review) -> str:
    """A topic a reader can follow from this review: the paper's arXiv category, else
    the words of its title (in the query language of `/paper subscribe`)."""
    if review.categories:
        return f"cat:{review.categories[0]}"
    words = re.sub(r"[\"():\-]+", " ", review.title)
    return " ".join(words.split())[:TOPIC_CHARS].strip() or review.paper_id


def review_message(review: Review) -> OutboundMessage:
    """The neutral message for one review; `fallback` is `render_text(review)`."""
    blocks: list[Block] = [Header(header_line(review), url=review.link or None)]
    if review.hook:
        blocks.append(Text.plain(review.hook))
    blocks.extend(Text.plain(section.text, label=section.name) for section in review.sections)
    blocks.append(Fields(_fields(review)))
    links = review.links
    blocks.extend(LinkBlock(LINK_LABELS.get(link.rel, link.rel), link.url) for link in links)
    if not links and review.link:
        blocks.append(LinkBlock("Paper", review.link))
    blocks.append(Buttons(_buttons(review)))
    return OutboundMessage(
        blocks=tuple(blocks),
        fallback=render_text(review),
        review=review,
        color_key=review.producer,
    )


def _fields(review: Review) -> tuple[tuple[str, str], ...]:
    items = [("Date", f"{review.date:%d.%m.%y}")]
    if review.categories:
        items.append(("Categories", ", ".join(review.categories)))
    if review.upvotes is not None:
        items.append(("Upvotes", str(review.upvotes)))
    if review.number is not None:
        items.append(("Review", f"No. {review.number}"))
    items.append(("Producer", review.producer))
    return tuple(items)


def _buttons(review: Review) -> tuple[Button, ...]:
    buttons = []
    paper = _link(review, "abs") or review.link
    if paper:
        buttons.append(Button("Open paper", url=paper))
    pdf = _link(review, "pdf")
    if pdf:
        buttons.append(Button("PDF", url=pdf))
    buttons.append(Button("Subscribe", action="subscribe", value=subscribe_topic(review)))
    return tuple(buttons)


def _link(review: Review, rel: str) -> str | None:
    return next((link.url for link in review.links if link.rel == rel), None)


__all__ = ["header_line", "render_text", "review_message", "subscribe_topic"]
