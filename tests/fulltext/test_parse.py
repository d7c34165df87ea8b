"""arXiv's HTML (real LaTeXML output) and real PDFs into the structured full text."""

from __future__ import annotations

import io
import pydoc
import random

import pytest
from pypdf import PdfReader, PdfWriter

from bot.fulltext.codec import from_data, to_data
from bot.fulltext.document import CaptionKind, Origin
from bot.fulltext.errors import FailureReason, FullTextError
from bot.fulltext.html import parse_html
from bot.fulltext.pdf import parse_pdf
from tests.fulltext.fixtures import data


def test_latexml_page_gives_numbered_sections_with_anchored_paragraphs() -> None:
    doc = parse_html(data("sparse_router.html"), arxiv_id="2401.01234", version=2)
    assert doc.origin is Origin.HTML
    assert doc.title == "Sparse Routers for Long-Context Retrieval"
    assert doc.abstract.startswith("Retrieval-augmented language models spend")
    labels = [s.label for s in doc.sections]
    assert labels[:5] == [
        "1 Introduction",
        "2 Related Work",
        "3 Method",
        "3.1 Router",
        "3.2 Budgeted selection",
    ]
    assert "5.1 Main results" in labels
    assert "Datasets" in labels  # a titled \paragraph, one level deeper
    main = next(s for s in doc.sections if s.label == "5.1 Main results")
    assert (main.anchor, main.level) == ("S5.SS1", 2)
    assert main.paragraphs[0].anchor == "S5.SS1.p1"
    assert "50.9 exact match on Natural Questions" in main.paragraphs[0].text


def test_math_is_its_alt_text_and_footnotes_and_bibliography_are_dropped() -> None:
    doc = parse_html(data("sparse_router.html"), arxiv_id="2401.01234", version=2)
    router = next(s for s in doc.sections if s.anchor == "S3.SS1")
    text = router.paragraphs[0].text
    assert "$s_{i}\\in[0,1]$" in text
    assert "\\mathcal{L}" in text  # the display equation, as LaTeX
    assert "(1)" not in text  # its equation number is not prose
    everything = " ".join(p.text for s in doc.sections for p in s.paragraphs)
    assert "Code is available" not in everything  # the footnote
    assert "Retrieval-augmented generation for knowledge-intensive" not in everything
    assert all("References" not in s.title for s in doc.sections)


def test_tables_keep_caption_and_cells_figures_their_caption() -> None:
    doc = parse_html(data("sparse_router.html"), arxiv_id="2401.01234", version=2)
    captions = {c.anchor: c for s in doc.sections for c in s.captions}
    table = captions["S5.T1"]
    assert table.kind is CaptionKind.TABLE
    assert table.text.startswith("Exact match and share of tokens read")
    assert table.cells[0] == ("Method", "NQ EM", "TQA EM", "Tokens read")
    assert ("SparseRoute", "50.9", "66.8", "24%") in table.cells
    figure = captions["S3.F1"]
    assert figure.kind is CaptionKind.FIGURE
    assert not figure.text.startswith("Figure")  # the "Figure 1:" tag is not the caption


def test_author_year_paper_keeps_list_items_inside_their_paragraph() -> None:
    doc = parse_html(data("tabular_agents.html"), arxiv_id="2402.00001", version=1)
    intro = doc.sections[0]
    assert intro.label == "1 Introduction"
    assert [p.anchor for p in intro.paragraphs] == ["S1.p1", "S1.p2"]
    assert "120,000 verified question-query pairs" in intro.paragraphs[1].text
    assert doc.title == "Small Agents for Spreadsheet Question Answering"  # \thanks dropped


def test_a_truncated_page_is_refused() -> None:
    page = data("sparse_router.html")
    with pytest.raises(FullTextError) as caught:
        parse_html(page[: len(page) // 2], arxiv_id="2401.01234", version=1)
    assert caught.value.reason is FailureReason.TRUNCATED


def test_a_page_that_is_not_latexml_is_refused() -> None:
    page = pydoc.HTMLDoc().page("json", pydoc.HTMLDoc().docmodule(io)).encode()
    with pytest.raises(FullTextError) as caught:
        parse_html(page, arxiv_id="2401.01234", version=1)
    assert caught.value.reason is FailureReason.NOT_LATEXML


def test_pdf_text_gets_sections_by_their_numbered_headings() -> None:
    doc = parse_pdf(data("sparse_router.pdf"), arxiv_id="2401.01234", version=1)
    assert doc.origin is Origin.PDF
    assert [s.label for s in doc.sections][:4] == [
        "1 Introduction",
        "2 Related Work",
        "3 Method",
        "3.1 Router",
    ]
    assert doc.sections[3].anchor == "S3.SS1"
    assert "TriviaQA" in doc.abstract  # "Trivi-" + "aQA" joined across the line break
    results = next(s for s in doc.sections if s.title == "Main results")
    assert results.paragraphs[0].anchor == "S5.SS1.p1"
    assert any("50.9 exact match" in p.text for p in results.paragraphs)
    assert all("Lewis et al" not in p.text for s in doc.sections for p in s.paragraphs)
    table = results.captions[0]
    assert (table.anchor, table.kind) == ("S5.SS1.T1", CaptionKind.TABLE)
    assert table.text.startswith("Exact match and share of tokens read")
    everything = " ".join(p.text for s in doc.sections for p in s.paragraphs)
    assert "Code is available" not in everything  # the footnote
    assert "Full reading 51.4 67.6" not in everything  # a table's rows are not prose


def test_two_column_pdf_is_read() -> None:
    doc = parse_pdf(data("tabular_agents.pdf"), arxiv_id="2402.00001", version=1)
    titles = [s.title for s in doc.sections]
    assert "Introduction" in titles
    assert "Main results" in titles


def test_a_pdf_without_text_is_no_text() -> None:
    with pytest.raises(FullTextError) as caught:
        parse_pdf(data("scanned.pdf"), arxiv_id="2401.01234", version=1)
    assert caught.value.reason is FailureReason.NO_TEXT


def test_an_encrypted_pdf_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data("tabular_agents.pdf"))))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(FullTextError) as caught:
        parse_pdf(locked.getvalue(), arxiv_id="2402.00001", version=1)
    assert caught.value.reason is FailureReason.ENCRYPTED


def test_a_cut_pdf_is_unreadable_or_textless_never_an_exception_of_its_own() -> None:
    pdf = data("sparse_router.pdf")
    with pytest.raises(FullTextError) as caught:
        parse_pdf(pdf[: len(pdf) // 3], arxiv_id="2401.01234", version=1)
    assert caught.value.reason in (FailureReason.UNREADABLE, FailureReason.NO_TEXT)


def test_the_document_survives_its_stored_form() -> None:
    doc = parse_html(data("tabular_agents.html"), arxiv_id="2402.00001", version=3)
    assert from_data(to_data(doc)) == doc
    assert from_data({**to_data(doc), "format": 0}) is None  # an older format: fetch again


def test_real_arxiv_page_with_unnumbered_sections_and_latexml_errors() -> None:
    doc = parse_html(data("srlearn.html"), arxiv_id="1912.08198", version=1)
    assert doc.title.startswith("srlearn: A Python Library for Gradient-Boosted")
    assert [(s.anchor, s.label) for s in doc.sections][:3] == [
        ("Sx1", "Introduction"),
        ("Sx1.SSx1", "API Design in Machine Learning"),
        ("Sx2", "srlearn"),
    ]
    everything = " ".join(p.text for s in doc.sections for p in s.paragraphs)
    assert "\\citeauthoryear" not in everything  # LaTeXML's error marks are not text
    experiments = next(s for s in doc.sections if s.title == "Experiments")
    assert experiments.captions[0].kind is CaptionKind.TABLE


def test_real_arxiv_pdf_with_unnumbered_headings() -> None:
    doc = parse_pdf(data("srlearn.pdf"), arxiv_id="1912.08198", version=1)
    assert doc.abstract.startswith("We present srlearn")
    assert [s.title for s in doc.sections] == ["Introduction", "Experiments", "Conclusion"]


def test_damaged_pdfs_are_a_named_failure_never_another_exception() -> None:
    """Bytes of the real arXiv PDF flipped at seeded places, or cut: pypdf raises many kinds
    of error on such files (NotImplementedError among them); each must become FullTextError
    or parse."""
    original = data("srlearn.pdf")
    rng = random.Random(14)
    outcomes = []
    for round_ in range(12):
        damaged = bytearray(original[: rng.randrange(1_000, len(original))])
        for _ in range(50 if round_ % 2 else 0):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            parse_pdf(bytes(damaged), arxiv_id="1912.08198", version=1)
            outcomes.append("parsed")
        except FullTextError as exc:
            outcomes.append(exc.reason.value)
    assert set(outcomes) <= {"parsed", "unreadable", "no_text"}
    assert "unreadable" in outcomes
