"""The neutral model: frozen dataclasses that cross every boundary of the bot.

Sources produce `Paper`s (papers.py), the review producers turn them into `Review`s
(reviews.py), commands and deliveries build `OutboundMessage`s (messages.py; a post's
view is bot.presentation's `PostView`), adapters turn chat events into
`CommandInvocation`s (commands.py), and the outbox stores messages as JSON (codec.py).
Nothing here knows a chat platform, a database or a feed format. Import from
`bot.model`; the modules are its layout.
"""

from bot.model.codec import message_from_dict, message_to_dict
from bot.model.commands import CommandInvocation, CommandReply
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
from bot.model.papers import FeedArticle, Link, Paper
from bot.model.reviews import (
    SECTION_NAMES,
    Basis,
    Producer,
    Review,
    ReviewSection,
    SectionSource,
)
from bot.model.subscriptions import DeliveryMode, Owner, Subscription

__all__ = [
    "SECTION_NAMES",
    "Attachment",
    "Basis",
    "Block",
    "Button",
    "Buttons",
    "CommandInvocation",
    "CommandReply",
    "DeliveryMode",
    "FeedArticle",
    "Fields",
    "Header",
    "Link",
    "LinkBlock",
    "OutboundMessage",
    "Owner",
    "Paper",
    "Producer",
    "Review",
    "ReviewSection",
    "SectionSource",
    "Span",
    "Subscription",
    "Text",
    "message_from_dict",
    "message_to_dict",
]
