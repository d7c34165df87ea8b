"""The "why this paper" line: one short reason a reader or channel got a paper."""

from __future__ import annotations

from bot.model import Paper

SEPARATOR = " · "
MAX_REASONS = 2


def why_line(
    paper: Paper, *, topic: str | None = None, liked_neighbour: str | None = None
) -> str | None:
    """At most two reasons, the most personal first: the reader's topic it matches, the
    liked paper it is close to, its Hugging Face upvotes, the blog that reviewed it."""
    reasons: list[str] = []
    if topic:
        reasons.append(f"matches your topic `{topic}`")
    if liked_neighbour:
        reasons.append(f"close to {liked_neighbour} you liked")
    if paper.upvotes:
        reasons.append(f"{paper.upvotes} upvotes on Hugging Face")
    if paper.article is not None:
        reasons.append(f"reviewed on {paper.article.feed}")
    return SEPARATOR.join(reasons[:MAX_REASONS]) or None


__all__ = ["why_line"]
