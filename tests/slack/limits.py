"""Slack's Block Kit limits, checked the way Slack checks them (shared by the fake and tests)."""

from __future__ import annotations

import re
from typing import Any

LIMITS = {
    "blocks": 50,
    "header": 150,
    "section": 3000,
    "field": 2000,
    "fields": 10,
    "context": 10,
    "actions": 25,
    "button_text": 75,
    "button_value": 2000,
    "url": 3000,
    "action_id": 255,
}
# An unescaped `<` or `>` or a bare `&` in text is what could form a mention or link.
_RAW = re.compile(r"[<>]|&(?!amp;|lt;|gt;)")
_LINK = re.compile(r"<(https?://[^|<>\s]+|mailto:[^|<>\s]+)\|[^<>]*>")


def block_problems(blocks: list[dict[str, Any]], max_blocks: int = LIMITS["blocks"]) -> list[str]:
    """Every limit a message's blocks break, empty when Slack would accept them."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    for index, block in enumerate(blocks):
        kind = block.get("type")
        where = f"block {index} ({kind})"
        if kind == "header":
            problems += _text(block["text"], LIMITS["header"], where, plain=True)
        elif kind == "section":
            if "text" in block:
                problems += _text(block["text"], LIMITS["section"], where)
            fields = block.get("fields", [])
            if len(fields) > LIMITS["fields"]:
                problems.append(f"{where}: {len(fields)} fields")
            for field in fields:
                problems += _text(field, LIMITS["field"], where)
            if "text" not in block and not fields:
                problems.append(f"{where}: empty section")
        elif kind == "context":
            elements = block["elements"]
            if not elements or len(elements) > LIMITS["context"]:
                problems.append(f"{where}: {len(elements)} elements")
            for element in elements:
                problems += _text(element, LIMITS["field"], where)
        elif kind == "actions":
            elements = block["elements"]
            if not elements or len(elements) > LIMITS["actions"]:
                problems.append(f"{where}: {len(elements)} elements")
            ids = [e.get("action_id") for e in elements]
            if len(ids) != len(set(ids)):
                problems.append(f"{where}: duplicate action_id")
            for element in elements:
                problems += _button(element, where)
        elif kind not in ("divider", "input"):
            problems.append(f"{where}: unknown block type")
    return problems


def _text(obj: dict[str, Any], limit: int, where: str, plain: bool = False) -> list[str]:
    problems = []
    text = obj.get("text", "")
    if obj.get("type") not in ("plain_text", "mrkdwn") or (plain and obj["type"] != "plain_text"):
        problems.append(f"{where}: bad text type {obj.get('type')}")
    if not text or len(text) > limit:
        problems.append(f"{where}: text length {len(text)} not in 1..{limit}")
    if obj.get("type") == "mrkdwn" and obj.get("verbatim") is not True:
        problems.append(f"{where}: mrkdwn not verbatim")
    if _RAW.search(_LINK.sub("", text)):
        problems.append(f"{where}: unescaped text {text[:80]!r}")
    return problems


def _button(element: dict[str, Any], where: str) -> list[str]:
    problems = _text(element["text"], LIMITS["button_text"], where, plain=True)
    if len(element.get("url", "")) > LIMITS["url"]:
        problems.append(f"{where}: url too long")
    if len(element.get("value", "")) > LIMITS["button_value"]:
        problems.append(f"{where}: value too long")
    if not element.get("action_id") or len(element["action_id"]) > LIMITS["action_id"]:
        problems.append(f"{where}: bad action_id")
    return problems


def mentions(text: str) -> list[str]:
    """Every special Slack sequence that would notify someone: <!channel>, <@U1>, ..."""
    return re.findall(r"<[!@#][^>]*>", text)
