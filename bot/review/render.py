"""A review as a post: thin entry points over bot.presentation, taking a `Review`.

The layout lives in bot.presentation (`post_view`, `render_text`, the labels); these keep
the review-shaped calls the CLI, the daily post and the commands make.
"""

from __future__ import annotations

from bot.model import OutboundMessage, Review
from bot.presentation import header_line as view_header_line
from bot.presentation import post_message, post_view, subscribe_topic
from bot.presentation import render_text as render_view


def header_line(review: Review) -> str:
    """`{emoji} {series} - DD.MM.YY: {title}` (no emoji run when none is configured)."""
    return view_header_line(post_view(review).header)


def render_text(review: Review) -> str:
    """The review in the house plain-text format."""
    return render_view(post_view(review))


def review_message(review: Review) -> OutboundMessage:
    """The message of one review: its view, its house text as `fallback`, and the same
    post as neutral blocks."""
    return post_message(post_view(review), color_key=review.producer)


__all__ = ["header_line", "render_text", "review_message", "subscribe_topic"]
