"""LaTeX in titles and abstracts becomes what it means; math with variables stays as written."""

from __future__ import annotations

import pytest

from bot.review.latex import latex_to_text, residue
from bot.review.text import clean_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("a 30\\times speed-up", "a 30× speed-up"),
        ("30$\\times$ faster", "30× faster"),
        ("drops by 5\\%", "drops by 5%"),
        ("$\\leq 3$ steps", "≤ 3 steps"),
        ("an area of 4 m$^{2}$", "an area of 4 m²"),
        ("\\textbf{bold} and \\emph{slanted}", "bold and slanted"),
        ("$\\alpha$-entmax", "α-entmax"),
        ("$\\sim$2x fewer", "∼2x fewer"),
        ("$>$90\\% of cases", ">90% of cases"),
        ("error $10^{-3}$", "error 10⁻³"),
        ("H$_2$O", "H₂O"),
        ("$20.89\\%$ better", "20.89% better"),
        ("Pok\\'emon battles", "Pokémon battles"),
        ("$\\textit{high-level insights}$ first", "high-level insights first"),
        ("see \\href{https://x.org}{the site}", "see the site"),
        ("\\cite{smith} shows", " shows"),
    ],
)
def test_latex_becomes_what_it_means(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text
    assert residue(latex_to_text(latex)) == []


@pytest.mark.parametrize(
    "math",
    [
        "$x^2$",
        "$\\mathcal{O}(n \\log n)$",
        "$\\frac{1}{2}$",
        "$k$",
        "$l+n$",
        "$\\mathbf{W}x + b$",
    ],
)
def test_math_with_variables_or_unknown_commands_stays_as_written(math: str) -> None:
    assert latex_to_text(f"we use {math} here") == f"we use {math} here"


def test_clean_text_converts_latex_and_keeps_one_space() -> None:
    assert clean_text("It is  30\\times\n faster, ``fast'' and 5\\% smaller.") == (
        "It is 30× faster, \u201cfast\u201d and 5% smaller."
    )


def test_words_broken_at_a_line_end_are_whole_again() -> None:
    assert clean_text("We fine- tune a model.") == "We fine-tune a model."  # arXiv: a real hyphen
    assert clean_text("recog-\nnition") == "recognition"
    assert clean_text("Both pre- and post-training help.") == "Both pre- and post-training help."


def test_footnote_marks_after_a_full_stop_go() -> None:
    assert clean_text("It is cheap.1 We use it.") == "It is cheap. We use it."
    assert clean_text("Version 2.1 is out. Fig. 2 shows it.") == (
        "Version 2.1 is out. Fig. 2 shows it."
    )


def test_residue_names_what_is_left_outside_math() -> None:
    assert residue("30\\times faster with \\% and $x^2$") == ["\\times", "\\%"]
    assert residue("a lone $ sign") == ["$"]
    assert residue("clean text with $\\frac{a}{b}$") == []
