"""Sentences that point back: rewritten, kept right after what they point to, or left out."""

from __future__ import annotations

import pytest

from bot.review.openers import (
    Antecedent,
    Placed,
    arrange,
    dangling_opener,
    method_name,
    rewrite_opener,
    stands_alone,
)


@pytest.mark.parametrize(
    ("sentence", "rewritten"),
    [
        ("To address these challenges, we propose X.", "We propose X."),
        ("Driven by this hypothesis, we build Y.", "We build Y."),
        ("However, training is expensive.", "Training is expensive."),
        ("Moreover, to address this issue, we design W.", "We design W."),
        ("To this end, we train a network.", "We train a network."),
        ("Notably, GUARD cuts the loss by 19%.", "GUARD cuts the loss by 19%."),
        ("These results suggest that pruning helps.", "The results suggest that pruning helps."),
        ("To prune these models, we score each layer.", "We score each layer."),
        ("To facilitate this vision we present a dataset.", "We present a dataset."),
    ],
)
def test_openings_that_only_point_back_are_rewritten(sentence: str, rewritten: str) -> None:
    assert dangling_opener(sentence) is not None
    assert rewrite_opener(sentence) == rewritten
    assert stands_alone(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This approach works on graphs.",
        "These models are slow.",
        "Such methods fail at scale.",
        "It achieves 5% more.",
        "They are expensive.",
        "However, they are expensive.",
        "Further interpretation of this structure helps.",
        "By optimising costs, this method balances fairness.",
        "Crucially, these factors interact.",
    ],
)
def test_sentences_that_need_the_one_before_do_not_stand_alone(sentence: str) -> None:
    assert dangling_opener(sentence) is not None
    assert not stands_alone(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This paper proposes X.",
        "This work studies Y.",
        "This post reviews a paper.",
        "In this paper, we study Z.",
        "Here we propose a model.",
        "It is well known that deep nets overfit.",
        "There is a need for better tools.",
        "To evaluate the model, we use three datasets.",
        "Large models are slow.",
    ],
)
def test_sentences_that_stand_alone_are_left_as_written(sentence: str) -> None:
    assert dangling_opener(sentence) is None
    assert rewrite_opener(sentence) == sentence


def test_arrange_keeps_a_pointer_only_right_after_what_it_points_to() -> None:
    sentences = [
        Placed(2, "We train a transformer on code."),
        Placed(3, "It uses 8 layers."),  # right after its antecedent: kept
        Placed(5, "It is fast."),  # its antecedent (4) is elsewhere: left out
        Placed(7, "However, decoding is slow."),  # rewritten
    ]
    assert [p.text for p in arrange(sentences)] == [
        "We train a transformer on code.",
        "It uses 8 layers.",
        "Decoding is slow.",
    ]


def test_a_section_never_opens_on_a_pointer() -> None:
    assert arrange([Placed(4, "This design is simple."), Placed(5, "It is fast.")]) == []


@pytest.mark.parametrize(
    ("sentence", "late"),
    [
        ("This approach enhances the objectivity of the analysis.", "The approach enhances"),
        ("This improved design has the potential to help.", "The improved design has"),
        ("This suggests that pruning is safe.", "The findings suggest that"),
        ("This implies that depth is wasted.", "The findings imply that"),
    ],
)
def test_after_the_method_this_approach_is_the_papers_own(sentence: str, late: str) -> None:
    assert not stands_alone(sentence)  # in the Key Problem it could be anyone's approach
    assert rewrite_opener(sentence, late=True).startswith(late)
    assert stands_alone(sentence, late=True)


@pytest.mark.parametrize(
    ("hook", "name"),
    [
        ("We propose QueryFan, which rewrites questions.", "QueryFan"),
        ("To address this, we propose GUARD-a novel framework.", "GUARD"),
        ("This paper introduces MNN-LLM, a framework for phones.", "MNN-LLM"),
        ("We propose Time Vision Transformer (TiViT), a framework.", "TiViT"),
        ("We propose a new method for LLMs.", None),
        ("Graphs are everywhere.", None),
    ],
)
def test_the_hook_names_the_method(hook: str, name: str | None) -> None:
    assert method_name(hook) == name


def test_a_sentence_pointing_to_the_hook_names_what_it_points_to() -> None:
    hook = Antecedent(2, "QueryFan")
    assert arrange([Placed(3, "It merges the lists."), Placed(4, "It is fast.")], after=hook) == [
        Placed(3, "QueryFan merges the lists."),
        Placed(4, "It is fast."),  # right after the sentence it points to
    ]
    assert arrange([Placed(3, "This design adds no parameters.")], after=hook) == [
        Placed(3, "The design adds no parameters.")
    ]
    assert arrange([Placed(5, "It merges the lists.")], after=hook) == []  # not after the hook
    assert arrange([Placed(3, "It merges the lists.")], after=Antecedent(2)) == []  # no name
