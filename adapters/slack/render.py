"""Neutral messages -> Block Kit. Pure functions: no SDK, no I/O, golden-tested.

Limits honoured (Slack rejects a message that breaks one): at most 50 blocks, header text
150 characters, section text 3000, section fields 10 of 2000 each, context elements 10,
actions elements 25, button text 75 and value 2000, URLs 3000. Every piece of dynamic
text is escaped (`&`, `<`, `>`), mrkdwn objects are `verbatim` (so Slack parses no
mention or channel name in them), and only http(s)/mailto URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from adapters.slack.mrkdwn import escape, link, safe_url, spans_to_chunks, truncate
from bot.model import (
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Review,
    Span,
    Text,
)
from bot.review.render import header_line, subscribe_topic

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_FIELDS = 10
MAX_CONTEXT = 10
MAX_ACTIONS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK = 3000  # Slack truncates `text` at 40,000; notifications show far less
ACTION_PREFIX = "paperboy:"
LINK_ACTION = "link"
SUBSCRIBE_ACTION = "subscribe"

JsonBlock = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """A rendered message: the `text` fallback plus Block Kit `blocks`."""

    text: str
    blocks: tuple[JsonBlock, ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def render_message(message: OutboundMessage) -> SlackMessage:
    """Render a message: a review richly, anything else block by block."""
    if message.review is not None:
        blocks = review_blocks(message.review)
    else:
        blocks = neutral_blocks(message.blocks)
    return SlackMessage(text=fallback_text(message.fallback), blocks=tuple(cap_blocks(blocks)))


def fallback_text(text: str) -> str:
    """The plain `text` of a message (notifications, old clients), escaped and bounded."""
    return truncate(escape(text.strip()), MAX_FALLBACK) or " "


# ---------------------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------------------


def review_blocks(review: Review) -> list[JsonBlock]:
    """The house style in Block Kit: header line, hook, labelled sections, the link last
    (unfurling is off), then the context line and the buttons."""
    blocks: list[JsonBlock] = [header_block(header_line(review))]
    if review.hook.strip():
        blocks += text_sections((Span(review.hook.strip(), italic=True),))
    for section in review.sections:
        blocks += text_sections((Span(section.text.strip()),), label=section.name)
    paper = _link_of(review, "abs")
    if review.producer == "article" and paper and paper != review.link:
        blocks += text_sections((Span("Paper: "), Span(paper, url=paper)))
    if review.link:
        blocks += text_sections((Span(review.link, url=review.link),))
    blocks.append(context_block(review_context(review)))
    buttons = review_buttons(review)
    if buttons:
        blocks += actions_blocks(buttons)
    return blocks


def review_context(review: Review) -> list[str]:
    """The context line: review number, date, categories, upvotes, producer (escaped)."""
    items = []
    if review.number is not None:
        items.append(f"Paper Review No. {review.number}")
    items.append(f"📅 {review.date.isoformat()}")
    categories = _categories(review)
    if categories:
        items.append(escape(" · ".join(categories[:8])))
    if review.upvotes is not None:
        items.append(f"▲ {review.upvotes} upvotes")
    items.append(f"by {escape(review.producer)}")
    return items


def review_buttons(review: Review) -> list[Button]:
    """Open paper, PDF (when known), and subscribe to the paper's topic (as the core
    words it: its primary category, else its title's words)."""
    buttons: list[Button] = []
    main = _link_of(review, "abs") or review.link
    if main:
        buttons.append(Button("Open paper", url=main))
    pdf = _link_of(review, "pdf")
    if pdf and pdf != main:
        buttons.append(Button("PDF", url=pdf))
    topic = subscribe_topic(replace(review, categories=tuple(_categories(review))))
    if topic.strip():
        buttons.append(Button("Subscribe to this topic", action=SUBSCRIBE_ACTION, value=topic))
    return buttons


def _categories(review: Review) -> list[str]:
    return [c.strip() for c in review.categories if c.strip()]


def _link_of(review: Review, rel: str) -> str | None:
    return next((item.url for item in review.links if item.rel == rel), None)


# ---------------------------------------------------------------------------------------
# Neutral blocks
# ---------------------------------------------------------------------------------------


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


def header_block(text: str, url: str | None = None) -> JsonBlock:
    """A header block; with a (safe) URL, a bold linked title in a section instead, since
    header blocks cannot hold links."""
    title = " ".join(text.split())
    if url is not None and safe_url(url) is not None:
        linked = f"*{link(url, title[:MAX_HEADER])}*"
        if len(linked) <= MAX_SECTION:
            return _section(linked)
    return {"type": "header", "text": _plain(truncate(escape(title), MAX_HEADER) or "—")}


def link_section(label: str, url: str) -> JsonBlock:
    text = link(url, label)
    if len(text) > MAX_SECTION:
        text = truncate(escape(label), MAX_SECTION)
    return _section(text or "—")


def text_sections(spans: Sequence[Span], label: str | None = None) -> list[JsonBlock]:
    prefix = f"*{escape(label)}*\n" if label else ""
    if len(prefix) > MAX_SECTION // 2:
        prefix = f"*{truncate(escape(label or ''), MAX_SECTION // 2)}*\n"
    chunks = spans_to_chunks(tuple(spans), MAX_SECTION, prefix)
    return [_section(chunk) for chunk in chunks if chunk.strip()]


def fields_sections(items: Sequence[tuple[str, str]]) -> list[JsonBlock]:
    fields = [
        _mrkdwn(truncate(f"*{escape(name)}*\n{escape(value)}", MAX_FIELD)) for name, value in items
    ]
    return [
        {"type": "section", "fields": fields[start : start + MAX_FIELDS]}
        for start in range(0, len(fields), MAX_FIELDS)
    ]


def context_block(items: Sequence[str]) -> JsonBlock:
    """A context block of already escaped mrkdwn items (at most 10)."""
    shown = [item for item in items if item.strip()][:MAX_CONTEXT] or ["—"]
    elements = [_mrkdwn(truncate(item, MAX_FIELD)) for item in shown]
    return {"type": "context", "elements": elements}


def actions_blocks(buttons: Sequence[Button]) -> list[JsonBlock]:
    elements = [b for b in (button_element(item, i) for i, item in enumerate(buttons)) if b]
    return [
        {"type": "actions", "elements": elements[start : start + MAX_ACTIONS]}
        for start in range(0, len(elements), MAX_ACTIONS)
    ]


def button_element(button: Button, index: int) -> JsonBlock | None:
    """A link button (safe URLs only) or an action button whose action_id is
    `paperboy:<action>:<index>`; None when the button cannot be shown safely."""
    text = _plain(truncate(escape(button.label), MAX_BUTTON_TEXT) or "Open")
    if button.url is not None:
        url = safe_url(button.url)
        if url is None:
            return None
        return {
            "type": "button",
            "text": text,
            "url": url,
            "action_id": f"{ACTION_PREFIX}{LINK_ACTION}:{index}",
        }
    if button.action:
        action = re.sub(r"[^a-z0-9_-]", "_", button.action.lower())[:64]
        element: JsonBlock = {
            "type": "button",
            "text": text,
            "action_id": f"{ACTION_PREFIX}{action}:{index}",
        }
        if button.value:
            element["value"] = button.value[:MAX_BUTTON_VALUE]
        return element
    return None


def cap_blocks(blocks: list[JsonBlock], limit: int = MAX_BLOCKS) -> list[JsonBlock]:
    """At most `limit` blocks. When cut, the text is shortened, a note says so, and the
    trailing context and buttons (a review's date line and links) are kept."""
    if len(blocks) <= limit:
        return blocks
    tail_start = len(blocks)
    while tail_start > 0 and len(blocks) - tail_start < 3:
        if blocks[tail_start - 1]["type"] not in ("context", "actions"):
            break
        tail_start -= 1
    tail = blocks[tail_start:]
    note = context_block(["… shortened to fit Slack; the rest is in the linked page."])
    return [*blocks[: limit - len(tail) - 1], note, *tail]


def _section(text: str) -> JsonBlock:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> JsonBlock:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _plain(text: str) -> JsonBlock:
    return {"type": "plain_text", "text": text, "emoji": True}
