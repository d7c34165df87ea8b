"""Numbered lists kept whole: a skip is found, ordinal openers without their series dropped."""

from __future__ import annotations

import pytest

from bot.review.compose import compose_section
from bot.review.numbering import numbering_gaps
from bot.review.openers import Placed


@pytest.mark.parametrize(
    "text",
    [
        "It has (1) a parser and (2) a checker.",
        "We (i) formalise, (ii) prove and (iii) test it.",
        "First, we build X. Second, we test it.",
        "First-order methods fail. Second-hand data helps.",
        "Accuracy rose in 2023 (12) and in 2024.",  # one marker: nothing to skip
    ],
)
def test_whole_lists_have_no_gaps(text: str) -> None:
    assert numbering_gaps(text) == []


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        ("Finding (2) holds, and (4) too.", "(n) 2 after nothing"),
        ("It has (1) a parser and (3) a checker.", "(n) 3 after 1"),
        ("Second, we build X. Fourth, we test.", "ordinal 2 after nothing"),
        ("We (i) formalise and (iii) test.", "(roman) 3 after 1"),
    ],
)
def test_skips_are_found(text: str, gap: str) -> None:
    assert gap in numbering_gaps(text)


def test_ordinal_openers_without_their_series_are_dropped() -> None:
    text = compose_section(
        [Placed(6, "Second, we develop UrbanSense."), Placed(7, "Third, results show 80%.")], 700
    )
    assert text == "The authors develop UrbanSense. Results show 80%."
    assert numbering_gaps(text) == []
