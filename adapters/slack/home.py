"""App Home and its modals as Block Kit views. Pure functions, like render.py.

The Home tab shows the core's own `subscriptions` reply (the same data `/paper
subscriptions` shows, with the Remove buttons the core attaches), a notice about the last
change, and buttons opening the "Add topic" and "Remove topic" modals.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.slack.mrkdwn import escape, truncate
from adapters.slack.render import (
    MAX_SECTION,
    JsonBlock,
    button_element,
    cap_blocks,
    context_block,
    header_block,
    neutral_blocks,
)
from bot.model import Button, Buttons, OutboundMessage, Text

ADD_TOPIC_ACTION = "paperboy_home:add_topic"
REMOVE_TOPIC_ACTION = "paperboy_home:remove_topic"
ADD_TOPIC_CALLBACK = "paperboy_add_topic"
REMOVE_TOPIC_CALLBACK = "paperboy_remove_topic"
TOPIC_BLOCK = "topic"
TOPIC_INPUT = "topic_input"
MAX_VIEW_BLOCKS = 100
MAX_TOPIC_CHARS = 200
_LISTED = re.compile(r"^\s*#?(\d{1,11})[.)]\s+\S")


def home_view(subscriptions: OutboundMessage, notice: str | None = None) -> dict[str, Any]:
    """The Home tab for one user."""
    blocks: list[JsonBlock] = [header_block("Your paper topics")]
    if notice:
        blocks.append(context_block([truncate(escape(notice), 1000)]))
    listing = subscription_rows(subscriptions)
    tail = [_divider(), _actions()]
    blocks += cap_blocks(listing, MAX_VIEW_BLOCKS - len(blocks) - len(tail))
    return {"type": "home", "blocks": blocks + tail}


def subscription_rows(listing: OutboundMessage) -> list[JsonBlock]:
    """The core's list as blocks, with a Remove button on every subscription.

    When the core attaches its own `unsubscribe` buttons they are shown as they come.
    Otherwise each listed line of the form `<id>. <topic> ...` (the `subscriptions`
    command's documented shape) becomes a section whose Remove button runs
    `unsubscribe <id>`.
    """
    has_buttons = any(
        isinstance(block, Buttons) and any(b.action == "unsubscribe" for b in block.buttons)
        for block in listing.blocks
    )
    if has_buttons:
        return neutral_blocks(listing.blocks)
    rows: list[JsonBlock] = []
    for block in listing.blocks:
        if not isinstance(block, Text):
            rows += neutral_blocks((block,))
            continue
        lines = block.plain_text.splitlines()
        other: list[str] = []
        for index, line in enumerate(lines):
            match = _LISTED.match(line)
            if match is None:
                other.append(line)
                continue
            if other:
                rows += neutral_blocks((Text.plain("\n".join(other)),))
                other = []
            remove = Button("Remove", action="unsubscribe", value=match.group(1))
            row = _section(truncate(escape(line.strip()), MAX_SECTION))
            row["accessory"] = button_element(remove, index)
            rows.append(row)
        if other and "".join(other).strip():
            rows += neutral_blocks((Text.plain("\n".join(other), block.label),))
    return rows


def topic_modal(callback_id: str) -> dict[str, Any]:
    """The modal asking for a topic to add (or a topic or id to remove)."""
    adding = callback_id == ADD_TOPIC_CALLBACK
    hint = (
        'The search language: words, "exact phrases", cat:cs.LG, au:"Name", -exclude.'
        if adding
        else "The topic's number from the list, or its text."
    )
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain("Add a topic" if adding else "Remove a topic"),
        "submit": _plain("Subscribe" if adding else "Remove"),
        "close": _plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": TOPIC_BLOCK,
                "label": _plain("Topic"),
                "hint": _plain(hint),
                "element": {
                    "type": "plain_text_input",
                    "action_id": TOPIC_INPUT,
                    "max_length": MAX_TOPIC_CHARS,
                    "placeholder": _plain('cat:cs.LG "state space"' if adding else "3"),
                },
            }
        ],
    }


def submitted_topic(view: dict[str, Any]) -> str:
    """The text typed into a topic modal ("" when none)."""
    values = view.get("state", {}).get("values", {})
    value = values.get(TOPIC_BLOCK, {}).get(TOPIC_INPUT, {}).get("value")
    return " ".join(str(value).split()) if value else ""


def _actions() -> JsonBlock:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": _plain("Add topic"),
                "style": "primary",
                "action_id": ADD_TOPIC_ACTION,
            },
            {"type": "button", "text": _plain("Remove topic"), "action_id": REMOVE_TOPIC_ACTION},
        ],
    }


def _section(text: str) -> JsonBlock:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _divider() -> JsonBlock:
    return {"type": "divider"}


def _plain(text: str) -> JsonBlock:
    return {"type": "plain_text", "text": text, "emoji": True}
