"""The fake Slack's `chat.update`: a bot message shown again in place (a post's counts)."""

from __future__ import annotations

import json
from typing import Any, Protocol

from tests.slack.limits import block_problems


class _Edited(Protocol):
    ts: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]


class MessageEdits:
    """Mixed into FakeSlack, which keeps `messages` (every chat.postMessage)."""

    messages: list[Any]
    updates: list[tuple[str, str]]  # (channel, ts) of each accepted chat.update

    def _m_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel")), str(params.get("ts"))
        found: list[_Edited] = [m for m in self.messages if (m.channel, m.ts) == (channel, ts)]
        if not found:
            return {"ok": False, "error": "message_not_found"}
        blocks = params.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        problems = block_problems(blocks)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        message = found[0]
        message.text, message.blocks = str(params.get("text", "")), blocks
        self.updates.append((channel, ts))
        return {"ok": True, "channel": channel, "ts": ts, "text": message.text}


__all__ = ["MessageEdits"]
