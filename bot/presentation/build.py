"""From a `Review` to its `PostView`: the one place that decides what a post shows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, assert_never

from bot.presentation.labels import Action, LinkKind
from bot.presentation.view import (
    PostAction,
    PostHeader,
    PostLink,
    PostSection,
    PostView,
    SourceAnchor,
)

if TYPE_CHECKING:  # bot.model imports this package at run time (the outbox codec)
    from bot.model.reviews import Review, SectionSource

TOPIC_CHARS = 200
ABSTRACT_ANCHOR = "abstract"  # the anchor bot.review.fulltext gives the abstract
FEEDBACK_ACTIONS = (Action.LIKE, Action.DISLIKE, Action.SAVE)  # bot/commands/feedback.py


def post_view(
    review: Review,
    *,
    why: str | None = None,
    actions: Sequence[Action] = (Action.SUBSCRIBE,),
) -> PostView:
    """The view of `review`. `why` is the "why this paper" line for its reader (if any);
    `actions` the actions to offer (each is shown only when it has a value)."""
    links = tuple(PostLink(LinkKind.of(link.rel), link.url) for link in review.links)
    if not links and review.link:
        links = (PostLink(LinkKind.PAPER, review.link),)
    paper = _first(review, LinkKind.ABS)
    open_url = paper or review.link or None
    pdf = _first(review, LinkKind.PDF)
    categories = tuple(c.strip() for c in review.categories if c.strip())
    offered = []
    for action in dict.fromkeys(actions):
        value = _action_value(action, review, categories)
        if value:
            offered.append(PostAction(action, value))
    return PostView(
        paper_id=review.paper_id,
        header=PostHeader(
            series=review.series,
            emoji=review.emoji,
            date=review.date,
            title=review.title,
            url=review.link or None,
        ),
        hook=review.hook,
        sections=tuple(
            PostSection(s.name, s.text, _anchors(review.paper_id, s.sources))
            for s in review.sections
        ),
        producer=review.producer,
        number=review.number,
        why=(why or "").strip() or None,
        links=links,
        paper_url=paper if review.producer == "article" and paper != review.link else None,
        open_url=open_url,
        pdf_url=pdf if pdf != open_url else None,
        actions=tuple(offered),
        categories=categories,
        upvotes=review.upvotes,
    )


def anchor_url(paper_id: str, anchor: str) -> str | None:
    """Where a reader checks a claim: `https://arxiv.org/html/ID#S4.SS2.p1`, the abstract
    page for the abstract, None for a paper that is not on arXiv."""
    if paper_id.startswith("feed:"):
        return None
    if anchor in ("", ABSTRACT_ANCHOR):
        return f"https://arxiv.org/abs/{paper_id}"
    return f"https://arxiv.org/html/{paper_id}#{anchor}"


def _anchors(paper_id: str, sources: Sequence[SectionSource]) -> tuple[SourceAnchor, ...]:
    found = ((s.section, anchor_url(paper_id, s.anchor)) for s in sources)
    return tuple(SourceAnchor(title, url) for title, url in dict.fromkeys(found) if url)


def subscribe_topic(review: Review) -> str:
    """A topic a reader can follow from this review: the paper's arXiv category, else
    the words of its title (in the query language of `/paper subscribe`)."""
    categories = [c.strip() for c in review.categories if c.strip()]
    return _topic(review, tuple(categories))


def _topic(review: Review, categories: tuple[str, ...]) -> str:
    if categories:
        return f"cat:{categories[0]}"
    words = re.sub(r"[\"():\-]+", " ", review.title)
    return " ".join(words.split())[:TOPIC_CHARS].strip() or review.paper_id


def _action_value(action: Action, review: Review, categories: tuple[str, ...]) -> str:
    """The argument a button of `action` passes to its command (mypy checks that every
    Action has a case here)."""
    match action:
        case Action.SUBSCRIBE:
            return _topic(review, categories)
        case Action.LIKE | Action.DISLIKE | Action.SAVE | Action.FOLLOW:  # `/paper like ID`...
            return "" if review.paper_id.startswith("feed:") else review.paper_id
        case _:
            assert_never(action)


def _first(review: Review, kind: LinkKind) -> str | None:
    return next((link.url for link in review.links if link.rel == kind.value), None)


__all__ = ["FEEDBACK_ACTIONS", "anchor_url", "post_view", "subscribe_topic"]
