"""Scenario `review_fulltext`: parse + review of a 55-page LaTeXML page; five-section rate.

Figures:
- p50/p95 seconds of parsing a 55-page paper's arXiv HTML (real latexml output, 202 kB,
  tests/data/fulltext/long_compilation.html.gz) and writing its full-text review, over
  `size` runs (default 20); target p95 < 0.5 s. The peak memory of one parse + review.
  The same p95 for a page of 1,920 formulae (1 MB of MathML, math_heavy.html.gz).
- On the real full texts of tests/data/fulltext (two HTML pages, two PDFs, the long page):
  the fraction whose full-text review has all five house sections, beside the fraction for
  the abstract-only review of the same papers.
- The PDF library: pypdf against pdfminer.six on the same PDFs (seconds, and the share of
  the HTML text's words each recovers); pdfminer.six is measured when it is installed.
"""

from __future__ import annotations

import gzip
import importlib
import io
import re
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

NAME = "review_fulltext"
TARGET_P95 = 0.5
DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "fulltext"
HOUSE = ("Key Problem", "Methodology", "Implementation", "Results", "Significance")


def _texts() -> list[tuple[str, bytes, str]]:
    """(name, bytes, kind) of every real full text fixture."""
    found = [(p.name, p.read_bytes(), "html") for p in sorted(DATA.glob("*.html"))]
    found += [
        (p.name, gzip.decompress(p.read_bytes()), "html") for p in sorted(DATA.glob("*.html.gz"))
    ]
    found += [(p.name, p.read_bytes(), "pdf") for p in sorted(DATA.glob("*.pdf"))]
    # no text, by design; and a page of formulae, not a paper (timed on its own)
    return [f for f in found if f[0] not in ("scanned.pdf", "math_heavy.html.gz")]


def _pdf_libraries(texts: list[tuple[str, bytes, str]]) -> dict[str, float]:
    from pypdf import PdfReader

    from bot.fulltext.html import parse_html

    def pypdf_text(raw: bytes) -> str:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)

    readers: dict[str, Any] = {"pypdf": pypdf_text}
    try:  # optional, not a dependency: the comparison runs where pdfminer.six is installed
        pdfminer = importlib.import_module("pdfminer.high_level")
        readers["pdfminer"] = lambda raw: pdfminer.extract_text(io.BytesIO(raw))
    except ImportError:
        pass
    html = {name.removesuffix(".html"): raw for name, raw, kind in texts if kind == "html"}
    figures: dict[str, float] = {}
    for who, read in readers.items():
        seconds, recall = 0.0, []
        for name, raw, kind in texts:
            if kind != "pdf" or name.removesuffix(".pdf") not in html:
                continue
            reference = parse_html(html[name.removesuffix(".pdf")], arxiv_id="x", version=1)
            words = re.findall(
                r"[A-Za-z]{3,}", " ".join(p.text for s in reference.sections for p in s.paragraphs)
            )
            started = time.perf_counter()
            for _ in range(3):
                text = read(raw)
            seconds += (time.perf_counter() - started) / 3
            found = set(re.findall(r"[A-Za-z]{3,}", text))
            recall.append(sum(w in found for w in words) / max(1, len(words)))
        figures[f"{who}_seconds"] = round(seconds, 4)
        figures[f"{who}_word_recall"] = round(statistics.mean(recall), 4)
    return figures


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1] if len(timings) >= 2 else timings[0]


def run(size: int | None = None, **_: Any) -> dict[str, Any]:
    from bot.fulltext.html import parse_html
    from bot.fulltext.pdf import parse_pdf
    from bot.model import Paper
    from bot.review.extractive import ExtractiveProducer
    from bot.review.fulltext import FullTextProducer
    from bot.review.roles import RoleModel

    runs = size or 20
    long_page = gzip.decompress((DATA / "long_compilation.html.gz").read_bytes())
    abstract_producer = ExtractiveProducer(RoleModel.load())
    producer = FullTextProducer()

    def review(raw: bytes, kind: str) -> tuple[int, int]:
        parse = parse_html if kind == "html" else parse_pdf
        document = parse(raw, arxiv_id="2401.01234", version=1)
        paper = Paper("2401.01234", document.title, document.abstract, version=1)
        abstract = abstract_producer.produce(paper)
        full = producer.produce(paper, document, fallback=abstract)
        names = {s.name for s in full.sections if s.sources and s.sources[0].section != "Abstract"}
        return sum(n in names for n in HOUSE), sum(s.name in HOUSE for s in abstract.sections)

    review(long_page, "html")  # warm: the role model, regexes
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        review(long_page, "html")
        timings.append(time.perf_counter() - started)
    math_page = gzip.decompress((DATA / "math_heavy.html.gz").read_bytes())
    math_timings = []
    for _ in range(runs):
        started = time.perf_counter()
        review(math_page, "html")
        math_timings.append(time.perf_counter() - started)
    tracemalloc.start()
    review(long_page, "html")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    texts = _texts()
    counts = [review(raw, kind) for _, raw, kind in texts]
    full_rate = sum(full == 5 for full, _ in counts) / len(counts)
    abstract_rate = sum(abstract == 5 for _, abstract in counts) / len(counts)
    p95 = _p95(timings)
    math_p95 = _p95(math_timings)
    figures: dict[str, Any] = {
        "p50_seconds": round(statistics.median(timings), 4),
        "p95_seconds": round(p95, 4),
        "peak_memory_mb": round(peak / 1e6, 2),
        "math_heavy_p95_seconds": round(math_p95, 4),
        "fulltext_all_five_sections": round(full_rate, 3),
        "abstract_all_five_sections": round(abstract_rate, 3),
        "fulltext_sections_from_paper_mean": round(statistics.mean(f for f, _ in counts), 2),
        "abstract_sections_mean": round(statistics.mean(a for _, a in counts), 2),
        **_pdf_libraries(texts),
    }
    ratios: dict[str, float | None] = {  # None: the abstract reviews never had all five
        "all_five_fulltext_vs_abstract": round(full_rate / abstract_rate, 3)
        if abstract_rate
        else None,
    }
    if "pdfminer_seconds" in figures:
        ratios["pdfminer_vs_pypdf_seconds"] = round(
            figures["pdfminer_seconds"] / max(figures["pypdf_seconds"], 1e-9), 2
        )
    return {
        "scenario": NAME,
        "sizes": {
            "runs": runs,
            "long_page_bytes": len(long_page),
            "long_page_pdf_pages": 55,
            "math_heavy_page_bytes": len(math_page),
            "math_heavy_formulae": 1920,
            "full_texts": len(texts),
        },
        "figures": figures,
        "ratios": ratios,
        "targets": {"p95_seconds": f"< {TARGET_P95}", "math_heavy_p95_seconds": f"< {TARGET_P95}"},
        "ok": p95 < TARGET_P95 and math_p95 < TARGET_P95,
    }
