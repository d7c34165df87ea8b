"""The facade: which producer writes the review, caching, numbering, never failing on text."""

from __future__ import annotations

import logging
from dataclasses import replace

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import ReviewConfig, ReviewLLMConfig
from bot.model import Paper
from bot.review import Reviewer
from storage import SqlStore
from tests.review.fake_llm import FakeLLM
from tests.review.samples import NOW, article_paper, assert_well_formed, make_paper


class CountingRoles:
    """A classifier that records how often it is asked (and labels by position)."""

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, sentences: list[str]) -> list[str]:
        self.calls += 1
        return ["background", "method", "result", "result", "result"][: len(sentences)] + [
            "result"
        ] * max(0, len(sentences) - 5)


async def test_the_article_wins_over_the_llm_which_wins_over_the_abstract(
    sqlite_store: SqlStore, clock: FrozenClock, fake_llm: FakeLLM
) -> None:
    config = ReviewConfig(llm=ReviewLLMConfig(base_url=fake_llm.url))
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(config, sqlite_store, http, clock, None)
        assert (await reviewer.review(article_paper())).producer == "article"
        assert (await reviewer.review(make_paper())).producer == "llm"
        offline = Reviewer(ReviewConfig(), sqlite_store, http, clock, None)
        assert (await offline.review(make_paper(arxiv_id="2401.00009"))).producer == "extractive"
    assert len(fake_llm.requests) == 1  # the article's paper never went to the model


@pytest.mark.parametrize("producer", ["extractive", "article", "llm"])
async def test_a_producer_can_be_forced(
    sqlite_store: SqlStore, clock: FrozenClock, fake_llm: FakeLLM, producer: str
) -> None:
    config = ReviewConfig(llm=ReviewLLMConfig(base_url=fake_llm.url))
    async with httpx.AsyncClient() as http:
        review = await Reviewer(config, sqlite_store, http, clock, None).review(
            article_paper(), producer=producer
        )
        configured = ReviewConfig(producer=producer, llm=config.llm)  # type: ignore[arg-type]
        again = await Reviewer(configured, sqlite_store, http, clock, None).review(article_paper())
    assert review.producer == producer
    assert again.producer == producer


async def test_a_forced_producer_that_cannot_serve_falls_back_with_one_log_line(
    sqlite_store: SqlStore, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(ReviewConfig(), sqlite_store, http, clock, None)
        no_llm = await reviewer.review(make_paper(), producer="llm")
        no_article = await reviewer.review(make_paper(), producer="article")
    assert no_llm.producer == "extractive"
    assert no_article.producer == "extractive"
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.review.reviewer"]
    assert len(messages) == 2
    assert "no LLM is configured" in messages[0]
    assert "no feed article" in messages[1]


async def test_an_unknown_producer_is_a_clear_error(
    sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(ReviewConfig(), sqlite_store, http, clock, None)
        with pytest.raises(ValueError, match="unknown review producer 'gpt'"):
            await reviewer.review(make_paper(), producer="gpt")


async def test_reviews_are_cached_and_numbered_per_call(
    sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    roles = CountingRoles()
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(ReviewConfig(), sqlite_store, http, clock, None, classifier=roles)
        first = await reviewer.review(make_paper(), number=1)
        clock.advance(days=2)
        second = await reviewer.review(make_paper(upvotes=99), number=2)
        plain = await reviewer.review(make_paper())
    assert roles.calls == 1
    assert (first.number, second.number, plain.number) == (1, 2, None)
    assert first.date == NOW.date()
    assert second.date == clock.now().date()  # the header shows the day it is posted
    assert second.sections == first.sections
    assert (first.upvotes, second.upvotes) == (42, 99)  # what is shown beside it is fresh
    stored = await sqlite_store.get_review("2403.17887", "extractive")
    assert stored is not None
    assert stored.number is None


async def test_the_series_and_emoji_come_from_the_configuration(
    sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient() as http:
        await Reviewer(ReviewConfig(), sqlite_store, http, clock, None).review(make_paper())
        config = ReviewConfig(series="Deep Learning Daily", emoji="🧠")
        review = await Reviewer(config, sqlite_store, http, clock, None).review(make_paper())
    assert (review.series, review.emoji) == ("Deep Learning Daily", "🧠")


@pytest.mark.parametrize(
    "paper",
    [
        Paper("2401.00001", "", ""),
        Paper("2401.00002", "&lt;Title&gt;", "\x00\x00"),
        Paper("2401.00003", "T", "." * 10_000),
        Paper("2401.00004", "T", "$" * 501),
        Paper("2401.00005", "T", "e.g. et al. Fig. i.e."),
        Paper("2401.00006", "T", "a." * 5000),
        Paper("2401.00007", "T", "<p>" * 3000),
        Paper("feed:abc123", "A blog post about no arXiv paper", "Some words here."),
    ],
)
async def test_odd_papers_never_raise(
    sqlite_store: SqlStore, clock: FrozenClock, paper: Paper
) -> None:
    async with httpx.AsyncClient() as http:
        review = await Reviewer(ReviewConfig(), sqlite_store, http, clock, None).review(paper)
    assert review.hook
    assert review.sections
    if paper.is_arxiv:
        assert_well_formed(review)


async def test_a_blog_post_without_house_headings_gets_a_classified_review(
    sqlite_store: SqlStore, clock: FrozenClock
) -> None:
    from tests.review.test_article import PLAIN_POST

    paper = article_paper()
    article = replace(paper.article, html=PLAIN_POST) if paper.article else None
    async with httpx.AsyncClient() as http:
        review = await Reviewer(ReviewConfig(), sqlite_store, http, clock, None).review(
            replace(paper, article=article)
        )
    assert_well_formed(review)
    assert review.producer == "article"  # the blog's review, not the abstract's
    assert len(review.sections) >= 3
    assert "Transformer layers" in review.hook + review.sections[0].text
