"""The LLM producer: one chat-completions call per paper, any OpenAI-compatible endpoint.

The model is asked for a JSON object with the hook and the section texts; the answer is
validated strictly (pydantic, unknown keys rejected, no empty section). The header and
the link are always the bot's: an answer that mentions a link the paper does not have is
rejected as made up. Every failure raises `LLMError`, and the caller falls back to the
offline review. The API key is sent in the Authorization header and never logged.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

import httpx
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from bot.config import ReviewLLMConfig
from bot.fulltext.document import FullText
from bot.model import Basis, Paper
from bot.review.chat import ChatClient, ChatError
from bot.review.draft import Draft, ProducerError, ordered, paper_links, paper_title
from bot.review.fulltext_llm import llm_context, ungrounded
from bot.review.sentences import fit_sentences, split_sentences
from bot.review.text import clean_text

SECTION_BUDGET = 900
HOOK_BUDGET = 400
ABSTRACT_CHARS = 6000  # what is sent of a (very long) abstract
FULLTEXT_TOKENS = 12_000  # what is sent of a full text, chosen by section priority

SYSTEM_PROMPT = """You write short reviews of research papers in a fixed house style.
Answer with one JSON object and nothing else, with exactly these keys:
  "hook": one or two sentences on what the paper does and why it matters;
  "key_problem": the problem the paper addresses;
  "methodology": how the authors approach it;
  "implementation": technical details, or null when the abstract gives none;
  "results": what they found;
  "significance": why it matters.
Each value is a short paragraph of plain text (math may stay as $...$). Use only facts
from the title and abstract you are given. Do not include links, the title or a header."""

Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
# links: with a scheme, with www., or a bare domain with a path ("example.com/x")
_URL = re.compile(
    r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+"
    r"|(?<![\w.@/-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|io|net|ai|dev|edu|app)/[^\s<>\"')\]]*",
    re.IGNORECASE,
)


class LLMError(ProducerError):
    """The LLM gave no usable review: timeout, HTTP error, refusal, invalid answer."""


class UngroundedError(LLMError):
    """The answer names a number, data set or model that the paper does not contain."""


class LLMAnswer(BaseModel):
    """The JSON the model must answer with."""

    model_config = ConfigDict(extra="forbid", strict=True)

    hook: Paragraph
    key_problem: Paragraph
    methodology: Paragraph
    implementation: Paragraph | None = None
    results: Paragraph
    significance: Paragraph


def _payload(
    config: ReviewLLMConfig, paper: Paper, document: FullText | None = None
) -> dict[str, Any]:
    abstract = clean_text(paper.abstract)[:ABSTRACT_CHARS] or "(no abstract available)"
    user = f"Title: {paper_title(paper)}\n\nAbstract: {abstract}"
    system = SYSTEM_PROMPT
    if document is not None:  # the paper itself, its sections by priority
        user = f"Title: {paper_title(paper)}\n\n{llm_context(document, FULLTEXT_TOKENS)}"
        system = SYSTEM_PROMPT.replace("the title and abstract", "the paper").replace(
            "when the abstract gives none", "when the paper gives none"
        )
    return {
        "model": config.model,
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ],
        "max_tokens": config.max_tokens,
        "temperature": config.temperature,
        "response_format": {"type": "json_object"},
    }


def parse_answer(content: str, paper: Paper) -> LLMAnswer:
    """The validated answer. Raises `LLMError` for invalid JSON, a missing or empty
    section, unknown keys, or a link the paper does not have."""
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", content)
    try:
        answer = LLMAnswer.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise LLMError(f"the answer is not JSON ({exc.msg} at char {exc.pos})") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()
        )
        raise LLMError(f"the answer does not fit the schema: {problems}") from None
    known = {_bare(link.url) for link in paper_links(paper)}
    for value in answer.model_dump().values():
        for url in _URL.findall(value or ""):
            if _bare(url) not in known:
                raise LLMError(f"the answer contains a link the paper does not have: {url[:80]}")
    return answer


def _bare(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url.lower()).rstrip("/.,;")


_LABEL = re.compile(
    r"^[\s*_#]*(hook|key problem|methodology|implementation|results|significance)[\s*_]*:[\s*_]*",
    re.I,
)


def _fit(text: str, budget: int) -> str:
    """Clean text cut to `budget` at a sentence; a label the model repeated is dropped."""
    return fit_sentences(split_sentences(_LABEL.sub("", clean_text(text))), budget)


class LLMProducer:
    def __init__(
        self, config: ReviewLLMConfig, http: httpx.AsyncClient, api_key: str | None
    ) -> None:
        self._chat = ChatClient(config, http, api_key)
        self._config = config

    async def produce(self, paper: Paper, document: FullText | None = None) -> Draft:
        """The review; from `document` (the paper's full text) when given, and then only
        when every number and named data set or model it states is in the paper."""
        content = await self._complete(paper, document)
        answer = parse_answer(content, paper)
        if document is not None:
            missing = ungrounded([v for v in answer.model_dump().values() if v], document)
            if missing:
                raise UngroundedError(f"not in the paper: {', '.join(missing[:5])}")
        sections = ordered(
            {
                "Key Problem": _fit(answer.key_problem, SECTION_BUDGET),
                "Methodology": _fit(answer.methodology, SECTION_BUDGET),
                "Implementation": _fit(answer.implementation or "", SECTION_BUDGET),
                "Results": _fit(answer.results, SECTION_BUDGET),
                "Significance": _fit(answer.significance, SECTION_BUDGET),
            }
        )
        basis = Basis.FULL_TEXT if document is not None else Basis.ABSTRACT
        hook = _fit(answer.hook, HOOK_BUDGET)
        return Draft(hook=hook, sections=sections, producer="llm", basis=basis)

    async def _complete(self, paper: Paper, document: FullText | None) -> str:
        try:
            return await self._chat.complete(_payload(self._config, paper, document))
        except ChatError as exc:
            raise LLMError(str(exc)) from None


__all__ = [
    "SYSTEM_PROMPT",
    "LLMAnswer",
    "LLMError",
    "LLMProducer",
    "UngroundedError",
    "parse_answer",
]
