"""Checks of Discord's message limits and of mention safety, shared by the tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from adapters.discord.packing import embed_size
from adapters.discord.render import Rendered

MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>|<t:\d+", re.IGNORECASE)


def texts(embed: dict[str, Any]) -> list[str]:
    found = [embed.get("title", ""), embed.get("description", "")]
    found += [embed.get("footer", {}).get("text", ""), embed.get("author", {}).get("name", "")]
    for item in embed.get("fields", ()):
        found += [item["name"], item["value"]]
    return found


def check_payload(content: str | None, embeds: list[dict[str, Any]]) -> None:
    """One message as Discord receives it: every limit, no mention."""
    assert len(embeds) <= 10
    assert sum(embed_size(e) for e in embeds) <= 6000
    assert content is None or 0 < len(content.strip()) <= len(content) <= 2000
    assert content is not None or embeds, "a message needs content or an embed"
    for embed in embeds:
        assert embed_size(embed) > 0 or embed.get("url"), "no empty embed"
        assert "title" not in embed or 0 < len(embed["title"].strip()) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", ())) <= 25
        assert len(embed.get("footer", {}).get("text", "")) <= 2048
        assert len(embed.get("author", {}).get("name", "")) <= 256
        for item in embed.get("fields", ()):
            assert 0 < len(item["name"].strip()) <= len(item["name"]) <= 256
            assert 0 < len(item["value"].strip()) <= len(item["value"]) <= 1024
    for text in [content or ""] + [t for e in embeds for t in texts(e)]:
        assert not MENTION.search(text), text


def check_all(parts: Iterable[Rendered]) -> None:
    for part in parts:
        check_payload(part.content, list(part.embeds))
