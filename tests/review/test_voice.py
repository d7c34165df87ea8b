"""The house voice: the review writes about the authors, never as them."""

from __future__ import annotations

import pytest

from bot.review.voice import first_person, third_person


@pytest.mark.parametrize(
    ("sentence", "voiced"),
    [
        ("We propose X.", "The authors propose X."),
        ("Our model beats theirs.", "Their model beats theirs."),
        (
            "In this paper, we show that ours is faster.",
            "In this paper, the authors show that theirs is faster.",
        ),
        ("This lets us train it ourselves.", "This lets them train it themselves."),
        ("(We release the code.)", "(The authors release the code.)"),
        ("Results hold. We also find gains.", "Results hold. The authors also find gains."),
        # the subject is named once a sentence: a later "we" is "they"
        ("We've shown that we're right.", "The authors have shown that they're right."),
        ("We train X; we test Y.", "The authors train X; they test Y."),
        # quoted text is someone else's words, a title inside a sentence is a name
        (
            'We study the "We Are Not Alone" prompt.',
            'The authors study the "We Are Not Alone" prompt.',
        ),
        (
            "We revisit \u201cwhat we know\u201d about scaling.",
            "The authors revisit \u201cwhat we know\u201d about scaling.",
        ),
        (
            "We answer Are We Done with MMLU? with a new split.",
            "The authors answer Are We Done with MMLU? with a new split.",
        ),
        # not pronouns of the authors
        ("US hospitals and the U.S. census.", "US hospitals and the U.S. census."),
        ("The us-east region is used.", "The us-east region is used."),
        ("Mail zhou@us.ibm.com or see x.us/we.", "Mail zhou@us.ibm.com or see x.us/we."),
        (
            "Weights are shared; ours is a fused kernel.",
            "Weights are shared; theirs is a fused kernel.",
        ),
    ],
)
def test_first_person_becomes_third_person(sentence: str, voiced: str) -> None:
    assert third_person(sentence) == voiced
    assert first_person(voiced) == []


def test_a_blog_speaks_of_its_own_authors() -> None:
    assert third_person("Each week we read papers.", "the blog's authors") == (
        "Each week the blog's authors read papers."
    )


def test_a_blog_names_its_authors_once_a_sentence() -> None:
    # the demo's blog review read "The blog's authors favour ..., and the blog's authors
    # review ..."
    sentence = "We favour short papers, and we review one a day. We also read our mail."
    assert third_person(sentence, "the blog's authors") == (
        "The blog's authors favour short papers, and they review one a day. "
        "The blog's authors also read their mail."
    )


def test_first_person_lists_what_would_be_rewritten() -> None:
    assert first_person('We train our model for us. "We" stays.') == ["We", "our", "us"]
