"""A fake OpenAI-compatible chat-completions endpoint on 127.0.0.1 (aiohttp, port 0)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

VALID_ANSWER: dict[str, Any] = {
    "hook": "This paper shows that half of an LLM's layers can go with little loss. "
    "That makes inference much cheaper.",
    "key_problem": "Deep LLMs spend compute on layers that barely change the residual stream.",
    "methodology": "The authors pick the block of consecutive layers whose input and output "
    "are most similar, remove it, and heal the model with QLoRA.",
    "implementation": None,
    "results": "Up to half of the layers of Llama-2-70B can be pruned before "
    "question-answering accuracy collapses.",
    "significance": "Layer pruning combines with quantization and LoRA to cut the cost of "
    "fine-tuning and serving.",
}


@dataclass
class FakeLLM:
    """Answers according to `mode`; records every request body and Authorization header."""

    url: str = ""
    mode: str = "valid"
    answer: dict[str, Any] = field(default_factory=lambda: dict(VALID_ANSWER))
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def _completion(self, content: str | None, **message: Any) -> web.Response:
        body = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, **message},
                    "finish_reason": "stop",
                }
            ],
        }
        return web.json_response(body)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(await request.json())
        self.authorizations.append(request.headers.get("Authorization"))
        if self.mode == "timeout":
            with suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), timeout=5)
            return self._completion(json.dumps(self.answer))
        if self.mode == "429":
            return web.json_response(
                {"error": {"message": "Rate limit reached"}},
                status=429,
                headers={"Retry-After": "20"},
            )
        if self.mode == "invalid_json":
            return self._completion('{"hook": "This paper shows", "key_problem": ')
        if self.mode == "made_up_link":
            answer = dict(self.answer, results="See https://made-up.example.com/results for more.")
            return self._completion(json.dumps(answer))
        if self.mode == "empty_section":
            return self._completion(json.dumps(dict(self.answer, methodology="  ")))
        if self.mode == "refusal":
            return self._completion(None, refusal="I can't help with that.")
        if self.mode == "fenced":
            return self._completion("```json\n" + json.dumps(self.answer) + "\n```")
        return self._completion(json.dumps(self.answer))


@asynccontextmanager
async def serve_fake_llm() -> AsyncIterator[FakeLLM]:
    fake = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}/v1"
    try:
        yield fake
    finally:
        fake.release.set()
        await runner.cleanup()
