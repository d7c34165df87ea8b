"""An answer written by the LLM from the retrieved passages only, then checked.

The model sees the question and the numbered passages, nothing else, and must cite each
sentence with the passages it rests on (`[1]`, `[2]`). `check_answer` accepts the text
only when every sentence cites, every citation names a passage that was given, every
number in it appears in the passages, and it holds no link; otherwise `AskLLMError` and
the caller quotes the passages instead. Same endpoint and settings as the review LLM
(`[review.llm]`); the key goes in the Authorization header and is never logged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import httpx

from bot.config import ReviewLLMConfig
from bot.review.chat import ChatClient, ChatError
from bot.review.sentences import split_sentences

SYSTEM_PROMPT = """You answer a reader's question about a research paper using ONLY the
numbered passages from the paper that you are given. Write two to four plain sentences.
End every sentence with the number of each passage it rests on, in brackets, like [1] or
[1][3]. Do not use any fact, number or name that is not in the passages. No links, no
headings, no lists. If the passages do not answer the question, answer exactly:
NOT IN PASSAGES"""

NOT_ANSWERED = "NOT IN PASSAGES"
_CITE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class AskLLMError(Exception):
    """No usable answer from the model: the request failed, or the text failed the check."""


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def check_answer(text: str, passages: Sequence[str]) -> str:
    """The answer, stripped, when it passes the check (see the module docstring)."""
    answer = " ".join(text.split())
    if not answer:
        raise AskLLMError("the answer is empty")
    if NOT_ANSWERED in answer.upper():
        raise AskLLMError("the model found no answer in the passages")
    if _LINK.search(answer):
        raise AskLLMError("the answer contains a link")
    cited = {int(n) for group in _CITE.findall(answer) for n in group.split(",")}
    if not cited:
        raise AskLLMError("the answer cites no passage")
    unknown = sorted(n for n in cited if not 1 <= n <= len(passages))
    if unknown:
        raise AskLLMError(f"the answer cites passages that were not given: {unknown}")
    for sentence in split_sentences(answer):
        if not _CITE.search(sentence) and len(sentence.split()) > 3:
            raise AskLLMError(f"a sentence cites no passage: {sentence[:60]!r}")
    given = set().union(*(_numbers(p) for p in passages))
    invented = sorted(_numbers(_CITE.sub(" ", answer)) - given)
    if invented:
        raise AskLLMError(f"the answer has numbers the passages do not: {invented[:5]}")
    return answer


def _payload(config: ReviewLLMConfig, question: str, passages: Sequence[str]) -> dict[str, Any]:
    numbered = "\n\n".join(f"[{i}] {text}" for i, text in enumerate(passages, 1))
    return {
        "model": config.model,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Question: {question}\n\nPassages:\n\n{numbered}"},
        ],
        "max_tokens": min(config.max_tokens, 400),
        "temperature": config.temperature,
    }


class AskLLM:
    """`await llm.answer(question, passages)`: the checked answer text, or AskLLMError."""

    def __init__(
        self, config: ReviewLLMConfig, http: httpx.AsyncClient, api_key: str | None
    ) -> None:
        self._chat = ChatClient(config, http, api_key)
        self._config = config

    async def answer(self, question: str, passages: Sequence[str]) -> str:
        try:
            content = await self._chat.complete(_payload(self._config, question, passages))
        except ChatError as exc:
            raise AskLLMError(str(exc)) from None
        return check_answer(content, passages)


__all__ = ["NOT_ANSWERED", "SYSTEM_PROMPT", "AskLLM", "AskLLMError", "check_answer"]
