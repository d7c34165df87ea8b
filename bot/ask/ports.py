"""The store role asking needs (storage/answers.py implements it): answers cached per
(paper version, normalised question), and a ledger of questions for the daily limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.ask.model import Answer, AnswerProducer


@dataclass(frozen=True)
class AnswerKey:
    arxiv_id: str
    version: int | None
    question: str  # normalised (bot.ask.service.normalise_question)


@dataclass(frozen=True)
class Asked:
    """One question asked, for the limits: who asked, where, and what answered it."""

    at: dt.datetime
    arxiv_id: str
    reader: str  # "platform:workspace:user"; "" from the terminal
    channel: str  # "platform:workspace:channel"; "" from the terminal
    producer: AnswerProducer
    llm_call: bool  # whether answering it called the model (a cached answer does not)


@dataclass(frozen=True)
class Asking:
    """Who asks, and where: the keys of the daily limits ("" from the terminal: no limit)."""

    reader: str = ""  # "platform:workspace:user"
    channel: str = ""  # "platform:workspace:channel"


class AskService(Protocol):
    """What the `/paper ask` command needs (bot.ask.service.Asker)."""

    async def ask(self, arxiv_id: str, question: str, asking: Asking | None = None) -> Answer:
        """The answer, or `bot.ask.service.AskRefused` saying why there is none."""
        ...

    async def papers_of_thread(self, thread: str) -> list[str]:
        """The papers of the post that started this thread (its message id)."""
        ...


@runtime_checkable
class AnswerStore(Protocol):
    async def get_answer(self, key: AnswerKey) -> Answer | None:
        """The cached answer, or None."""
        ...

    async def save_answer(self, key: AnswerKey, answer: Answer, now: dt.datetime) -> None:
        """Cache (or replace) the answer to this question on this paper version."""
        ...

    async def record_question(self, asked: Asked) -> None:
        """Add one question to the ledger."""
        ...

    async def count_questions(
        self, since: dt.datetime, *, reader: str | None = None, channel: str | None = None
    ) -> int:
        """Questions asked since `since`, by this reader and/or in this channel."""
        ...

    async def papers_of_post(self, message_id: str) -> list[str]:
        """The papers of a sent post, by the platform's id of that post (a thread's root):
        the paper it carries, or for a digest's header those posted in its thread; []
        when no post has that id."""
        ...

    async def count_llm_answers(self, since: dt.datetime) -> int:
        """Answers the model was called for since `since` (the budget shared with reviews)."""
        ...


__all__ = ["AnswerKey", "AnswerStore", "AskService", "Asked", "Asking"]
