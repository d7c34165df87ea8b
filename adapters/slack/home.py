"""App Home and its modals as Block Kit views. Pure functions, like render.py.

The Home tab shows the core's own `subscriptions` reply (the same data `/paper
subscriptions` shows, with the Remove buttons the core attaches), a notice about the last
change, and buttons opening the "Add topic" and "Remove topic" modals.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.mrkdwn import escape, truncate
from adapters.slack.render import (
    JsonBlock,
    cap_blocks,
    context_block,
    header_block,
    neutral_blocks,
)
from bot.model import OutboundMessage

ADD_TOPIC_ACTION = "paperboy_home:add_topic"
REMOVE_TOPIC_ACTION = "paperboy_home:remove_topic"
ADD_TOPIC_CALLBACK = "paperboy_add_topic"
REMOVE_TOPIC_CALLBACK = "paperboy_remove_topic"
TOPIC_BLOCK = "topic"
TOPIC_INPUT = "topic_input"
MAX_VIEW_BLOCKS = 100
MAX_TOPIC_CHARS = 200


def home_view(subscriptions: OutboundMessage, notice: str | None = None) -> dict[str, Any]:
    """The Home tab for one user."""
    blocks: list[JsonBlock] = [header_block("Your paper topics")]
    if notice:
        blocks.append(context_block([truncate(escape(notice), 1000)]))
    listing = neutral_blocks(subscriptions.blocks)
    tail = [_divider(), _actions()]
    blocks += cap_blocks(listing, MAX_VIEW_BLOCKS - len(blocks) - len(tail))
    return {"type": "home", "blocks": blocks + tail}


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


def _divider() -> JsonBlock:
    return {"type": "divider"}


def _plain(text: str) -> JsonBlock:
    return {"type": "plain_text", "text": text, "emoji": True}
