"""A post with its "why this paper" line and the reader's feedback buttons."""

from __future__ import annotations

from dataclasses import replace

from bot.model import OutboundMessage
from bot.presentation import post_message
from bot.presentation.build import FEEDBACK_ACTIONS
from bot.presentation.view import PostAction


def with_feedback(message: OutboundMessage, why: str | None) -> OutboundMessage:
    """`message` (one post) with `why` (kept as it is when None) and like / dislike /
    save buttons for its paper; a message that is not a post, or a post about no arXiv
    paper (a feed-only post cannot be voted on), is returned unchanged but for `why`."""
    view = message.post
    if view is None:
        return message
    have = {a.action for a in view.actions}
    extra = tuple(
        PostAction(action, view.paper_id)
        for action in FEEDBACK_ACTIONS
        if action not in have and not view.paper_id.startswith("feed:")
    )
    if not extra and (why is None or why == view.why):
        return message
    changed = replace(view, why=why or view.why, actions=view.actions + extra)
    return post_message(changed, color_key=message.color_key)


__all__ = ["with_feedback"]
