"""With an LLM configured: it gets the paper's full text (by section priority, within a
token budget), and a review naming what the paper does not contain is refused, counted in
/metrics, and the extractive full-text review is used."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ReviewConfig, ReviewLLMConfig
from bot.fulltext.html import parse_html
from bot.fulltext.service import FullTexts
from bot.metrics import Metrics
from bot.model import Basis, Paper
from bot.review import Reviewer
from bot.review.fulltext_llm import CHARS_PER_TOKEN, llm_context, ungrounded
from bot.review.roles import CueRoles
from storage import SqlStore
from tests.fulltext.fixtures import data
from tests.review.fake_llm import FakeLLM, serve_fake_llm
from tests.sources.conftest import FakeServer, Reply

PAPER = Paper(
    "2402.00001",
    "Small Agents for Spreadsheet Question Answering",
    "Large language models answer questions about tables poorly. We present TabAgent.",
    version=1,
)
GROUNDED = {
    "hook": "TabAgent answers spreadsheet questions by writing SQL instead of reading the table.",
    "key_problem": "A spreadsheet with 10,000 rows does not fit in a 4,096-token context.",
    "methodology": "The agent writes a SQL query, runs it and answers from the result.",
    "implementation": "Mistral-7B fine-tuned for 3 epochs on 8 NVIDIA H100 GPUs.",
    "results": "71.2% on WikiTableQuestions against 61.8% for GPT-3.5.",
    "significance": "A 7B model with tools beats a 70B model without them.",
}


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    async with serve_fake_llm() as fake:
        yield fake


def test_the_context_keeps_the_conclusion_and_drops_related_work_within_budget() -> None:
    document = parse_html(data("tabular_agents.html"), arxiv_id="2402.00001", version=1)
    small = llm_context(document, 400)
    assert len(small) <= 400 * CHARS_PER_TOKEN
    assert small.startswith("## Abstract")
    assert "## 1 Introduction" in small
    assert "## 2 Related Work" not in llm_context(document, 100_000)
    full = llm_context(document, 100_000)
    titles = [line for line in full.splitlines() if line.startswith("## ")]
    assert titles == [
        "## Abstract",
        "## 1 Introduction",
        "## 3 TabAgent",
        "## 3.1 Data generation",
        "## 4.1 Setup",
        "## 4.2 Main results",
        "## 4.3 Ablations",
        "## 5 Discussion and Limitations",
    ]
    medium = llm_context(document, 500)
    assert "## 5 Discussion and Limitations" in medium  # the end is not what gets cut
    assert "## 3.1 Data generation" not in medium


def test_grounding_names_what_the_paper_does_not_contain() -> None:
    document = parse_html(data("tabular_agents.html"), arxiv_id="2402.00001", version=1)
    assert ungrounded(list(GROUNDED.values()), document) == []
    made_up = "It reaches 74.5% on WikiSQL, beating GPT-4 with 16 A100 GPUs."
    assert ungrounded([made_up], document) == ["74.5", "4", "16", "WikiSQL", "GPT-4", "A100"]


async def test_llm_reviews_from_the_full_text_and_an_ungrounded_answer_falls_back(
    fake_llm: FakeLLM,
    server: FakeServer,
    make_fulltexts: Callable[..., FullTexts],
    sqlite_store: SqlStore,
    http: httpx.AsyncClient,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.serve("/html/2402.00001", Reply(body=data("tabular_agents.html")))
    fulltexts = make_fulltexts()
    assert await fulltexts.get(PAPER) is not None
    metrics = Metrics()
    config = ReviewConfig(llm=ReviewLLMConfig(base_url=fake_llm.url))
    fake_llm.answer = dict(GROUNDED)
    reviewer = Reviewer(
        config,
        sqlite_store,
        http,
        clock,
        "sk-test",
        classifier=CueRoles(),
        fulltexts=fulltexts,
        on_ungrounded=metrics.llm_review_ungrounded,
    )
    review = await reviewer.review(PAPER)
    assert (review.producer, review.basis) == ("llm", Basis.FULL_TEXT)
    prompt = fake_llm.requests[0]["messages"][1]["content"]
    assert "## 4.2 Main results" in prompt
    assert "71.2% accuracy on WikiTableQuestions" in prompt

    other = Paper("2401.01234", "Sparse Routers", "Readers read too much.", version=2)
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    assert await fulltexts.get(other) is not None
    fake_llm.answer = {
        "hook": "SparseRoute reads only the passages a reader needs.",
        "key_problem": "Most retrieved passages are irrelevant to the question.",
        "methodology": "A router scores each passage and the reader sees the top ones.",
        "implementation": "A Fusion-in-Decoder reader with 770M parameters on 4 NVIDIA A100 GPUs.",
        "results": "SparseRoute reaches 58.3 exact match on Natural Questions.",  # made up
        "significance": "Readers can scale to more passages at the same cost.",
    }
    with caplog.at_level(logging.WARNING):
        fallback = await reviewer.review(other)
    assert (fallback.producer, fallback.basis) == ("extractive", Basis.FULL_TEXT)
    assert b"paperboy_llm_ungrounded_total 1.0" in metrics.render()
    assert any("not in the paper: 58.3" in r.getMessage() for r in caplog.records)
