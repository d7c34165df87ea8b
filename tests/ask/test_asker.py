"""`Asker.ask` on a real paper in a real SQLite store: quoted passages with their sections
and anchors, the abstract when there is no full text, clear refusals, the cache, the daily
limits, and the LLM's answer accepted only when it passes the check."""

from __future__ import annotations

import httpx
import pytest

from bot.ask.model import AnswerProducer, Match
from bot.ask.ports import Asking
from bot.ask.service import AskRefused, Refusal
from bot.clock import FrozenClock
from bot.model import Basis
from storage import SqlStore
from tests.ask.conftest import BARE_ID, CAM_ID, FakeChat, MakeAsker, llm_for

READER = Asking(reader="slack:T1:U1", channel="slack:T1:C1")
LATEST = "How big is the latest archive?"


async def test_the_best_passage_is_quoted_with_its_section_and_a_link_to_its_anchor(
    make_asker: MakeAsker,
) -> None:
    answer = await make_asker().ask(CAM_ID, LATEST)
    first = answer.citations[0]
    assert first.anchor == "S2.p3"
    assert first.section == "2 Methodology"
    assert first.url == f"https://arxiv.org/html/{CAM_ID}v1#S2.p3"
    assert "2.2Gb" in first.text
    assert answer.basis is Basis.FULL_TEXT
    assert answer.producer is AnswerProducer.PASSAGES
    # "big" is not in the best passage ("2.2Gb" is) but in another quoted one ("as big as
    # 200Kb"): together the quoted passages hold every word of the question
    assert answer.lead == (
        "Good match: the best 3 passages of the full text hold 100% of your question's key words."
    )
    assert [c.section for c in answer.citations] == ["2 Methodology", "2 Methodology", "Abstract"]


async def test_a_question_the_paper_does_not_answer_is_said_plainly(
    make_asker: MakeAsker,
) -> None:
    answer = await make_asker().ask(CAM_ID, "What is the boiling point of liquid nitrogen?")
    assert answer.match is Match.NONE
    assert answer.citations == ()
    assert answer.lead == "Nothing in this paper's full text answers that question."


async def test_without_a_full_text_the_abstract_answers_and_says_so(
    make_asker: MakeAsker,
) -> None:
    answer = await make_asker().ask(BARE_ID, "Do larger repositories have higher volatility?")
    assert answer.basis is Basis.ABSTRACT
    assert [c.section for c in answer.citations] == ["Abstract"]
    assert answer.citations[0].url == f"https://arxiv.org/abs/{BARE_ID}"
    assert "abstract (its full text is not available)" in answer.lead


@pytest.mark.parametrize(
    ("arxiv_id", "question", "reason", "says"),
    [
        ("2501.99999", "What is it about?", Refusal.UNKNOWN_PAPER, "2501.99999 is not stored"),
        (CAM_ID, "   \n ", Refusal.EMPTY, "Ask a question"),
        (CAM_ID, "why" + " why" * 1249, Refusal.TOO_LONG, "4,999 characters long"),
    ],
    ids=["unknown paper", "empty question", "5,000-character question"],
)
async def test_what_cannot_be_answered_is_refused_clearly_and_nothing_is_recorded(
    make_asker: MakeAsker,
    papers: SqlStore,
    clock: FrozenClock,
    arxiv_id: str,
    question: str,
    reason: Refusal,
    says: str,
) -> None:
    with pytest.raises(AskRefused) as refused:
        await make_asker().ask(arxiv_id, question, READER)
    assert refused.value.reason is reason
    assert says in str(refused.value)
    assert await papers.count_questions(clock.now().replace(hour=0)) == 0


async def test_the_same_question_in_other_words_case_and_punctuation_is_answered_from_the_cache(
    make_asker: MakeAsker, papers: SqlStore, clock: FrozenClock
) -> None:
    asker = make_asker()
    first = await asker.ask(CAM_ID, "How big is the latest archive?", READER)
    again = await make_asker().ask(CAM_ID, "how BIG is the latest archive", READER)
    assert not first.cached
    assert again.cached
    assert again.citations == first.citations
    assert again.question == "how BIG is the latest archive"
    assert await papers.count_questions(clock.now().replace(hour=0), reader=READER.reader) == 2


async def test_a_reader_and_a_channel_are_held_to_their_questions_per_day(
    make_asker: MakeAsker, clock: FrozenClock
) -> None:
    asker = make_asker(per_reader_per_day=2, per_channel_per_day=3)
    for question in ("How big is the latest archive?", "How many repositories?"):
        await asker.ask(CAM_ID, question, READER)
    with pytest.raises(AskRefused) as refused:
        await asker.ask(CAM_ID, "Which metrics?", READER)
    assert refused.value.reason is Refusal.READER_LIMIT
    assert "2 questions today" in str(refused.value)
    other = Asking(reader="slack:T1:U2", channel=READER.channel)
    await asker.ask(CAM_ID, "Which metrics?", other)
    with pytest.raises(AskRefused) as full:
        await asker.ask(CAM_ID, "Which limitations?", Asking("slack:T1:U3", READER.channel))
    assert full.value.reason is Refusal.CHANNEL_LIMIT
    clock.advance(days=1)  # a new day (UTC): the counts start again
    assert (await asker.ask(CAM_ID, "Which metrics?", READER)).citations


async def test_an_llm_answer_citing_the_given_passages_is_shown_above_them(
    make_asker: MakeAsker, chat: FakeChat
) -> None:
    chat.content = "The latest archive is 2.2Gb and holds 532K Java classes [1]."
    async with httpx.AsyncClient() as http:
        answer = await make_asker(llm=llm_for(chat, http)).ask(CAM_ID, LATEST)
    assert answer.producer is AnswerProducer.LLM
    assert answer.text == chat.content
    assert answer.citations[0].anchor == "S2.p3"
    sent = chat.requests[0]["messages"][1]["content"]
    assert "[1] The size of the latest archive" in sent  # the passages, numbered, and nothing else


@pytest.mark.parametrize(
    "content",
    [
        "The archive is 2.2Gb [4].",  # a passage that was not given
        "The archive is 7.5Gb [1].",  # a number the passages do not have
        "The archive is large. It holds many classes of Java code from GitHub [1].",  # uncited
        "NOT IN PASSAGES",
        "See https://example.com/cam for the size [1].",
    ],
)
async def test_an_llm_answer_that_fails_the_check_falls_back_to_the_quoted_passages(
    make_asker: MakeAsker, chat: FakeChat, content: str
) -> None:
    chat.content = content
    async with httpx.AsyncClient() as http:
        answer = await make_asker(llm=llm_for(chat, http)).ask(CAM_ID, LATEST)
    assert answer.producer is AnswerProducer.PASSAGES
    assert answer.text == ""
    assert answer.citations[0].anchor == "S2.p3"
    assert "did not pass the check" in answer.note


async def test_the_daily_llm_cap_holds_and_an_answer_quoted_over_it_is_not_kept(
    make_asker: MakeAsker, chat: FakeChat, clock: FrozenClock
) -> None:
    chat.content = "The latest archive is 2.2Gb and it was made on the 2nd of March, 2024 [1]."
    question = "When was the latest archive generated?"
    async with httpx.AsyncClient() as http:
        asker = make_asker(llm=llm_for(chat, http), cap=1)
        first = await asker.ask(CAM_ID, LATEST)
        second = await asker.ask(CAM_ID, question)
        assert first.producer is AnswerProducer.LLM
        assert second.producer is AnswerProducer.PASSAGES  # the day's one call is spent
        assert len(chat.requests) == 1
        clock.advance(days=1)
        again = await asker.ask(CAM_ID, question)
    assert again.producer is AnswerProducer.LLM  # not yesterday's quotes from the cache
    assert not again.cached
    assert len(chat.requests) == 2
