"""JSON round trip for messages stored in the outbox.

A message that is one post carries its `PostView` under `"post"`. Rows written before
posts had a view carry the `Review` under `"review"`: they are read back through
`post_view`, so a delivery queued before an upgrade is still sent, rendered the new way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from bot.model.messages import (
    Attachment,
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Span,
    Text,
)
from bot.model.papers import Link
from bot.model.reviews import Review, ReviewSection
from bot.presentation.build import post_view
from bot.presentation.codec import post_from_dict, post_to_dict
from bot.presentation.view import PostView

_BLOCK_TYPES: Mapping[str, type[Any]] = {
    "header": Header,
    "text": Text,
    "fields": Fields,
    "link": LinkBlock,
    "buttons": Buttons,
}


def message_to_dict(message: OutboundMessage) -> dict[str, Any]:
    """Serialise a message (for the outbox) to plain JSON types."""
    blocks = []
    for block in message.blocks:
        kind = next(k for k, t in _BLOCK_TYPES.items() if isinstance(block, t))
        blocks.append({"type": kind, **asdict(block)})
    return {
        "blocks": blocks,
        "fallback": message.fallback,
        "post": post_to_dict(message.post) if message.post is not None else None,
        "color_key": message.color_key,
        "attachment": asdict(message.attachment) if message.attachment is not None else None,
    }


def message_from_dict(data: Mapping[str, Any]) -> OutboundMessage:
    """The inverse of `message_to_dict`; also reads rows stored with a `"review"`."""
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
    post: PostView | None = None
    if data.get("post"):
        post = post_from_dict(data["post"])
    elif data.get("review"):
        post = post_view(review_from_dict(data["review"]))
    attached = data.get("attachment")  # absent in rows written before attachments
    return OutboundMessage(
        blocks=tuple(blocks),
        fallback=str(data.get("fallback", "")),
        post=post,
        color_key=data.get("color_key"),
        attachment=Attachment(**attached) if attached else None,
    )


def review_from_dict(raw: Mapping[str, Any]) -> Review:
    """A `Review` as the outbox stored it before posts had a view (`asdict`, ISO date)."""
    return Review(
        paper_id=raw["paper_id"],
        title=raw["title"],
        date=dt.date.fromisoformat(raw["date"]),
        hook=raw["hook"],
        sections=tuple(ReviewSection(**s) for s in raw["sections"]),
        link=raw["link"],
        producer=raw["producer"],
        series=raw.get("series", "Daily Paper"),
        emoji=raw.get("emoji", ""),
        number=raw.get("number"),
        links=tuple(Link(**link) for link in raw.get("links", ())),
        categories=tuple(raw.get("categories", ())),
        upvotes=raw.get("upvotes"),
    )


__all__ = ["message_from_dict", "message_to_dict", "review_from_dict"]
