"""One set of PostViews, rendered by every renderer in the golden tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.presentation import (
    Action,
    LinkKind,
    PostAction,
    PostHeader,
    PostLink,
    PostSection,
    PostView,
    SourceAnchor,
)

ABS = "https://arxiv.org/abs/2405.03003"
PDF = "https://arxiv.org/pdf/2405.03003"
BLOG = "https://example.org/blog/fourierft-review"
HOSTILE = "<!channel> @everyone **bold** <@U123> <@&123456789012345678> [x](http://e) & <#C1>"


def full() -> PostView:
    """Every part a post can have: a blog review (the main link) of an arXiv paper."""
    return PostView(
        paper_id="2405.03003",
        header=PostHeader(
            series="Mike's Daily Paper",
            emoji="⚡️🚀",
            date=dt.date(2024, 11, 28),
            title="Parameter-Efficient Fine-Tuning with Discrete Fourier Transform",
            url=BLOG,
        ),
        hook="Fourier features make fine-tuning cheap.",
        sections=(
            PostSection(
                "Key Problem",
                "LoRA still stores many parameters per task.",
                (SourceAnchor("1 Introduction", f"{ABS}#S1"),),
            ),
            PostSection(
                "Methodology",
                "FourierFT learns a few spectral coefficients & inverts them.",
                (
                    SourceAnchor("3.1 Spectral entries", f"{ABS}#S3.SS1"),
                    SourceAnchor("3.2 Inverse DFT", f"{ABS}#S3.SS2"),
                ),
            ),
            PostSection("Results", "It matches LoRA with far fewer parameters."),
            PostSection("Significance", "Cheaper adapters for many tasks."),
        ),
        producer="article",
        number=5,
        why="It matches your topic cat:cs.LG.",
        links=(
            PostLink(LinkKind.ABS, ABS),
            PostLink(LinkKind.PDF, PDF),
            PostLink(LinkKind.BLOG, BLOG),
            PostLink(LinkKind.GITHUB, "https://github.com/Chaos96/fourierft"),
            PostLink(LinkKind.HF, "https://huggingface.co/papers/2405.03003"),
        ),
        paper_url=ABS,
        open_url=ABS,
        pdf_url=PDF,
        actions=(PostAction(Action.SUBSCRIBE, "cat:cs.LG"),),
        categories=("cs.LG", "cs.CL"),
        upvotes=42,
    )


def minimal() -> PostView:
    """The least a post has: no number, emoji, links, categories, upvotes or why."""
    return PostView(
        paper_id="2403.17887",
        header=PostHeader(
            series="Daily Paper",
            emoji="",
            date=dt.date(2024, 11, 22),
            title="The Unreasonable Ineffectiveness of the Deeper Layers",
            url="https://arxiv.org/abs/2403.17887",
        ),
        hook="Half the layers can go.",
        sections=(
            PostSection("Key Problem", "Layers are costly."),
            PostSection("Results", "Half can go."),
        ),
        producer="extractive",
        links=(PostLink(LinkKind.PAPER, "https://arxiv.org/abs/2403.17887"),),
        open_url="https://arxiv.org/abs/2403.17887",
        actions=(PostAction(Action.SUBSCRIBE, "The Unreasonable Ineffectiveness"),),
    )


def hostile(size: int = 0) -> PostView:
    """Mentions and markup in every text a source can set; with `size`, the hook and the
    section are that many characters long."""
    long = ((HOSTILE + " Sentence. ") * (size // len(HOSTILE) + 1))[:size] if size else HOSTILE
    return PostView(
        paper_id="2312.00752",
        header=PostHeader(
            series=HOSTILE, emoji="", date=dt.date(2026, 11, 23), title=HOSTILE, url=ABS
        ),
        hook=long,
        sections=(PostSection(HOSTILE, long, (SourceAnchor(HOSTILE, ABS),)),),
        producer="llm",
        number=7,
        why=HOSTILE,
        links=(PostLink(LinkKind.OTHER, "javascript:alert(1)"), PostLink(LinkKind.ABS, ABS)),
        open_url=ABS,
        actions=(PostAction(Action.SUBSCRIBE, HOSTILE),),
        categories=(HOSTILE,),
        upvotes=1,
    )


def voted() -> PostView:
    """A post a channel voted on: its vote buttons, and the counts under it."""
    actions = tuple(PostAction(a, "2403.17887") for a in (Action.LIKE, Action.DISLIKE))
    return replace(minimal(), actions=actions, votes=(3, 1))


VIEWS = {"full": full, "minimal": minimal, "hostile": hostile, "voted": voted}
