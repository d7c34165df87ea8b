"""One LLM budget a day for reviews and answers (`[review.llm] daily_cap`): an answer the
model wrote counts against the reviews' cap, and a review against the answers'."""

from __future__ import annotations

import httpx

from bot.ask.model import AnswerProducer
from bot.clock import FrozenClock
from bot.config import ReviewConfig, ReviewLLMConfig
from bot.model import Paper
from bot.review import Reviewer
from storage import SqlStore
from tests.ask.conftest import CAM_ID, FakeChat, MakeAsker, llm_for
from tests.review.fake_llm import serve_fake_llm

PAPER = Paper(
    arxiv_id="2404.00009",
    version=1,
    title="Layer pruning",
    abstract="Half of the layers of a large language model can be removed. "
    "The model is healed with QLoRA. Accuracy holds until half of the layers are gone.",
)


async def test_an_llm_answer_uses_the_budget_reviews_draw_on(
    make_asker: MakeAsker, chat: FakeChat, papers: SqlStore, clock: FrozenClock
) -> None:
    chat.content = "The latest archive is 2.2Gb [1]."
    await papers.upsert_papers([PAPER], clock.now())
    async with httpx.AsyncClient() as http, serve_fake_llm() as review_llm:
        answer = await make_asker(llm=llm_for(chat, http), cap=1).ask(
            CAM_ID, "How big is the latest archive?"
        )
        assert answer.producer is AnswerProducer.LLM
        config = ReviewConfig(llm=ReviewLLMConfig(base_url=review_llm.url, daily_cap=1))
        review = await Reviewer(config, papers, http, clock, "sk-test").review(PAPER)
        assert review.producer == "extractive"  # the day's one LLM call went to the answer
        assert review_llm.requests == []
        roomier = ReviewConfig(llm=ReviewLLMConfig(base_url=review_llm.url, daily_cap=2))
        review = await Reviewer(roomier, papers, http, clock, "sk-test").review(
            PAPER, producer="llm"
        )
        assert review.producer == "llm"
        asked = await make_asker(llm=llm_for(chat, http), cap=2).ask(
            CAM_ID, "How many repositories are fetched?"
        )
    assert asked.producer is AnswerProducer.PASSAGES  # one answer + one review: 2 of 2 used
    assert len(chat.requests) == 1
