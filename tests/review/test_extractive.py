"""The offline producer: the abstract's own sentences, in order, once each, in house sections."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import Paper, Review
from bot.review import render_text
from bot.review.compose import voiced
from bot.review.draft import ONE_SENTENCE, assemble
from bot.review.extractive import MISSING_ABSTRACT, ExtractiveProducer, is_boilerplate
from bot.review.lint import lint_review
from bot.review.openers import dangling_opener, rewrite_opener
from bot.review.roles import CueRoles, RoleModel
from bot.review.sentences import split_sentences
from bot.review.text import clean_text
from tests.review.samples import LAYERS_ABSTRACT, NOW, assert_well_formed, make_paper


def _review(producer: ExtractiveProducer, paper: Paper) -> Review:
    draft = producer.produce(paper)
    return assemble(paper, draft, date=NOW.date(), series="Daily Paper", emoji="")


def _source(sentence: str, original: list[str]) -> int:
    """Which sentence of the abstract `sentence` is, once its opening was rewritten and it
    was put in the third person (the only changes a producer may make)."""
    for index, candidate in enumerate(original):
        if sentence in {candidate, voiced(candidate), voiced(rewrite_opener(candidate))}:
            return index
    raise AssertionError(f"not from the abstract: {sentence!r}")


def _used(review: Review) -> list[str]:
    return [
        s
        for part in [review.hook, *(x.text for x in review.sections)]
        for s in split_sentences(part)
    ]


def test_a_normal_abstract_fills_the_house_sections_in_order(role_model: RoleModel) -> None:
    review = _review(ExtractiveProducer(role_model), make_paper())
    assert_well_formed(review)
    names = [s.name for s in review.sections]
    assert "Methodology" in names
    assert "Results" in names
    assert "Significance" in names  # "These results suggest ...", its opening rewritten
    body = [s for x in review.sections for s in split_sentences(x.text)]
    original = split_sentences(LAYERS_ABSTRACT)
    positions = [_source(s, original) for s in [review.hook, *body]]
    by_section = {
        x.name: [_source(s, original) for s in split_sentences(x.text)] for x in review.sections
    }
    assert all(p == sorted(p) for p in by_section.values())  # original order inside a section
    assert len(set(positions)) == len(positions)  # each sentence once, nothing invented
    assert "github" not in review.hook + " ".join(body)  # boilerplate left out


def test_the_hook_says_what_the_paper_does(role_model: RoleModel) -> None:
    review = _review(ExtractiveProducer(role_model), make_paper())
    assert review.hook.startswith("The authors empirically study")


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a graph model for molecules.",
        "Graphs are everywhere. We propose a graph model for molecules.",
        "Graphs are everywhere. We propose a graph model. It beats all baselines by 4.1%.",
    ],
)
def test_short_abstracts_give_sound_reviews(role_model: RoleModel, abstract: str) -> None:
    review = _review(ExtractiveProducer(role_model), make_paper(abstract))
    assert_well_formed(review)
    original = split_sentences(abstract)
    # the hook is a sentence of the abstract, never the title again (issue 22)
    assert review.hook != "The Unreasonable Ineffectiveness of the Deeper Layers."
    for sentence in set(_used(review)) - {ONE_SENTENCE}:
        _source(sentence, original)


BAD_INPUTS = {
    "entities": "We study &amp;lt;T&amp;gt; tags &amp; entities &#8212; a lot. "
    "Results improve by 5&nbsp;%.",
    "latex": "We prove $\\mathcal{O}(n \\log n)$ bounds. \\emph{Experiments} \\cite{x} confirm it.",
    "broken lines": "We pro-\npose a new meth-\nod for\nsegmen-\ntation. It im-\nproves IoU.",
    "very long": ("We study scaling laws for sparse models in depth. " * 200)[:10_000],
    "no punctuation": "we study graphs and we propose a model and it works well " * 30,
    "only boilerplate": "© 2024 Elsevier Ltd. All rights reserved.",
    "html": "<p>We propose <b>X</b>.</p><p>X is fast.</p><script>alert(1)</script>",
    "whitespace": " \n\t ",
    # found by hypothesis: voicing and dropped ordinals must not uncover a pointer
    "us": "$\\times$ Second, us",
    "ordinal": "$\\times$ Second, However,",
}


@pytest.mark.parametrize("abstract", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_gives_a_well_formed_review(role_model: RoleModel, abstract: str) -> None:
    review = _review(
        ExtractiveProducer(role_model),
        make_paper(abstract, title="A &amp; B:\n $x^2$ \\emph{nets}"),
    )
    assert_well_formed(review)
    assert review.title == "A & B: $x^2$ nets"
    text = " ".join([review.hook, *(s.text for s in review.sections)])
    for leftover in ("&amp;", "&lt;", "&#", "<b>", "\\emph", "\\cite", "alert(1)", "-\n"):
        assert leftover not in text
    assert all(len(s.text) <= 700 for s in review.sections)


@pytest.mark.parametrize("abstract", ["", "© 2024 Elsevier Ltd. All rights reserved."])
def test_an_empty_abstract_gives_a_review_of_the_title_that_says_so(
    role_model: RoleModel, abstract: str
) -> None:
    review = _review(ExtractiveProducer(role_model), make_paper(abstract))
    assert_well_formed(review)
    assert review.hook == "The Unreasonable Ineffectiveness of the Deeper Layers."
    assert review.sections[0].text == MISSING_ABSTRACT  # a whole sentence that says so


def test_an_empty_title_falls_back_to_the_id(role_model: RoleModel) -> None:
    review = _review(ExtractiveProducer(role_model), make_paper("", title="  "))
    assert review.title == "2403.17887"
    assert_well_formed(review)


def test_math_with_variables_stays_as_written_and_symbols_become_text() -> None:
    abstract = (
        "We bound the error by $\\epsilon < n^{-3}$ for $\\mathcal{O}(n \\log n)$ inputs. "
        "Our solver is 30$\\times$ faster than CPLEX and uses 5\\% less memory on $10^{6}$ "
        "instances."
    )
    review = _review(ExtractiveProducer(CueRoles()), make_paper(abstract))  # every sentence kept
    text = " ".join([review.hook, *(s.text for s in review.sections)])
    assert "$\\epsilon < n^{-3}$" in text
    assert "$\\mathcal{O}(n \\log n)$" in text
    assert "30× faster than CPLEX and uses 5% less memory on 10⁶ instances" in text


@pytest.mark.parametrize(
    "sentence",
    [
        "© 2019 Elsevier B.V. All rights reserved.",
        "Code is available at https://github.com/x/y.",
        "Our code and models will be publicly released.",
        "See www.example.com for the demo.",
        "Accepted at NeurIPS 2024.",
        "(6)",
    ],
)
def test_boilerplate_is_recognised(sentence: str) -> None:
    assert is_boilerplate(clean_text(sentence))


def test_ordinary_sentences_are_not_boilerplate() -> None:
    assert not is_boilerplate("We evaluate on GitHub issues and public code from 2019.")


def test_cue_roles_fallback_still_gives_well_formed_reviews() -> None:
    review = _review(ExtractiveProducer(CueRoles()), make_paper())
    assert_well_formed(review)


def test_sections_are_cut_at_sentence_boundaries_to_their_budget(role_model: RoleModel) -> None:
    long = " ".join(
        f"We measure effect number {i} on the benchmark suite carefully." for i in range(40)
    )
    review = _review(ExtractiveProducer(role_model, budget=300), make_paper(long))
    for section in review.sections:
        assert len(section.text) <= 300
        assert section.text.endswith(".")


def test_the_review_does_not_depend_on_hidden_state(role_model: RoleModel) -> None:
    producer = ExtractiveProducer(role_model)
    first = producer.produce(make_paper())
    producer.produce(make_paper("Something else entirely. We propose Y."))
    assert dataclasses.asdict(producer.produce(make_paper())) == dataclasses.asdict(first)


_PIECES = st.sampled_from(
    [
        "We propose a model.", "Results improve by 3.5%.", "e.g.", "et al.", "Fig. 2", "$x.y$",
        "&amp;", "&lt;b&gt;", "<p>", "</i>", "\\emph{z}", "-\n", "\n", "...", "?", "!", " ",
        "https://x.org/a.", "©", "Ltd.", "(", ")", '"', "deep", "Graph", "1.", "é",
    ]
)  # fmt: skip


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40),
    title=st.text(max_size=40),
)
def test_any_text_gives_a_well_formed_review(
    role_model: RoleModel, pieces: list[str], title: str
) -> None:
    paper = make_paper(" ".join(pieces), title=title)
    review = _review(ExtractiveProducer(role_model), paper)
    assert review.hook.strip()
    assert review.sections
    assert all(s.text.strip() for s in review.sections)
    assert render_text(review).endswith("<https://arxiv.org/abs/2403.17887>")
    for section in review.sections:  # whatever the input, no section leans on an unseen one
        assert dangling_opener(section.text) is None, section


def test_significance_is_a_closing_claim_or_a_release_never_a_bare_finding(
    role_model: RoleModel,
) -> None:
    abstract = (
        "Large language models are expensive to serve. "
        "We propose a pruning method that removes redundant attention heads. "
        "The method scores each head by its effect on the loss. "
        "Experiments on five benchmarks show that pruning 40% of heads keeps 98% of accuracy. "
        "Latency drops by 30% on an A100 GPU. "
        "These results suggest that most heads are redundant at inference time. "
        "All code and checkpoints are open-sourced to support further research."
    )
    review = _review(ExtractiveProducer(role_model), make_paper(abstract))
    sections = {s.name: s.text for s in review.sections}
    significance = sections["Significance"]
    assert significance.startswith("The results suggest that most heads are redundant")
    assert "open-sourced to support further research" in significance  # a release for others
    assert "30%" not in significance  # findings stay under Results
    assert "98%" not in significance
    bare = abstract.replace(
        " These results suggest that most heads are redundant at inference time.", ""
    ).replace(" All code and checkpoints are open-sourced to support further research.", "")
    names = [s.name for s in _review(ExtractiveProducer(role_model), make_paper(bare)).sections]
    assert "Significance" not in names  # no closing claim: no Significance, not a finding


@pytest.mark.parametrize(
    "sentence",
    [
        "Our code will be released.",
        "Code and data are available at https://github.com/x/y.",
    ],
)
def test_a_bare_release_note_is_boilerplate(sentence: str) -> None:
    assert is_boilerplate(sentence)
    assert not is_boilerplate("Our code is released to support further research.")


def test_the_hook_is_the_first_proposal_even_when_the_model_calls_it_background(
    role_model: RoleModel,
) -> None:
    abstract = (
        "We propose a test-time adaptation method for progress estimation. "
        "Progress estimators trained in one environment fail in new ones. "
        "To this end, we introduce a meta-learning strategy that trains on expert videos. "
        "The model is adapted online by optimising a self-supervised objective. "
        "Experiments show that the method generalises from one environment to many, "
        "beating in-context baselines by 12% on average."
    )
    review = _review(ExtractiveProducer(role_model), make_paper(abstract))
    assert (
        review.hook == "The authors propose a test-time adaptation method for progress estimation."
    )


def test_no_section_opens_on_a_sentence_that_points_back(role_model: RoleModel) -> None:
    abstract = (
        "Retrieval-augmented generation grounds language models in documents. "
        "However, retrievers miss documents that use other words than the question. "
        "To address these challenges, we propose QueryFan, which rewrites each question "
        "into several paraphrases before retrieval. "
        "It merges the retrieved lists with reciprocal rank fusion. "
        "This design adds no trainable parameters. "
        "Experiments on five QA benchmarks show that QueryFan improves recall@20 by 7.5 "
        "points over BM25. "
        "These results suggest that query rewriting is a cheap complement to dense retrieval."
    )
    review = _review(ExtractiveProducer(role_model), make_paper(abstract))
    assert review.hook.startswith("The authors propose QueryFan")  # "To address these..." gone
    for section in review.sections:
        assert dangling_opener(section.text) is None, section
    assert lint_review(review, role_model) == []
