"""Pure text helpers for Discord: markdown/mention escaping, truncation, sentence splitting."""

from __future__ import annotations

import re
from urllib.parse import quote

import discord

ZWSP = "\u200b"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_EVERYONE = re.compile(r"@(everyone|here)", re.IGNORECASE)
# <@123> <@!123> <@&role> <#channel> <t:..> <:emoji:1> <a:emoji:1> </cmd:1> <id:customize>
_ANGLE = re.compile(r"<(?=[@#:/]|t:|a:|id:)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"')\]])\s+")
_ELLIPSIS = "…"


def escape(text: str) -> str:
    """Text as Discord shows it literally: no markdown, no mentions, no control characters.

    `**bold**` stays asterisks, `@everyone` and `<@&role>` get a zero-width space so they
    neither render as mentions nor ping (allowed_mentions=none is the second guard).
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = discord.utils.escape_markdown(text)
    text = _EVERYONE.sub("@" + ZWSP + r"\1", text)
    return _ANGLE.sub("<" + ZWSP, text)


def one_line(text: str) -> str:
    """Collapse whitespace (titles, field names, footers are one line)."""
    return " ".join(text.split())


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word when possible, ending with an ellipsis.

    Never leaves a dangling escape backslash (escaped text may be truncated safely).
    """
    if len(text) <= limit:
        return text
    if limit <= 1:
        return _ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    cut = cut.rstrip()
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut + _ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Split into chunks of at most `limit` characters, at paragraph, then sentence, then
    word boundaries; a single word longer than `limit` is cut hard."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        joiner = "" if not current else ("\n\n" if piece.startswith("\n\n") else " ")
        piece = piece.lstrip("\n")
        if current and len(current) + len(joiner) + len(piece) <= limit:
            current += joiner + piece
            continue
        if current:
            chunks.append(current)
        current = piece
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, limit: int) -> list[str]:
    """Sentences (paragraph starts marked with a leading blank line), each <= limit."""
    pieces: list[str] = []
    for index, paragraph in enumerate(p.strip() for p in re.split(r"\n\s*\n", text)):
        if not paragraph:
            continue
        mark = "\n\n" if index and pieces else ""
        for number, sentence in enumerate(s for s in _SENTENCE_END.split(paragraph) if s.strip()):
            for part in _words(sentence.strip(), limit):
                pieces.append((mark if number == 0 else "") + part)
                mark = ""
    return pieces


def _words(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    current = ""
    for word in sentence.split(" "):
        while len(word) > limit:
            if current:
                parts.append(current)
                current = ""
            cut = _safe_cut(word, limit)
            parts.append(word[:cut])
            word = word[cut:]
        if current and len(current) + 1 + len(word) > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        parts.append(current)
    return parts


def _safe_cut(word: str, limit: int) -> int:
    """A cut position <= limit that does not split an escape backslash from its character."""
    cut = limit
    trailing = len(word[:cut]) - len(word[:cut].rstrip("\\"))
    if trailing % 2:
        cut -= 1
    return max(cut, 1)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL usable in a markdown link or an embed, or None."""
    if not url or not url.startswith(("http://", "https://")) or len(url) > 2048:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def link(label: str, url: str | None) -> str:
    """A markdown link with an escaped label; the plain label when the URL is unusable."""
    label = escape(one_line(label)).replace("[", "\\[").replace("]", "\\]")
    target = safe_url(url)
    if target is None:
        return label
    return f"[{label}]({target.replace('(', '%28').replace(')', '%29')})"


def code(text: str) -> str:
    """Inline code: backticks inside are replaced, so the span cannot be closed early."""
    body = one_line(_CONTROL.sub("", text)).replace("`", "ˋ")
    return f"`{body}`" if body else ""
