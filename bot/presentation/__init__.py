"""One presentation of a post, for every platform (DESIGN.md, "Second wave").

`post_view(review)` builds the platform-neutral `PostView`; `render_text(view)` is the
house plain-text format; the adapters render the same view to Block Kit and embeds.
Every label, date format and button text lives in `labels`.
"""

from bot.presentation.build import post_view, subscribe_topic
from bot.presentation.codec import PostFormatError, post_from_dict, post_to_dict
from bot.presentation.labels import Action, LinkKind, format_date
from bot.presentation.message import post_blocks, post_message
from bot.presentation.text import header_line, render_text
from bot.presentation.view import (
    PostAction,
    PostHeader,
    PostLink,
    PostSection,
    PostView,
    SourceAnchor,
)

__all__ = [
    "Action",
    "LinkKind",
    "PostAction",
    "PostFormatError",
    "PostHeader",
    "PostLink",
    "PostSection",
    "PostView",
    "SourceAnchor",
    "format_date",
    "header_line",
    "post_blocks",
    "post_from_dict",
    "post_message",
    "post_to_dict",
    "post_view",
    "render_text",
    "subscribe_topic",
]
