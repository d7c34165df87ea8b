"""The LLM producer against a fake chat-completions server: every failure ends in a review."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ReviewConfig, ReviewLLMConfig
from bot.review import Reviewer, render_text
from bot.review.llm import LLMError, parse_answer
from storage import SqlStore
from tests.review.fake_llm import VALID_ANSWER, FakeLLM
from tests.review.samples import assert_well_formed, make_paper

API_KEY = "sk-test-0123456789abcdefXYZ"


def _config(fake: FakeLLM, **llm: object) -> ReviewConfig:
    settings: dict[str, object] = {"base_url": fake.url, "model": "tiny-model", "timeout": 2.0}
    settings.update(llm)
    return ReviewConfig(llm=ReviewLLMConfig(**settings))  # type: ignore[arg-type]


async def test_a_valid_answer_becomes_the_review(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(_config(fake_llm), sqlite_store, http, clock, API_KEY)
        review = await reviewer.review(make_paper(), number=7)
    assert review.producer == "llm"
    assert_well_formed(review)
    assert review.hook == VALID_ANSWER["hook"]
    assert [s.name for s in review.sections] == [
        "Key Problem",
        "Methodology",
        "Results",
        "Significance",
    ]
    assert review.link == "https://arxiv.org/abs/2403.17887"  # the bot's, not the model's
    assert render_text(review).splitlines()[1] == "Paper Review No. 7"
    request = fake_llm.requests[0]
    assert request["model"] == "tiny-model"
    assert request["max_tokens"] == 900
    assert "The Unreasonable Ineffectiveness of the Deeper Layers" in json.dumps(request)
    assert fake_llm.authorizations == [f"Bearer {API_KEY}"]


async def test_a_paper_is_never_sent_to_the_model_twice(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        first = await Reviewer(_config(fake_llm), sqlite_store, http, clock, API_KEY).review(
            make_paper()
        )
        clock.advance(days=1)
        again = await Reviewer(_config(fake_llm), sqlite_store, http, clock, API_KEY).review(
            make_paper(), number=3
        )
    assert len(fake_llm.requests) == 1
    assert again.producer == "llm"
    assert again.sections == first.sections
    assert again.number == 3
    assert again.date == clock.now().date()


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("invalid_json", "not JSON"),
        ("timeout", "no answer within"),
        ("429", "HTTP 429"),
        ("made_up_link", "link the paper does not have"),
        ("empty_section", "methodology"),
        ("refusal", "refused"),
    ],
)
async def test_every_failure_ends_in_the_offline_review(
    fake_llm: FakeLLM,
    sqlite_store: SqlStore,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    reason: str,
) -> None:
    fake_llm.mode = mode
    caplog.set_level(logging.INFO)
    async with httpx.AsyncClient() as http:
        # a short timeout only where the timeout is the failure under test: a pause of the
        # machine must not turn another failure into a timeout
        timeout = 0.3 if mode == "timeout" else 2.0
        reviewer = Reviewer(_config(fake_llm, timeout=timeout), sqlite_store, http, clock, API_KEY)
        review = await reviewer.review(make_paper())
    assert review.producer == "extractive"
    assert_well_formed(review)
    assert "made-up.example.com" not in render_text(review)
    failures = [r for r in caplog.records if r.name == "bot.review.reviewer"]
    assert len(failures) == 1
    assert reason in failures[0].getMessage()
    assert API_KEY not in caplog.text
    assert await sqlite_store.get_review("2403.17887", "llm") is None


async def test_the_daily_cap_is_respected_and_resets_the_next_day(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(_config(fake_llm, daily_cap=1), sqlite_store, http, clock, API_KEY)
        first = await reviewer.review(make_paper(arxiv_id="2401.00001"))
        second = await reviewer.review(make_paper(arxiv_id="2401.00002"))
        clock.advance(days=1)
        third = await reviewer.review(make_paper(arxiv_id="2401.00003"))
    assert [first.producer, second.producer, third.producer] == ["llm", "extractive", "llm"]
    assert len(fake_llm.requests) == 2


async def test_a_fenced_labelled_answer_is_accepted_and_no_key_means_no_header(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    fake_llm.mode = "fenced"
    fake_llm.answer["key_problem"] = "**Key Problem:** " + VALID_ANSWER["key_problem"]
    async with httpx.AsyncClient() as http:
        review = await Reviewer(_config(fake_llm), sqlite_store, http, clock, None).review(
            make_paper()
        )
    assert review.producer == "llm"
    assert review.sections[0].text == VALID_ANSWER["key_problem"]  # the label is the bot's
    assert fake_llm.authorizations == [None]


def test_the_answer_is_validated_strictly() -> None:
    paper = make_paper()
    with pytest.raises(LLMError, match="extra_key"):
        parse_answer(json.dumps(dict(VALID_ANSWER, extra_key="x")), paper)
    with pytest.raises(LLMError, match="results"):
        parse_answer(json.dumps({k: v for k, v in VALID_ANSWER.items() if k != "results"}), paper)
    with pytest.raises(LLMError, match="hook"):
        parse_answer(json.dumps(dict(VALID_ANSWER, hook=42)), paper)
    with pytest.raises(LLMError, match="not JSON"):
        parse_answer("Sure! Here is the review:", paper)


def test_links_the_paper_has_are_allowed() -> None:
    paper = make_paper()
    answer = dict(VALID_ANSWER, results="Details at https://arxiv.org/abs/2403.17887.")
    assert parse_answer(json.dumps(answer), paper).results.startswith("Details")
    answer = dict(VALID_ANSWER, results="Details at https://arxiv.org/abs/2403.99999.")
    with pytest.raises(LLMError, match="link"):
        parse_answer(json.dumps(answer), paper)


async def test_concurrent_reviews_of_one_paper_make_one_call(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(_config(fake_llm), sqlite_store, http, clock, API_KEY)
        reviews = await asyncio.gather(*(reviewer.review(make_paper()) for _ in range(3)))
    assert [r.producer for r in reviews] == ["llm"] * 3
    assert len(fake_llm.requests) == 1


async def test_a_failed_paper_is_not_sent_again_the_same_day(
    fake_llm: FakeLLM, sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    fake_llm.mode = "invalid_json"
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(_config(fake_llm), sqlite_store, http, clock, API_KEY)
        first = await reviewer.review(make_paper())
        again = await reviewer.review(make_paper())
        assert len(fake_llm.requests) == 1
        fake_llm.mode = "valid"
        clock.advance(days=1)
        tomorrow = await reviewer.review(make_paper())
    assert [first.producer, again.producer, tomorrow.producer] == [
        "extractive",
        "extractive",
        "llm",
    ]
    assert len(fake_llm.requests) == 2


def test_a_bare_made_up_domain_is_a_made_up_link() -> None:
    answer = dict(VALID_ANSWER, significance="Code lives at github.com/someone/else.")
    with pytest.raises(LLMError, match=r"github\.com/someone/else"):
        parse_answer(json.dumps(answer), make_paper())
