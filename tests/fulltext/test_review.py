"""The full-text review of real LaTeXML pages: every house section, in order, within the
house budgets, from the paper's own sentences, in the third person, with its sources."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.fulltext.document import FullText
from bot.fulltext.html import parse_html
from bot.model import SECTION_NAMES, Basis, Paper
from bot.review.draft import Draft
from bot.review.extractive import ExtractiveProducer
from bot.review.fulltext import BUDGETS, HOOK_BUDGET, FullTextProducer
from bot.review.roles import CueRoles
from tests.fulltext.fixtures import data

FIXTURES = ["sparse_router.html", "tabular_agents.html"]


def _review(document: FullText) -> Draft:
    paper = Paper("2401.01234", document.title, document.abstract, version=1)
    fallback = ExtractiveProducer(CueRoles()).produce(paper)
    return FullTextProducer().produce(paper, document, fallback=fallback)


def _paper_text(document: FullText) -> str:
    parts = [document.abstract]
    for section in document.sections:
        parts += [p.text for p in section.paragraphs] + [c.text for c in section.captions]
    return " ".join(parts)


@pytest.fixture(params=FIXTURES)
def document(request: pytest.FixtureRequest) -> FullText:
    return parse_html(data(request.param), arxiv_id="2401.01234", version=1)


def test_every_house_section_in_order_within_budget(document: FullText) -> None:
    draft = _review(document)
    assert draft.basis is Basis.FULL_TEXT
    assert [s.name for s in draft.sections] == list(SECTION_NAMES)
    for section in draft.sections:
        assert 0 < len(section.text) <= BUDGETS[section.name], section.name
    assert 0 < len(draft.hook) <= HOOK_BUDGET


def test_each_section_names_the_paper_sections_and_anchors_it_came_from(
    document: FullText,
) -> None:
    anchors = {p.anchor: s.label for s in document.sections for p in s.paragraphs}
    anchors |= {c.anchor: s.label for s in document.sections for c in s.captions}
    for section in _review(document).sections:
        assert section.sources, section.name
        for source in section.sources:
            assert source.anchor in anchors
            assert anchors[source.anchor] in source.section  # "4 Setup: Datasets" holds it


def test_sentences_are_the_papers_cleaned_and_in_the_third_person(document: FullText) -> None:
    paper = _paper_text(document)
    numbers_in_paper = set(re.findall(r"\d+(?:[.,]\d+)*", paper))
    for section in _review(document).sections:
        text = section.text
        # citations: "[2]", "[2, 3]", "(Pasupat and Liang, 2015)", "Schick et al. (2023)";
        # "$s_i \\in [0,1]$" is an interval, not a citation
        assert not re.search(r"\[\d+(, \d+)*\]|et al\.,? \(?\d{4}|\(\w+ and \w+, \d{4}\)", text)
        assert not re.search(r"\b(we|our|us)\b", text, re.IGNORECASE), text
        assert set(re.findall(r"\d+(?:[.,]\d+)*", text)) <= numbers_in_paper  # nothing invented
        assert "Table 1" not in text
        assert "Figure 1" not in text


def test_results_are_concrete_numbers_against_baselines() -> None:
    document = parse_html(data("sparse_router.html"), arxiv_id="2401.01234", version=1)
    sections = {s.name: s for s in _review(document).sections}
    assert "50.9 exact match" in sections["Results"].text
    assert "51.4 for full reading" in sections["Results"].text
    assert "770M parameters" in sections["Implementation"].text
    assert "learning rate of 3e-5" in sections["Implementation"].text
    assert "4 NVIDIA A100 GPUs" in sections["Implementation"].text  # the compute, too
    assert any(s.section == "5.1 Main results" for s in sections["Results"].sources)
    assert "retraining" in sections["Significance"].text  # the limitation the authors state


def test_table_captions_count_as_results() -> None:
    document = parse_html(data("tabular_agents.html"), arxiv_id="2402.00001", version=1)
    results = next(s for s in _review(document).sections if s.name == "Results")
    assert "71.2% accuracy on WikiTableQuestions" in results.text
    assert "S4.T1" in {s.anchor for s in results.sources}


def test_a_section_the_paper_lacks_comes_from_the_abstract_and_says_so() -> None:
    full = parse_html(data("sparse_router.html"), arxiv_id="2401.01234", version=1)
    intro_only = dataclasses.replace(full, sections=full.sections[:1])
    draft = _review(intro_only)
    key_problem = draft.sections[0]
    assert key_problem.name == "Key Problem"
    assert key_problem.sources[0].anchor.startswith("S1.")
    from_abstract = [s for s in draft.sections if s.sources and s.sources[0].anchor == "abstract"]
    assert {s.name for s in from_abstract} >= {"Results"}  # the abstract's own numbers
    for section in from_abstract:
        assert set(re.findall(r"\d+%?", section.text)) <= set(
            re.findall(r"\d+%?", intro_only.abstract)
        )


def test_a_real_arxiv_paper_without_numbers_gets_no_invented_implementation() -> None:
    document = parse_html(data("srlearn.html"), arxiv_id="1912.08198", version=1)
    draft = _review(document)
    names = [s.name for s in draft.sections]
    assert names == ["Key Problem", "Methodology", "Results", "Significance"]  # no empty one
    for section in draft.sections:
        assert not re.search(r"\[[A-Z][^\]]*\d{4}\]|\(de Vazelhes", section.text)  # aaai cites
    assert draft.hook.startswith("The authors present srlearn")
