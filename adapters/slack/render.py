"""Neutral messages -> Block Kit: a post from its view (adapters/slack/post.py), anything
else block by block. Pure functions: no SDK, no I/O, golden-tested. The limits and the
escaping are in adapters/slack/blocks.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.blocks import (
    ACTION_PREFIX,
    LINK_ACTION,
    MAX_BLOCKS,
    MAX_FALLBACK,
    MAX_SECTION,
    JsonBlock,
    actions_blocks,
    button_element,
    cap_blocks,
    context_block,
    fields_sections,
    header_block,
    link_section,
    text_sections,
)
from adapters.slack.mrkdwn import escape, truncate
from adapters.slack.post import post_blocks
from bot.model import Block, Buttons, Fields, Header, LinkBlock, OutboundMessage, Text


@dataclass(frozen=True)
class SlackMessage:
    """A rendered message: the `text` fallback plus Block Kit `blocks`."""

    text: str
    blocks: tuple[JsonBlock, ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def render_message(message: OutboundMessage) -> SlackMessage:
    """Render a message: a post richly from its view, anything else block by block."""
    if message.post is not None:
        blocks = post_blocks(message.post)
    else:
        blocks = neutral_blocks(message.blocks)
    return SlackMessage(text=fallback_text(message.fallback), blocks=tuple(cap_blocks(blocks)))


def fallback_text(text: str) -> str:
    """The plain `text` of a message (notifications, old clients), escaped and bounded."""
    return truncate(escape(text.strip()), MAX_FALLBACK) or " "


def neutral_blocks(blocks: Iterable[Block]) -> list[JsonBlock]:
    out: list[JsonBlock] = []
    for block in blocks:
        if isinstance(block, Header):
            out.append(header_block(block.text, block.url))
        elif isinstance(block, Text):
            out += text_sections(block.spans, block.label)
        elif isinstance(block, Fields):
            out += fields_sections(block.items)
        elif isinstance(block, LinkBlock):
            out.append(link_section(block.label, block.url))
        elif isinstance(block, Buttons):
            out += actions_blocks(block.buttons)
    return out


__all__ = [
    "ACTION_PREFIX",
    "LINK_ACTION",
    "MAX_BLOCKS",
    "MAX_SECTION",
    "JsonBlock",
    "SlackMessage",
    "button_element",
    "cap_blocks",
    "context_block",
    "fallback_text",
    "header_block",
    "neutral_blocks",
    "render_message",
]
