"""Sample reviews and messages for the renderer and delivery tests."""

from __future__ import annotations

import datetime as dt

from bot.model import Link, OutboundMessage, Review, ReviewSection
from bot.review import review_message

SENTENCE = "The model {n} improves recall on long documents by a wide margin."


def review(
    *,
    title: str = "Parameter-Efficient Fine-Tuning with Discrete Fourier Transform",
    section_chars: int = 300,
    number: int | None = 5,
) -> Review:
    def text(name: str) -> str:
        sentences: list[str] = []
        n = 0
        while sum(len(s) + 1 for s in sentences) < section_chars:
            n += 1
            sentences.append(SENTENCE.format(n=f"{name}-{n}"))
        return " ".join(sentences)

    return Review(
        paper_id="2405.03003",
        title=title,
        date=dt.date(2026, 11, 23),
        hook="Fourier features make fine-tuning cheap.",
        sections=tuple(
            ReviewSection(name, text(name.split()[0].lower()))
            for name in ("Key Problem", "Methodology", "Results", "Significance")
        ),
        link="https://arxiv.org/abs/2405.03003",
        producer="extractive",
        number=number,
        links=(
            Link("abs", "https://arxiv.org/abs/2405.03003"),
            Link("pdf", "https://arxiv.org/pdf/2405.03003"),
        ),
        categories=("cs.LG", "cs.CL"),
        upvotes=42,
    )


def message_of(item: Review) -> OutboundMessage:
    """The message the core builds for a review (the real bot.review renderer)."""
    return review_message(item)
