"""Slack mrkdwn text: escaping, safe links, and splitting at sentence boundaries.

Every length here is measured on the escaped text, since that is what Slack counts, and no
cut ever falls inside an entity such as `&amp;`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.model import Span

ELLIPSIS = "…"
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SAFE_SCHEMES = ("http", "https", "mailto")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves, so no text can form a mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str | None, limit: int = 3000) -> str | None:
    """The URL if it is an absolute http(s)/mailto URL fit for a link or button, else None."""
    if not url or len(url) > limit or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or (parts.scheme != "mailto" and not parts.netloc):
        return None
    return url


def link(url: str | None, label: str) -> str:
    """`<url|label>` with the label escaped; the label alone when the URL is not safe."""
    target = safe_url(url)
    shown = escape(label)
    if target is None:
        return shown
    # Inside `<...|...>` a `|` or `>` would end the URL early: percent-encode them.
    encoded = target.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E")
    return f"<{encoded.replace('|', '%7C')}|{shown or escape(target)}>"


def cut(text: str, limit: int) -> str:
    """At most `limit` characters of escaped `text`, never inside an entity."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    tail = _ENTITY_TAIL.search(head)
    return head[: tail.start()] if tail else head


def truncate(text: str, limit: int) -> str:
    """Escaped `text` shortened to `limit` characters, at a word when it can, with `…`."""
    if len(text) <= limit:
        return text
    head = cut(text, limit - len(ELLIPSIS))
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Split escaped `text` into chunks of at most `limit` characters: at sentence ends when
    it can, else at spaces, else anywhere outside an entity. Joining the chunks with a space
    gives back the text up to whitespace."""
    if limit < 8:
        raise ValueError("limit must be at least 8 characters")
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text.strip()):
        for piece in _fit(sentence, limit):
            candidate = f"{current} {piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current or not chunks:
        chunks.append(current)
    return chunks


def _fit(sentence: str, limit: int) -> list[str]:
    """A sentence longer than `limit` cut at spaces (or hard, outside entities)."""
    pieces: list[str] = []
    rest = sentence
    while len(rest) > limit:
        head = cut(rest, limit)
        space = head.rfind(" ")
        if space > 0:
            head = head[:space]
        pieces.append(head)
        rest = rest[len(head) :].lstrip()
    pieces.append(rest)
    return pieces


def span(item: Span) -> str:
    """One span as mrkdwn: escaped, then styled. Markers go inside surrounding whitespace,
    where Slack requires them."""
    body = item.text
    stripped = body.strip()
    if not stripped:
        return escape(body)
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :]
    if item.url is not None and safe_url(item.url):
        shown = link(item.url, stripped)
    elif item.code:
        shown = f"`{escape(stripped).replace('`', 'ʹ')}`"
    else:
        shown = escape(stripped)
    if item.bold:
        shown = f"*{shown}*"
    if item.italic:
        shown = f"_{shown}_"
    return f"{lead}{shown}{trail}"


def spans_to_chunks(spans: tuple[Span, ...], limit: int, prefix: str = "") -> list[str]:
    """Render `spans` as mrkdwn chunks of at most `limit` characters, `prefix` (already
    escaped, e.g. a bold label) leading the first. A span too long for one chunk is split at
    sentence boundaries and each part keeps the span's style."""
    pieces: list[str] = []
    for item in spans:
        rendered = span(item)
        if len(rendered) <= limit - len(prefix) - 8:
            pieces.append(rendered)
            continue
        for part in split_text(escape(item.text), limit - len(prefix) - 8):
            pieces.append(_restyle(item, part))
    chunks: list[str] = []
    current = prefix
    for piece in pieces:
        if len(current) + len(piece) <= limit:
            current += piece
        else:
            if current.strip():
                chunks.append(current)
            current = piece
    if current.strip() or not chunks:
        chunks.append(current)
    return [chunk.rstrip() for chunk in chunks]


def _restyle(item: Span, escaped_part: str) -> str:
    """An already escaped part of a long span, with the span's style (links drop to text)."""
    shown = escaped_part
    if item.code:
        shown = f"`{shown.replace('`', 'ʹ')}`"
    if item.bold:
        shown = f"*{shown}*"
    if item.italic:
        shown = f"_{shown}_"
    return shown + " "
