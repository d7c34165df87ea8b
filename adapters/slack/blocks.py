"""Block Kit building blocks within Slack's limits. Pure functions: no SDK, no I/O.

Limits honoured (Slack rejects a message that breaks one): at most 50 blocks, header text
150 characters, section text 3000, section fields 10 of 2000 each, context elements 10,
actions elements 25, button text 75 and value 2000, URLs 3000. Every piece of dynamic
text is escaped (`&`, `<`, `>`), mrkdwn objects are `verbatim` (so Slack parses no
mention or channel name in them), and only http(s)/mailto URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from adapters.slack.mrkdwn import escape, link, safe_url, spans_to_chunks, truncate
from bot.model import Button, Span

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

JsonBlock = dict[str, Any]


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
