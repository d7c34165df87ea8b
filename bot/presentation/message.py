"""A post as an `OutboundMessage`: its view, its house text, and the same post as neutral
blocks (for a renderer that does not know posts, such as a third-party adapter's)."""

from __future__ import annotations

from bot.model.messages import Block, Button, Buttons, Fields, Header, LinkBlock, OutboundMessage
from bot.model.messages import Text as TextBlock
from bot.presentation.labels import (
    CATEGORIES,
    DATE,
    PRODUCER,
    REVIEW,
    UPVOTES,
    WHY,
    LinkKind,
    format_date,
)
from bot.presentation.text import header_line, render_text
from bot.presentation.view import PostView


def post_message(view: PostView, *, color_key: str | None = None) -> OutboundMessage:
    """The message of one post; `fallback` is `render_text(view)`."""
    return OutboundMessage(
        blocks=post_blocks(view),
        fallback=render_text(view),
        post=view,
        color_key=color_key if color_key is not None else view.producer,
    )


def post_blocks(view: PostView) -> tuple[Block, ...]:
    blocks: list[Block] = [Header(header_line(view.header), url=view.header.url)]
    if view.why:
        blocks.append(TextBlock.plain(view.why, label=WHY))
    if view.hook:
        blocks.append(TextBlock.plain(view.hook))
    blocks.extend(TextBlock.plain(section.text, label=section.name) for section in view.sections)
    blocks.append(Fields(_fields(view)))
    if view.paper_url:
        blocks.append(LinkBlock(LinkKind.PAPER.label, view.paper_url))
    blocks.extend(LinkBlock(link.label, link.url) for link in view.links)
    buttons = [Button(label, url=url) for label, url in view.link_buttons()]
    buttons += [Button(a.label, action=a.action.value, value=a.value) for a in view.actions]
    if buttons:
        blocks.append(Buttons(tuple(buttons)))
    return tuple(blocks)


def _fields(view: PostView) -> tuple[tuple[str, str], ...]:
    items = [(DATE, format_date(view.header.date))]
    if view.categories:
        items.append((CATEGORIES, ", ".join(view.categories)))
    if view.upvotes is not None:
        items.append((UPVOTES, str(view.upvotes)))
    if view.number is not None:
        items.append((REVIEW, f"No. {view.number}"))
    items.append((PRODUCER, view.producer))
    return tuple(items)


__all__ = ["post_blocks", "post_message"]
