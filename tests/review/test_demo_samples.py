"""Issue 22's rules on the demo's bundled samples (bot/samples): what a new user read in
`paperboy demo --interactive` with `/paper show ID`, and must not read again."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.model import Paper
from bot.review.article import ArticleProducer
from bot.review.draft import paper_title
from bot.review.extractive import ExtractiveProducer
from bot.review.lint import Rule, lint_review, repeats_title
from bot.review.roles import RoleModel, score
from bot.review.sentences import split_sentences
from bot.samples import sample_papers


def _sample(arxiv_id: str) -> Paper:
    return next(p for ps in sample_papers().values() for p in ps if p.arxiv_id == arxiv_id)


def _sections(producer: ExtractiveProducer, arxiv_id: str) -> dict[str, str]:
    return {s.name: s.text for s in producer.produce(_sample(arxiv_id)).sections}


def test_deepseek_r1_results_follow_what_fixes_this_stands_for(role_model: RoleModel) -> None:
    # "... tuning fixes this ..." stands for the unreadable output of the sentence before
    # it, which the review used to leave out: it is now read right before the pronoun
    producer = ExtractiveProducer(role_model)
    paper = _sample("2501.12948")
    draft = producer.produce(paper)
    sections = {s.name: s.text for s in draft.sections}
    assert sections["Methodology"].endswith("its output is hard to read and mixes languages.")
    assert "fixes this" in sections["Results"]
    assert [s.name for s in draft.sections] == ["Methodology", "Results"]
    assert lint_review(draft, role_model, title=paper.title, source=paper.abstract) == []


def test_a_pronoun_opening_a_section_without_what_it_stands_for_is_caught(
    role_model: RoleModel,
) -> None:
    paper = _sample("2501.12948")
    abstract = split_sentences(paper.abstract)
    # the old review: the hook, then Results on "fixes this"; its antecedent left out
    old = ExtractiveProducer(role_model).produce(paper)
    old = replace(old, sections=old.sections[1:])
    found = lint_review(old, role_model, source=paper.abstract)
    assert [(f.rule, f.section, f.detail) for f in found] == [
        (Rule.DANGLING_POINTER, "Results", "this")
    ]
    assert "fixes this" in abstract[2]


def test_flashattention_2_hook_is_what_the_paper_does_not_its_title(
    role_model: RoleModel,
) -> None:
    paper = _sample("2307.08691")
    draft = ExtractiveProducer(role_model).produce(paper)
    assert draft.hook.startswith("The authors revisit exact attention on GPUs")
    assert not repeats_title(draft.hook, paper_title(paper))
    # "Together these changes" reads as the changes the hook just named
    assert draft.sections[0].text.startswith("The changes roughly double the speed")
    assert lint_review(draft, role_model, title=paper_title(paper), source=paper.abstract) == []


def test_a_hook_that_repeats_the_title_is_caught() -> None:
    paper = _sample("2307.08691")
    draft = ExtractiveProducer(RoleModel.load()).produce(paper)
    titled = replace(draft, hook=paper_title(paper) + ".")
    found = [f.rule for f in lint_review(titled, title=paper_title(paper))]
    assert found == [Rule.HOOK_REPEATS_TITLE]


def test_the_blog_names_its_authors_once_a_sentence(role_model: RoleModel) -> None:
    # the blog's "About" post: "We favour ideas over leaderboard gains, and we review ..."
    article = ArticleProducer(plain=ExtractiveProducer(role_model))
    draft = article.produce(_sample("feed:7af2908fd203f10f"))
    text = " ".join(s.text for s in draft.sections)
    assert "The blog's authors favour ideas over leaderboard gains, and they review" in text
    assert "and the blog's authors review" not in text
    assert lint_review(draft, role_model) == []


def test_a_subject_named_twice_in_one_sentence_is_caught() -> None:
    draft = ExtractiveProducer(RoleModel.load()).produce(_sample("2310.06825"))
    doubled = "The blog's authors favour ideas, and the blog's authors review results."
    bad = replace(draft, hook=doubled)
    assert [f.rule for f in lint_review(bad)] == [Rule.REPEATED_SUBJECT]


@pytest.mark.parametrize(
    ("arxiv_id", "finding"),
    [
        ("2310.06825", "The model outperforms the best openly available"),
        ("2210.03629", "On question answering and fact verification this reduces"),
        ("2307.09288", "On most benchmarks the authors tested, the chat models outperform"),
    ],
)
def test_a_finding_sits_under_results_not_key_problem_or_methodology(
    role_model: RoleModel, arxiv_id: str, finding: str
) -> None:
    sections = _sections(ExtractiveProducer(role_model), arxiv_id)
    assert sections["Results"].startswith(finding)
    assert finding not in sections.get("Key Problem", "") + sections.get("Methodology", "")


def test_the_result_cue_overrides_the_model_only_for_findings(role_model: RoleModel) -> None:
    sentences = split_sentences(_sample("2310.06825").abstract)
    scored = score(role_model, sentences)
    assert [s.section for s in scored][:3] == ["Key Problem", "Key Problem", "Results"]
    assert scored[2].confidence == 1.0  # "outperforms": the model said Methodology
