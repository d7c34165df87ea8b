"""Sample papers of the review tests, and the check every review must pass."""

from __future__ import annotations

import datetime as dt
import re

from bot.model import SECTION_NAMES, FeedArticle, Link, Paper, Review
from bot.review import render_text
from bot.review.sentences import split_sentences

NOW = dt.datetime(2024, 11, 28, 9, 30, tzinfo=dt.UTC)

LAYERS_ABSTRACT = (
    "Modern language models contain dozens of Transformer layers, which makes generation slow "
    "and expensive. We empirically study a simple layer-pruning strategy for popular families "
    "of open-weight pretrained LLMs, finding minimal degradation of performance on different "
    "question-answering benchmarks until after a large fraction (up to half) of the layers are "
    "removed. To prune these models, we identify the optimal block of layers to prune by "
    "considering similarity across layers; then, to heal the damage, we perform a small amount "
    "of finetuning with QLoRA. Our experiments show that layer pruning reduces memory by 40% "
    "while keeping 95.2% of the accuracy, e.g. on MMLU. These results suggest that layer "
    "pruning methods can complement other PEFT strategies to further reduce computational "
    "resources of finetuning. Code is available at https://github.com/example/prune."
)

ARTICLE_HTML = """
<blockquote><p>Source: <a href="https://arxiv.org/abs/2405.03003">arXiv:2405.03003</a></p></blockquote>
<p>This post reviews a paper that fine-tunes large models with <em>very few</em> parameters.
It matters because memory is the bottleneck of fine-tuning.</p>
<h2>Background</h2>
<p>LoRA stores low-rank matrices for every adapted layer &amp; still needs much memory.</p>
<figure><img src="fig1.png" alt="Figure 1"><figcaption>Figure 1: overview</figcaption></figure>
<h2>Methodology</h2>
<p>The authors learn a small set of spectral coefficients and recover the weight change with an
inverse discrete Fourier transform, $\\Delta W = \\mathcal{F}^{-1}(C)$.</p>
<table><tr><td>Method</td><td>Params</td></tr><tr><td>LoRA</td><td>33.5M</td></tr></table>
<h3>Main Findings</h3>
<p>FourierFT matches LoRA on GLUE with <strong>only 0.064M</strong> parameters. It also works on
ViT image classification. A third sentence that the budget may cut.</p>
<h2>Limitations</h2><p>Only tested on a few models.</p>
<h2>Conclusion</h2><p>Spectral fine-tuning is a practical way to save memory.</p>
<h2>Reference</h2><p>Gao et al. 2024.</p>
"""


def make_paper(abstract: str = LAYERS_ABSTRACT, **changes: object) -> Paper:
    fields: dict[str, object] = {
        "arxiv_id": "2403.17887",
        "title": "The Unreasonable Ineffectiveness of the Deeper Layers",
        "abstract": abstract,
        "categories": ("cs.CL", "cs.LG"),
        "primary_category": "cs.CL",
        "upvotes": 42,
    }
    fields.update(changes)
    return Paper(**fields)  # type: ignore[arg-type]


def article_paper() -> Paper:
    return Paper(
        arxiv_id="2405.03003",
        title="Parameter-Efficient Fine-Tuning with Discrete Fourier Transform",
        abstract="Low-rank adaptation is popular. We propose FourierFT. It works well.",
        categories=("cs.LG",),
        links=(Link("github", "https://github.com/Chaos96/fourierft"),),
        article=FeedArticle(
            feed="reviews-blog",
            entry_id="tag:blog,2024:fourierft",
            url="https://reviews.example.org/2024/11/28/fourierft.html",
            title="Review: Parameter-Efficient Fine-Tuning with Discrete Fourier Transform",
            html=ARTICLE_HTML,
        ),
    )


HEADER = re.compile(r"^(.+ )?Daily Paper - \d\d\.\d\d\.\d\d: \S.*$")


def assert_well_formed(review: Review) -> None:
    """What a reader of any review relies on, whatever the input was."""
    text = render_text(review)
    lines = text.split("\n")
    assert HEADER.match(lines[0]), lines[0]
    assert review.hook.strip()
    assert review.sections, "a review without any section"
    names = [s.name for s in review.sections]
    assert names == [n for n in SECTION_NAMES if n in names], names  # house order, no repeats
    for section in review.sections:
        assert section.text.strip(), f"empty heading {section.name}"
        assert f"\n{section.name}: {section.text}" in text
    assert re.fullmatch(r"<\S+>", lines[-1]), lines[-1]
    seen: set[str] = set()
    for part in [review.hook, *(s.text for s in review.sections)]:
        for sentence in split_sentences(part):
            assert sentence not in seen, f"repeated: {sentence!r}"
            seen.add(sentence)
