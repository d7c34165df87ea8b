"""The article producer: a blog's review mapped onto the house sections."""

from __future__ import annotations

import pytest

from bot.model import FeedArticle, Paper, Review
from bot.review.article import ArticleProducer, heading_section
from bot.review.draft import ProducerError, assemble
from bot.review.extractive import ExtractiveProducer
from bot.review.lint import lint_review
from bot.review.render import render_text
from bot.review.roles import RoleModel
from tests.review.samples import NOW, article_paper, assert_well_formed


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Background", "Key Problem"),
        ("RESEARCH GAP", "Key Problem"),
        ("Objective", "Key Problem"),
        ("1. Introduction", "Key Problem"),
        ("Methodology", "Methodology"),
        ("Experimental Design", "Methodology"),
        ("Proposed Modifications", "Methodology"),
        ("Implementation details", "Implementation"),
        ("Experiment", "Results"),
        ("Main Findings:", "Results"),
        ("Experimental Results", "Results"),
        ("Results and Discussion", "Results"),
        ("Conclusion", "Significance"),
        ("Discussion", "Significance"),
        ("Implications", "Significance"),
        ("Limitations", None),
        ("Reference", None),
        ("Literature Review", None),
    ],
)
def test_headings_map_by_synonym_case_insensitively(heading: str, section: str | None) -> None:
    assert heading_section(heading) == section


def _review(paper: Paper, budget: int = 700) -> Review:
    draft = ArticleProducer(budget=budget).produce(paper)
    return assemble(paper, draft, date=NOW.date(), series="Daily Paper", emoji="")


def test_an_article_becomes_a_house_review() -> None:
    review = _review(article_paper())
    assert_well_formed(review)
    assert review.producer == "article"
    assert review.hook.startswith("This post reviews a paper that fine-tunes large models")
    sections = {s.name: s.text for s in review.sections}
    assert list(sections) == ["Key Problem", "Methodology", "Results", "Significance"]
    assert sections["Key Problem"] == (
        "LoRA stores low-rank matrices for every adapted layer & still needs much memory."
    )
    assert "$\\Delta W = \\mathcal{F}^{-1}(C)$" in sections["Methodology"]  # math kept
    assert "**only 0.064M**" in sections["Results"]  # emphasis kept
    assert "*very few*" in review.hook
    text = render_text(review)
    for gone in ("Figure 1", "fig1.png", "33.5M", "<", "Only tested", "Gao et al", "Source:"):
        assert gone not in text.replace("<https://", "").replace("Paper: <", "")


def test_the_main_link_is_the_blog_post_with_the_paper_beside_it() -> None:
    review = _review(article_paper())
    lines = render_text(review).splitlines()
    assert lines[-1] == "<https://reviews.example.org/2024/11/28/fourierft.html>"
    assert lines[-3] == "Paper: <https://arxiv.org/abs/2405.03003>"
    rels = [link.rel for link in review.links]
    assert rels[:3] == ["abs", "pdf", "blog"]


def test_sections_are_cut_to_their_budget_at_a_sentence_boundary() -> None:
    review = _review(article_paper(), budget=80)
    results = next(s.text for s in review.sections if s.name == "Results")
    assert results == "FourierFT matches LoRA on GLUE with **only 0.064M** parameters."


def _paper_with(html: str) -> Paper:
    article = FeedArticle("blog", "e1", "https://blog.example/p", "Post", html=html)
    return Paper("2401.00001", "Title", "Abstract.", article=article)


def test_an_article_without_mapped_headings_is_refused() -> None:
    with pytest.raises(ProducerError, match="map to no house section"):
        ArticleProducer().produce(_paper_with("<p>Just prose.</p><h2>References</h2><p>x</p>"))
    with pytest.raises(ProducerError, match="no feed article"):
        ArticleProducer().produce(Paper("2401.00001", "Title"))


def test_without_an_introduction_the_first_section_opens_the_review() -> None:
    html = (
        "<h2>Background</h2><p>Models are big. Memory is scarce.</p>"
        "<h2>Results</h2><p>It works.</p>"
    )
    review = _review(_paper_with(html))
    assert_well_formed(review)
    assert review.hook == "Models are big."
    assert review.sections[0].text == "Memory is scarce."


def test_list_items_and_mathjax_scripts_are_kept_as_text() -> None:
    html = (
        '<h2>Method</h2><ul><li>Encode with <script type="math/tex">f(x)</script></li>'
        "<li>Decode</li></ul><h3>Findings</h3><p>Gains of \\(3\\%\\) hold.</p>"
    )
    review = _review(_paper_with(html))
    texts = [s.text for s in review.sections]
    assert "Decode." in texts[0] or "Decode." in review.hook
    assert "Encode with $f(x)$." in review.hook + " ".join(texts)
    assert texts[-1] == "Gains of $3\\%$ hold."


PLAIN_POST = """
<blockquote><p>Source: arXiv:2403.17887</p></blockquote>
<p>Large language models stack dozens of Transformer layers, which makes serving them slow
and expensive. Nobody knew how many of those layers are actually needed.</p>
<h2>My notes</h2>
<p>The authors remove the block of layers whose input and output are most similar, then
heal the model with a little QLoRA finetuning on a single GPU.</p>
<p>Experiments show that up to half of the layers of Llama-2-70B can be removed before
question-answering accuracy collapses, cutting memory by 40%.</p>
<p>These results suggest that pruning can complement quantization to reduce the cost of
serving. We think this is the most practical paper of the week.</p>
"""


def test_a_post_without_house_headings_is_classified_sentence_by_sentence(
    role_model: RoleModel,
) -> None:
    plain = ExtractiveProducer(role_model)
    paper = _paper_with(PLAIN_POST)
    with pytest.raises(ProducerError):  # without a classifier: refused, as before
        ArticleProducer().produce(paper)
    review = assemble(
        paper,
        ArticleProducer(plain=plain).produce(paper),
        date=NOW.date(),
        series="Daily Paper",
        emoji="",
    )
    assert_well_formed(review)
    assert review.producer == "article"
    assert review.link == "https://blog.example/p"
    sections = {s.name: s.text for s in review.sections}
    assert len(sections) >= 3  # not a review of the title alone
    assert "Transformer layers" in review.hook + sections.get("Key Problem", "")
    assert "40%" in sections.get("Results", "") + sections.get("Significance", "")
    text = review.hook + " ".join(sections.values())
    assert "Source:" not in text
    assert "We think" not in text  # the blog's own voice is written in the third person
    assert lint_review(review, role_model) == []


@pytest.mark.parametrize(
    "html",
    [
        "However, <h2>Results</h2> e.g.",  # found by hypothesis: parts that split together
        "<h2>Results</h2><p>It works.</p>",  # nothing that stands alone
        "<h2>Background</h2><p>Second, however, it fails.</p><h2>Results</h2><p>Fast.</p>",
    ],
)
def test_odd_articles_give_a_review_or_a_named_refusal(html: str) -> None:
    try:
        draft = ArticleProducer().produce(_paper_with(html))
    except ProducerError:
        return
    assert draft.hook.strip()
    assert draft.sections
    assert all(lint_review(draft) == [] or s.text for s in draft.sections)
