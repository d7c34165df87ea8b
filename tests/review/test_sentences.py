"""The sentence splitter on the hard cases of real abstracts, and text cleaning."""

from __future__ import annotations

import pytest

from bot.review.sentences import split_sentences
from bot.review.text import clean_text, shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Methods such as e.g. SGD work, i.e. they converge. We test them.",
            ["Methods such as e.g. SGD work, i.e. they converge.", "We test them."],
        ),
        (
            "As shown by Smith et al. (2020), it fails. We fix it.",
            ["As shown by Smith et al. (2020), it fails.", "We fix it."],
        ),
        (
            "Results in Fig. 2 and Eq. 3 show a 3.5% gain over v2.1 of the baseline. It is large.",
            [
                "Results in Fig. 2 and Eq. 3 show a 3.5% gain over v2.1 of the baseline.",
                "It is large.",
            ],
        ),
        (
            "Let $x = 1. Y$ be fixed and $\\mathbb{E}[X] = 0.5$. Then we prove the bound.",
            ["Let $x = 1. Y$ be fixed and $\\mathbb{E}[X] = 0.5$.", "Then we prove the bound."],
        ),
        (
            "Code is available at https://github.com/a/b.c. We thank J. Smith. Done.",
            ["Code is available at https://github.com/a/b.c.", "We thank J. Smith.", "Done."],
        ),
        (
            'It beats GPT-4 vs. Claude. Does it scale? Yes! "Quoted." Next.',
            ["It beats GPT-4 vs. Claude.", "Does it scale?", "Yes!", '"Quoted."', "Next."],
        ),
        (
            "Compare Sec. 4.2 with Table 1. The U.S. data differ.",
            ["Compare Sec. 4.2 with Table 1.", "The U.S. data differ."],
        ),
        ("A last sentence without a period", ["A last sentence without a period"]),
        ("", []),
    ],
)
def test_splits_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_text_without_punctuation_is_cut_into_readable_pieces() -> None:
    text = " ".join(["graph neural networks learn message passing"] * 300)
    pieces = split_sentences(text)
    assert len(pieces) > 5
    assert all(len(piece) <= 500 for piece in pieces)
    assert " ".join(pieces) == text  # nothing lost, nothing invented


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Robust &amp; fast: x &lt; y", "Robust & fast: x < y"),
        ("double &amp;lt;escaped&amp;gt;", "double <escaped>"),
        ("for n<k and m>1 it holds", "for n<k and m>1 it holds"),
        ("<p>We <i>propose</i> a model.</p>", "We propose a model."),
        ("state-of-\nthe-art recog-\nnition", "state-of-the-art recognition"),
        ("self-\nsupervised and self-supervised", "self-supervised and self-supervised"),
        (
            "\\emph{Deep} nets \\cite{he2016} are 5\\% better ``here''",
            "Deep nets are 5% better \u201chere\u201d",
        ),
        (
            "keep $a \\cdot b$ and $\\frac{1}{2}$ as is",
            "keep $a \\cdot b$ and $\\frac{1}{2}$ as is",
        ),
        ("  many\n\n  spaces\t", "many spaces"),
        (None, ""),
    ],
)
def test_clean_text(raw: str | None, clean: str) -> None:
    assert clean_text(raw) == clean


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    cut = shorten("one two three four five six seven", 20)
    assert len(cut) <= 20
    assert cut.endswith("…")
    assert cut.startswith("one two three")
