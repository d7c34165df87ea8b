"""Sample reviews and messages for the Slack tests."""

from __future__ import annotations

import datetime as dt

from bot.model import (
    Button,
    Buttons,
    Fields,
    Header,
    Link,
    LinkBlock,
    OutboundMessage,
    Review,
    ReviewSection,
    Span,
    Text,
)
from bot.presentation import post_view

HOSTILE = "<!channel> @everyone <https://evil|click> & <@U123> <#C1>"


def review(title: str = "Mamba: Linear-Time Sequence Modeling", **changes: object) -> Review:
    base = Review(
        paper_id="2312.00752",
        title=title,
        date=dt.date(2026, 11, 23),
        hook="Attention is not all you need when state spaces select. It scales linearly.",
        sections=(
            ReviewSection("Key Problem", "Transformers are slow on long sequences."),
            ReviewSection(
                "Methodology",
                "A selective state space model with input-dependent "
                "parameters & a hardware-aware scan.",
            ),
            ReviewSection("Results", "5x higher throughput than Transformers; matches quality."),
            ReviewSection("Significance", "A strong alternative backbone for foundation models."),
        ),
        link="https://arxiv.org/abs/2312.00752",
        producer="extractive",
        number=42,
        links=(
            Link("abs", "https://arxiv.org/abs/2312.00752"),
            Link("pdf", "https://arxiv.org/pdf/2312.00752"),
        ),
        categories=("cs.LG", "cs.AI"),
        upvotes=128,
    )
    if changes:
        from dataclasses import replace

        return replace(base, **changes)  # type: ignore[arg-type]
    return base


def review_message(item: Review) -> OutboundMessage:
    return OutboundMessage(
        blocks=(Header(item.title), Text.plain(item.hook)),
        fallback=f"{item.title}: {item.hook} {item.link}",
        post=post_view(item),
    )


def digest_message() -> OutboundMessage:
    return OutboundMessage(
        blocks=(
            Header("Daily Paper digest · 2026-11-23"),
            Text(
                (Span("Three papers today, "), Span("reviews in the thread", bold=True), Span("."))
            ),
            Fields((("Sources", "arXiv, HF Daily"), ("Papers", "3"))),
            LinkBlock("All of today's papers", "https://example.org/today?a=1&b=2"),
            Buttons(
                (
                    Button("Search", action="search", value="cat:cs.LG"),
                    Button("Site", url="https://example.org"),
                )
            ),
        ),
        fallback="Daily Paper digest · 2026-11-23: three papers",
    )
