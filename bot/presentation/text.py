"""The house plain-text format of a post (the console, the CLI, every message's fallback).

    ⚡️🚀 Daily Paper - 28.11.24: Parameter-Efficient Fine-Tuning with Discrete Fourier Transform
    Paper Review No. 5

    <hook>

    Key Problem: ...

    Methodology: ...

    Results: ...

    Significance: ...

    <https://arxiv.org/abs/2405.03003>

The link goes last, in angle brackets, so chat clients do not unfurl a large preview.
A "why this paper" line, when the view has one, follows the header; a section's source
anchors, when it has some, follow its text.
"""

from __future__ import annotations

from bot.presentation.labels import (
    SOURCES,
    WHY,
    LinkKind,
    format_date,
    review_number,
    votes_text,
)
from bot.presentation.view import PostHeader, PostSection, PostView


def header_line(header: PostHeader) -> str:
    """`{emoji} {series} - DD.MM.YY: {title}` (no emoji run when none is configured)."""
    prefix = f"{header.emoji} {header.series}".strip()
    return f"{prefix} - {format_date(header.date)}: {header.title}"


def render_text(view: PostView) -> str:
    """The post in the house plain-text format."""
    lines = [header_line(view.header)]
    if view.number is not None:
        lines.append(review_number(view.number))
    blocks = ["\n".join(lines)]
    if view.why:
        blocks.append(f"{WHY}: {view.why}")
    if view.hook:
        blocks.append(view.hook)
    blocks.extend(_section(section) for section in view.sections)
    if view.votes is not None:
        blocks.append(votes_text(*view.votes))
    if view.paper_url:
        blocks.append(f"{LinkKind.PAPER.label}: <{view.paper_url}>")
    if view.header.url:
        blocks.append(f"<{view.header.url}>")
    return "\n\n".join(blocks)


def _section(section: PostSection) -> str:
    text = f"{section.name}: {section.text}"
    if section.sources:
        anchors = ", ".join(f"{a.section_title} <{a.url}>" for a in section.sources)
        text += f"\n{SOURCES}: {anchors}"
    return text


__all__ = ["header_line", "render_text"]
