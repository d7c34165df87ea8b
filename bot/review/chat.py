"""The one call to an OpenAI-compatible chat-completions endpoint, shared by the LLM review
producer (bot/review/llm.py) and the LLM answers to questions (bot/ask/llm.py).

It sends a payload and returns the first choice's text, or raises `ChatError` with a short
reason a reader or an operator can act on (never the key, never the raw body).
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from bot.config import ReviewLLMConfig


class ChatError(Exception):
    """The endpoint gave no usable completion; the message says why."""


class _Message(BaseModel):
    content: str | None = None
    refusal: str | None = None


class _Choice(BaseModel):
    message: _Message
    finish_reason: str | None = None


class _Completion(BaseModel):
    choices: list[_Choice]


class ChatClient:
    """`await chat.complete(payload)`: the completion's text, or `ChatError`."""

    def __init__(
        self, config: ReviewLLMConfig, http: httpx.AsyncClient, api_key: str | None
    ) -> None:
        if not config.base_url:
            raise ValueError("review.llm.base_url is not set")
        self.config = config
        self._http = http
        self._url = config.base_url.rstrip("/") + "/chat/completions"
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}

    async def complete(self, payload: dict[str, Any]) -> str:
        timeout = self.config.timeout
        try:
            response = await self._http.post(
                self._url, json=payload, headers=self._headers, timeout=timeout
            )
        except httpx.TimeoutException:
            raise ChatError(f"no answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise ChatError(f"the request failed: {type(exc).__name__}") from None
        if response.status_code != 200:
            retry = response.headers.get("retry-after")
            hint = f" (retry after {retry} s)" if retry else ""
            raise ChatError(f"the endpoint answered HTTP {response.status_code}{hint}")
        try:
            completion = _Completion.model_validate(response.json())
        except (ValueError, ValidationError):
            raise ChatError("the endpoint's response is not a chat completion") from None
        if not completion.choices:
            raise ChatError("the completion has no choices")
        choice = completion.choices[0]
        if choice.message.refusal or choice.finish_reason == "content_filter":
            raise ChatError("the model refused")
        if not choice.message.content:
            raise ChatError("the completion is empty")
        return choice.message.content


__all__ = ["ChatClient", "ChatError"]
