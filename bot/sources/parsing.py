"""Turning fetched bytes into parsed documents, safely, off the event loop.

feedparser never fetches here: the bytes come from `Fetcher`, and feedparser gets them as
a file object with the response headers. Before it sees them, `check_xml` refuses what
must not be parsed at all: JSON, documents that declare entities (the "billion laughs"
bomb and its relatives: no real feed needs a DTD), and bytes that are not the UTF-8 they
claim to be. After parsing, `bozo` with entries is a warning; `bozo` without entries, or
an HTML page instead of a feed, is a `ParseError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import re
import time
from collections.abc import Mapping
from typing import Any

import feedparser

from bot.sources.fetch import ParseError

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._-]+)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z]")
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def squash(text: str | None) -> str:
    """Collapse runs of whitespace (arXiv wraps titles and abstracts at ~80 columns)."""
    return _SPACES.sub(" ", text or "").strip()


def looks_like_json(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def looks_like_markup(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"<"


def check_xml(data: bytes, headers: Mapping[str, str]) -> None:
    """Refuse bytes that must not reach the XML parser; raise `ParseError` naming why."""
    if not data.strip():
        raise ParseError("empty response where a feed was expected")
    if looks_like_json(data):
        raise ParseError("got JSON where an XML feed was expected")
    first = _FIRST_ELEMENT.search(data)
    prolog = data[: first.start()] if first else data
    if b"<!ENTITY" in prolog.upper() or _INTERNAL_SUBSET.search(prolog):
        raise ParseError("refused XML that declares entities (possible entity-expansion bomb)")
    encoding = _declared_encoding(data, headers)
    if encoding.replace("_", "-") in ("utf-8", "utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"invalid UTF-8 at byte {exc.start}") from None


def _declared_encoding(data: bytes, headers: Mapping[str, str]) -> str:
    match = _XML_ENCODING.match(data[:200])
    if match:
        return match.group(1).decode("ascii").lower()
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    charset = _CHARSET.search(content_type)
    return charset.group(1).lower() if charset else "utf-8"


def read_feed(data: bytes, headers: Mapping[str, str]) -> tuple[Any, str | None]:
    """Check and parse a feed (blocking: call it from a worker thread).

    Returns (feedparser's result, a warning or None); raises `ParseError`.
    """
    check_xml(data, headers)
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers=dict(headers),
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    return parsed, judge_feed(parsed, data)


def judge_feed(parsed: Any, data: bytes) -> str | None:
    """Raise when nothing usable came out; return a warning when the feed was malformed."""
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.NonXMLContentType):
        problem = None  # a server's wrong Content-Type; the bytes were checked above
    if not parsed.get("version") and not entries:
        if problem is None and re.search(rb"<html|<!doctype html", data[:2048], re.IGNORECASE):
            raise ParseError("got an HTML page, not a feed")
        if problem is None:
            raise ParseError("not an RSS or Atom feed")
    if problem is not None and not entries:
        raise ParseError(f"malformed feed: {_describe(problem)}")
    if problem is not None:
        return f"malformed feed (kept {len(entries)} entries): {_describe(problem)}"
    return None


def _describe(problem: object) -> str:
    text = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
    if "no element found" in text or "unclosed token" in text:
        return f"truncated XML ({text})"
    return text[:200]


def read_json(data: bytes) -> Any:
    """Parse JSON (blocking); XML or HTML here is named as such. Raises `ParseError`."""
    if looks_like_markup(data):
        raise ParseError("got XML or HTML where JSON was expected")
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON: {exc.msg} at line {exc.lineno}") from None


def struct_to_datetime(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's UTC `*_parsed` struct -> an aware datetime."""
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def iso_to_datetime(value: object) -> dt.datetime | None:
    """`2025-01-01T12:00:00.000Z` -> an aware datetime (naive means UTC); junk -> None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
