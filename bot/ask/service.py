"""`Asker.ask(arxiv_id, question)`: an answer drawn from the paper, never made up.

Order: refuse what cannot be asked (empty, too long, over a daily limit, unknown paper)
with a clear `AskRefused`; then the cached answer for this paper version and question;
else the paper's full text (the abstract when there is none), ranked by BM25
(bot.ask.retrieve), the best 1-3 passages quoted; with an LLM configured, under the
daily cap it shares with reviews, the model writes the answer from those passages and
`bot.ask.llm.check_answer` decides whether it is shown. Nothing here raises on bad text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from enum import StrEnum
from typing import Protocol

from bot.ask.llm import AskLLM, AskLLMError
from bot.ask.model import Answer, AnswerProducer, Match
from bot.ask.ports import AnswerKey, AnswerStore, Asked, Asking
from bot.ask.quote import citation
from bot.ask.retrieve import PassageIndex, Retrieval, Retriever, abstract_passages, passages_of
from bot.ask.settings import AskConfig
from bot.clock import Clock
from bot.fulltext.document import FullText
from bot.model import Basis, Paper
from bot.textindex import Analyzer

log = logging.getLogger(__name__)
INDEXES = 32  # papers whose analysed passages are kept (a thread asks the same paper)


class Refusal(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNKNOWN_PAPER = "unknown_paper"
    READER_LIMIT = "reader_limit"
    CHANNEL_LIMIT = "channel_limit"
    DISABLED = "disabled"


class AskRefused(Exception):
    """The question cannot be answered; `str(exc)` says why, in words for the reader."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Papers(Protocol):
    async def get_paper(self, arxiv_id: str) -> Paper | None: ...


class FullTextSource(Protocol):
    """bot.fulltext.service.FullTexts: the stored full text, else fetched when due."""

    async def get(self, paper: Paper) -> FullText | None: ...


LLMReviewsSince = Callable[[dt.datetime], Awaitable[int]]  # LLM reviews made since then

_PUNCT = re.compile(r"[^\w\s]+")


def normalise_question(question: str) -> str:
    """The cache key of a question: case, punctuation and spacing do not make it new."""
    return " ".join(_PUNCT.sub(" ", question.casefold()).split())


class Asker:
    def __init__(
        self,
        config: AskConfig,
        papers: Papers,
        clock: Clock,
        *,
        answers: AnswerStore | None = None,
        fulltexts: FullTextSource | None = None,
        analyzer: Analyzer | None = None,
        llm: AskLLM | None = None,
        llm_daily_cap: int = 0,
        llm_reviews_since: LLMReviewsSince | None = None,
    ) -> None:
        self._config = config
        self._papers = papers
        self._clock = clock
        self._answers = answers
        self._fulltexts = fulltexts
        self._analyzer = analyzer or Analyzer()
        self._retriever = Retriever(self._analyzer)
        self._llm = llm if config.use_llm else None
        self._cap = llm_daily_cap
        self._reviews_since = llm_reviews_since
        self._indexes: OrderedDict[tuple[str, int | None, Basis], PassageIndex] = OrderedDict()

    async def ask(self, arxiv_id: str, question: str, asking: Asking | None = None) -> Answer:
        asking = asking or Asking()
        text = " ".join(question.split())
        self._check_question(text)
        if not self._config.enabled:
            raise AskRefused(Refusal.DISABLED, "Questions about papers are turned off here.")
        paper = await self._papers.get_paper(arxiv_id)
        if paper is None:
            raise AskRefused(
                Refusal.UNKNOWN_PAPER,
                f"Paper {arxiv_id} is not stored here, so there is nothing to answer from.",
            )
        now = self._clock.now().astimezone(dt.UTC)
        await self._check_limits(asking, now)
        document = await self._fulltexts.get(paper) if self._fulltexts is not None else None
        basis = Basis.FULL_TEXT if document is not None else Basis.ABSTRACT
        version = document.version if document is not None else paper.version
        key = AnswerKey(paper.arxiv_id, version, normalise_question(text))
        cached = await self._answers.get_answer(key) if self._answers is not None else None
        if cached is not None and cached.basis is basis:
            await self._record(asking, now, paper.arxiv_id, cached.producer, llm_call=False)
            return replace(cached, question=text, cached=True)
        retrieval = self._index(paper, document, basis).rank(text)
        answer = self._quoted(paper, version, text, retrieval, basis)
        llm_call = bool(answer.citations) and self._llm is not None and await self._under_cap(now)
        if llm_call:
            answer = await self._written(answer)
        # quoted only because the day's LLM budget is spent: not cached, so the same
        # question gets the model's answer once the budget is there again
        over_budget = self._llm is not None and not llm_call and bool(answer.citations)
        if self._answers is not None and not over_budget:
            await self._answers.save_answer(key, answer, now)
        await self._record(asking, now, paper.arxiv_id, answer.producer, llm_call=llm_call)
        return answer

    async def papers_of_thread(self, thread: str) -> list[str]:
        """The papers of the post that started `thread` (Slack's thread_ts, a Discord
        thread's id): one for a paper's post, those of a digest under its header."""
        if self._answers is None or not thread:
            return []
        return await self._answers.papers_of_post(thread)

    def _check_question(self, text: str) -> None:
        if not text:
            raise AskRefused(Refusal.EMPTY, "Ask a question after the paper's id.")
        limit = self._config.max_question_chars
        if len(text) > limit:
            raise AskRefused(
                Refusal.TOO_LONG,
                f"That question is {len(text):,} characters long; ask in at most {limit:,}.",
            )

    async def _check_limits(self, asking: Asking, now: dt.datetime) -> None:
        if self._answers is None:
            return
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        tomorrow = "again tomorrow (the count restarts at 00:00 UTC)"
        per_reader, per_channel = self._config.per_reader_per_day, self._config.per_channel_per_day
        if asking.reader:
            asked = await self._answers.count_questions(midnight, reader=asking.reader)
            if asked >= per_reader:
                raise AskRefused(
                    Refusal.READER_LIMIT,
                    f"You have asked {asked} questions today, the most a reader may; "
                    f"ask {tomorrow}.",
                )
        if asking.channel:
            asked = await self._answers.count_questions(midnight, channel=asking.channel)
            if asked >= per_channel:
                raise AskRefused(
                    Refusal.CHANNEL_LIMIT,
                    f"This channel has asked {asked} questions today, its most; ask {tomorrow}.",
                )

    def _index(self, paper: Paper, document: FullText | None, basis: Basis) -> PassageIndex:
        key = (paper.arxiv_id, document.version if document else paper.version, basis)
        index = self._indexes.get(key)
        if index is None:
            passages = passages_of(document) if document else abstract_passages(paper.abstract)
            index = self._indexes[key] = self._retriever.index(passages)
            while len(self._indexes) > INDEXES:
                self._indexes.popitem(last=False)
        self._indexes.move_to_end(key)
        return index

    def _quoted(
        self, paper: Paper, version: int | None, question: str, found: Retrieval, basis: Basis
    ) -> Answer:
        citations = tuple(
            citation(i, s.passage, paper.arxiv_id, version, found.terms, self._analyzer)
            for i, s in enumerate(found.best, 1)
        )
        return Answer(
            arxiv_id=paper.arxiv_id,
            version=version,
            title=paper.title,
            question=question,
            lead=lead(found.match, found.coverage, basis, len(citations)),
            text="",
            citations=citations,
            basis=basis,
            producer=AnswerProducer.PASSAGES,
            match=found.match,
        )

    async def _written(self, quoted: Answer) -> Answer:
        assert self._llm is not None
        try:
            text = await self._llm.answer(quoted.question, [c.text for c in quoted.citations])
        except AskLLMError as exc:
            log.warning(
                "the LLM's answer is not used, the passages are quoted: %s",
                exc,
                extra={"paper": quoted.arxiv_id},
            )
            return replace(quoted, note="The model's answer did not pass the check; quoted.")
        return replace(quoted, text=text, producer=AnswerProducer.LLM)

    async def _under_cap(self, now: dt.datetime) -> bool:
        if self._answers is None:
            return False  # without a ledger the shared budget cannot be kept
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        reviews = await self._reviews_since(midnight) if self._reviews_since else 0
        return reviews + await self._answers.count_llm_answers(midnight) < self._cap

    async def _record(
        self,
        asking: Asking,
        now: dt.datetime,
        arxiv_id: str,
        producer: AnswerProducer,
        *,
        llm_call: bool,
    ) -> None:
        if self._answers is not None:
            await self._answers.record_question(
                Asked(now, arxiv_id, asking.reader, asking.channel, producer, llm_call)
            )


def lead(match: Match, coverage: float, basis: Basis, quoted: int) -> str:
    """One line on how well the quoted passages answer the question."""
    where = "full text" if basis is Basis.FULL_TEXT else "abstract (its full text is not available)"
    share = f"{round(coverage * 100)}% of your question's key words"
    passages = "passage" if quoted == 1 else f"{quoted} passages"
    if match is Match.NONE:
        return f"Nothing in this paper's {where} answers that question."
    if match is Match.STRONG:
        return f"Good match: the best {passages} of the {where} hold {share}."
    if match is Match.PARTIAL:
        return f"Partial match: the best {passages} of the {where} hold {share}; check them."
    return f"Weak match: the closest {passages} of the {where} hold only {share}."


__all__ = [
    "AskRefused",
    "Asker",
    "Asking",
    "FullTextSource",
    "Refusal",
    "lead",
    "normalise_question",
]
