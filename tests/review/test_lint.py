"""The review linter: each rule caught on a bad review, and zero findings on every review
the bot makes of the bundled samples, the review fixtures, the labelled recent abstracts
and CSAbstruct's test abstracts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from benchmarks.scenarios.review_lint import csabstruct_papers, recent_papers
from bot.model import Paper, ReviewSection
from bot.review.article import ArticleProducer
from bot.review.draft import Draft, paper_title
from bot.review.extractive import ExtractiveProducer
from bot.review.lint import (
    Rule,
    count_by_rule,
    is_misplaced,
    lint_review,
    misplaced,
    without_misplaced,
)
from bot.review.roles import LABELS, RoleModel, Scored
from bot.review.train import find_data_dir
from bot.samples import sample_papers
from tests.review.samples import article_paper, make_paper
from tests.review.test_extractive import BAD_INPUTS

GOLDEN = Path(__file__).parent / "golden"


def _draft(hook: str, **sections: str) -> Draft:
    parts = tuple(ReviewSection(name.replace("_", " "), text) for name, text in sections.items())
    return Draft(hook=hook, sections=parts, producer="extractive")


GOOD = _draft(
    "The authors propose a sparse attention kernel for long documents.",
    Key_Problem="Attention costs grow with the square of the context length.",
    Methodology="The kernel skips blocks whose scores fall below a learned bound.",
    Results="The kernel runs 3× faster than FlashAttention on 64k-token inputs.",
)


R = "Results"


@pytest.mark.parametrize(
    ("hook", "results", "rule", "section"),
    [
        ("X is new.", "However, it fails on long inputs.", Rule.DANGLING_OPENER, R),
        ("To address these issues, X is proposed.", "X wins.", Rule.DANGLING_OPENER, "hook"),
        ("We propose X for graphs.", "X wins by 3 points.", Rule.FIRST_PERSON, "hook"),
        ("X is new.", "Their model beats ours by 3 points.", Rule.FIRST_PERSON, R),
        ("X is new.", "X is 30\\times faster than Y.", Rule.LATEX_RESIDUE, R),
        ("X is new.", "X wins (1) on speed and (3) on memory.", Rule.SKIPPED_NUMBERING, R),
        ("X is new.", "Third, X wins on memory by far.", Rule.SKIPPED_NUMBERING, R),
        ("X is new.", "Fast.", Rule.SHORT_SECTION, R),
        ("X is new.", "X wins on speed and on memory", Rule.SHORT_SECTION, R),
        ("X is new.", "X wins on  speed and memory.", Rule.BROKEN_TEXT, R),
        ("X is new.", "X wins on speed and memory .", Rule.BROKEN_TEXT, R),
        ("X is new.", "X improves recog- nition of digits.", Rule.BROKEN_TEXT, R),
    ],
)
def test_each_rule_is_caught(hook: str, results: str, rule: Rule, section: str) -> None:
    findings = lint_review(_draft(hook, Results=results))
    assert (rule, section) in {(f.rule, f.section) for f in findings}, findings
    assert lint_review(GOOD) == []
    assert lint_review(_draft("X is new.", Results="Pre- and post-training help.")) == []


def test_misplaced_means_another_heading_and_a_sure_classifier() -> None:
    sure_result = Scored("result", "Results", 0.95)
    assert is_misplaced("Methodology", sure_result)
    assert is_misplaced("Key Problem", sure_result)
    assert not is_misplaced("Significance", sure_result)  # what a finding means
    assert not is_misplaced("Methodology", Scored("result", "Results", 0.6))
    assert not is_misplaced("Implementation", sure_result)


def test_a_sentence_the_classifier_gives_to_another_heading_is_caught(
    role_model: RoleModel,
) -> None:
    draft = _draft(
        "The authors propose a cheap training method for image recognition.",
        Key_Problem="Deep networks are expensive to train on large datasets.",
        Methodology=(
            "Experiments show that the method reduces training time by 40% and outperforms "
            "all baselines on ImageNet. These results suggest that cheap training is within "
            "reach."
        ),
    )
    found = [f for f in lint_review(draft, role_model) if f.rule == Rule.MISPLACED_SENTENCE]
    # a measured gain over baselines is a finding (the result cue), as is what it suggests
    assert [(f.section, f.detail[:19]) for f in found] == [
        ("Methodology", "Experiments show th"),
        ("Methodology", "These results sugge"),
    ]
    assert lint_review(GOOD, role_model) == []


def _golden_drafts() -> list[Draft]:
    """The review fixtures rendered as text, read back into hook and sections."""
    drafts = []
    names = "Key Problem|Methodology|Implementation|Results|Significance"
    for path in sorted(GOLDEN.glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8").strip().split("\n\n")
        sections = []
        for paragraph in paragraphs[2:]:
            match = re.match(rf"({names}): (.*)", paragraph, re.DOTALL)
            if match:
                sections.append(ReviewSection(match.group(1), match.group(2)))
        drafts.append(Draft(hook=paragraphs[1], sections=tuple(sections), producer="llm"))
    return drafts


def _papers_of_samples() -> list[Paper]:
    return [paper for papers in sample_papers().values() for paper in papers]


def _assert_clean(
    drafts: list[Draft], classifier: RoleModel, papers: list[Paper] | None = None
) -> None:
    """No finding in any draft; given the papers (one per draft), the hook is not their
    title and a pronoun opening a section follows what it stands for in their abstract."""
    sources: list[Paper | None] = list(papers) if papers else [None] * len(drafts)
    findings = [
        (d.hook[:40], f)
        for d, p in zip(drafts, sources, strict=True)
        for f in lint_review(
            d,
            classifier,
            title=None if p is None else paper_title(p),
            source=None if p is None or d.producer == "article" else p.abstract,
        )
    ]
    assert findings == []
    assert set(count_by_rule([f for _, f in findings]).values()) <= {0}


def test_the_bundled_samples_give_clean_reviews(role_model: RoleModel) -> None:
    extractive = ExtractiveProducer(role_model)
    article = ArticleProducer(plain=extractive)
    papers = _papers_of_samples()
    with_article = [p for p in papers if p.article is not None]
    drafts = [extractive.produce(p) for p in papers]
    drafts += [article.produce(p) for p in with_article]
    assert len(drafts) > 20
    _assert_clean(drafts, role_model, papers + with_article)


def test_the_review_fixtures_are_clean(role_model: RoleModel) -> None:
    extractive = ExtractiveProducer(role_model)
    drafts = _golden_drafts()
    assert len(drafts) == 3
    _assert_clean(drafts, role_model)
    papers = [make_paper(), article_paper(), *(make_paper(a) for a in BAD_INPUTS.values())]
    made = [extractive.produce(papers[0]), ArticleProducer().produce(papers[1])]
    made += [extractive.produce(p) for p in papers[2:]]
    _assert_clean(made, role_model, papers)


def test_the_recent_abstracts_give_clean_reviews(role_model: RoleModel) -> None:
    extractive = ExtractiveProducer(role_model)
    papers = recent_papers()
    _assert_clean([extractive.produce(p) for p in papers], role_model, papers)


def test_csabstructs_test_abstracts_give_clean_reviews(role_model: RoleModel) -> None:
    papers = csabstruct_papers(find_data_dir(os.environ))
    if not papers:
        pytest.skip("CSAbstruct not found beside the checkout nor at $CSABSTRUCT_DIR")
    extractive = ExtractiveProducer(role_model)
    _assert_clean([extractive.produce(p) for p in papers], role_model, papers)


class KnownRoles:
    """A classifier that knows each sentence's role for sure (one-hot probabilities):
    the drop logic tested apart from what the trained model happens to say."""

    labels = LABELS

    def __init__(self, roles: dict[str, str]) -> None:
        self._roles = roles

    def predict(self, sentences: list[str]) -> list[str]:
        return [self._roles.get(s, "other") for s in sentences]  # "other": no section

    def roles_and_marginals(self, sentences: list[str]) -> tuple[list[str], np.ndarray]:
        roles = self.predict(sentences)
        one_hot = np.eye(len(LABELS), dtype=np.float32)[[LABELS.index(r) for r in roles]]
        return roles, one_hot


def test_the_producer_check_drops_misplaced_sentences_and_the_pointer_left_opening() -> None:
    finding = "Training time falls by 40% on ImageNet."
    draft = _draft(
        "The authors propose a cheap training method.",
        Key_Problem="Deep networks are expensive to train.",
        Methodology=f"{finding} It also beats every baseline. The method uses cyclic rates.",
    )
    classifier = KnownRoles({finding: "result", "It also beats every baseline.": "result"})
    assert misplaced(draft, classifier) == [
        ("Methodology", finding),
        ("Methodology", "It also beats every baseline."),
    ]
    settled = without_misplaced(draft, classifier)
    assert [(s.name, s.text) for s in settled] == [
        ("Key Problem", "Deep networks are expensive to train."),
        ("Methodology", "The method uses cyclic rates."),
    ]
    pointer = _draft(
        "The authors propose a cheap training method.",
        Methodology=f"{finding} This keeps costs low.",
    )
    # the finding goes, and the sentence that pointed at it cannot open the section
    assert without_misplaced(pointer, KnownRoles({finding: "result"})) == ()
    assert without_misplaced(GOOD, KnownRoles({})) == GOOD.sections
